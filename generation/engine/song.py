"""Whole songs: an arrangement with every section's parts, looped from one composition per section
type so a repeated chorus is the same chorus.
"""

from __future__ import annotations

from .arpeggiator import compose_arpeggio
from .arrangement import Arrangement, compose_arrangement
from .bass import compose_bassline
from .chords import chords_part, compose_chords
from .counter_melody import compose_counter_melody
from .drums import compose_drums
from .genres import GenreProfile, get_genre
from .looping import loop_chords, loop_notes
from .melody import compose_melody
from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Composition, Note, Part


def compose_song(
    *,
    genre: str | GenreProfile,
    mood: str,
    energy: float,
    key: Key,
    bpm: float | None,
    length_seconds: float,
    seed: int,
    complexity: float = 0.5,
) -> tuple[Composition, Arrangement]:
    """A whole song: the arrangement's sections, each with its parts, in one key and tempo."""
    profile = get_genre(genre)
    arrangement = compose_arrangement(
        genre=profile, mood=mood, energy=energy, length_seconds=length_seconds, bpm=bpm, seed=seed
    )
    loop_bars = 8 if arrangement.total_bars >= 16 else 4
    verse_chords = compose_chords(key=key, genre=profile, mood=mood, complexity=complexity, bars=loop_bars, seed=seed)
    hook_chords = compose_chords(
        key=key, genre=profile, mood=mood, complexity=complexity, bars=loop_bars, seed=seed + 100
    )
    cache: dict[str, dict[str, list[Note]]] = {}
    part_programs = {
        "melody": profile.programs["melody"],
        "chords": profile.programs["chords"],
        "bass": profile.programs["bass"],
        "arp": profile.programs["arp"],
        "counter_melody": profile.programs["counter_melody"],
        "pad": profile.programs["pad"],
    }
    song_parts: dict[str, Part] = {name: Part(name=name, program=program) for name, program in part_programs.items()}
    song_parts["drums"] = Part(name="drums", program=0, is_drum=True)
    song_chords: list[ChordEvent] = []
    loop_beats = loop_bars * BEATS_PER_BAR
    verse_pitch: float | None = None  # the verse line's average pitch: the chorus sings above it
    for index, section in enumerate(arrangement.sections):
        is_hook = section.name in ("chorus", "drop")
        chords = hook_chords if is_hook else verse_chords
        kind = section.name
        if kind not in cache:
            s = seed + 1000 * (index + 1)
            melody = compose_melody(
                key=key,
                genre=profile,
                chords=chords,
                bars=loop_bars,
                mood=mood,
                energy=section.energy,
                complexity=complexity,
                seed=s,
                above=verse_pitch if is_hook else None,
            )
            if kind == "verse":
                verse_pitch = sum(n.pitch for n in melody.notes) / max(1, len(melody.notes))
            cache[kind] = {
                "melody": melody.notes,
                # Each section comps its own way (seeded): a verse and a chorus need not share a figure.
                "chords": chords_part(chords=chords, genre=profile, energy=section.energy, key=key, seed=s + 3).notes,
                "pad": [
                    Note(p + 12, c.start_bar * 4, c.duration_bars * 4 - 0.05, 56) for c in chords for p in c.pitches
                ],
                "bass": compose_bassline(
                    key=key, genre=profile, chords=chords, bars=loop_bars, energy=section.energy, seed=s + 1
                ).notes,
                "drums": compose_drums(
                    genre=profile,
                    bars=loop_bars,
                    energy=section.energy,
                    complexity=complexity,
                    seed=s + 2,
                    section=section.name,
                ).notes,
                "arp": compose_arpeggio(
                    key=key,
                    bars=loop_bars,
                    chords=chords,
                    pattern="updown",
                    seed=s + 3,
                    program=profile.programs["arp"],
                ).notes,
                "counter_melody": compose_counter_melody(
                    key=key, melody=melody.notes, chords=chords, style="counterpoint", seed=s + 4
                ).notes,
            }
        offset = section.start_bar * BEATS_PER_BAR
        length = section.bars * BEATS_PER_BAR
        for name in section.parts:
            song_parts[name].notes.extend(loop_notes(cache[kind][name], loop_beats, length, offset))
        song_chords.extend(loop_chords(chords, loop_bars, section.bars, section.start_bar))
    parts = [p for p in song_parts.values() if p.notes]
    idea = Composition(
        bpm=arrangement.bpm,
        tonic=key.tonic,
        scale=key.scale,
        bars=arrangement.total_bars,
        parts=parts,
        chords=song_chords,
        sections=list(arrangement.sections),
        genre=profile.name,
        metadata={"mood": mood, "energy": energy},
    )
    return idea, arrangement
