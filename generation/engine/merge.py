"""Merging ideas: one new idea from the best parts of several, in one key and one tempo.

The first idea sets the key, scale and tempo. Each role — melody (a lead line), harmony (the
progression and its chords part), bass, drums — is taken from the first source that has it and has
not given a role yet (then from the first that has it at all), so merging a melody, a progression
and a drum groove gives the melody of the first, the harmony of the second and the drums of the third.
Pitched parts of other sources are moved to the target key by scale degree (transposed by the
nearest tonic shift, then re-mapped onto the target mode), so the merge stays in one key. Times are
in beats, so parts follow the target tempo as they are; every part is looped or cut to the longest
source's length in whole bars.
"""

from __future__ import annotations

from dataclasses import replace

from .boundary import check_merge_size
from .errors import EngineParameterError
from .harmony import chord_on_degree, harmony_scale, voice_chord
from .looping import loop_chords, loop_notes
from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Composition, Note, Part
from .variations import remap

ROLES: dict[str, tuple[str, ...]] = {
    "melody": ("melody", "vocals", "arp", "counter_melody"),
    "chords": ("chords", "pad"),
    "bass": ("bass",),
    "drums": ("drums",),
}


def _shift(source: Key, target: Key) -> int:
    """The smallest transposition (-6..+5 semitones) taking ``source``'s tonic to ``target``'s."""
    return (target.tonic - source.tonic + 6) % 12 - 6


def _move_notes(notes: list[Note], source: Key, target: Key) -> list[Note]:
    shift = _shift(source, target)
    shifted_key = Key((source.tonic + shift) % 12, source.scale)
    return [
        Note(
            remap(n.pitch + shift, shifted_key, target)
            if len(shifted_key.intervals) == len(target.intervals)
            else target.snap(n.pitch + shift),
            n.start,
            n.duration,
            n.velocity,
        )
        for n in notes
    ]


def _move_chords(chords: list[ChordEvent], source: Key, target: Key) -> list[ChordEvent]:
    scale = harmony_scale(source)
    moved: list[ChordEvent] = []
    previous: tuple[int, ...] | None = None
    for event in chords:
        relative = (event.root - source.tonic) % 12
        degree = min(range(7), key=lambda d: abs(scale[d] - relative))
        spec = chord_on_degree(target, degree, "seventh" if len(event.pitches) >= 4 else "triad")
        pitches = voice_chord(spec, previous)
        moved.append(replace(event, pitches=pitches, roman_numeral=spec.roman, root=spec.root, symbol=spec.symbol))
        previous = pitches
    return moved


def merge_ideas(ideas: list[Composition]) -> tuple[Composition, dict[str, int]]:
    """The merged idea and, per role, the index of the source idea it came from."""
    if len(ideas) < 2:
        raise EngineParameterError("idea_ids", len(ideas), "at least two ideas to merge")
    target = Key(ideas[0].tonic, ideas[0].scale)
    bars = max(i.bars for i in ideas)
    check_merge_size(ideas, bars)
    total = bars * BEATS_PER_BAR
    parts: list[Part] = []
    sources: dict[str, int] = {}
    chords: list[ChordEvent] = []
    used: set[int] = set()
    for role, names in ROLES.items():
        having = [(i, idea) for i, idea in enumerate(ideas) if any(p.name in names and p.notes for p in idea.parts)]
        ordered = [pair for pair in having if pair[0] not in used] + [pair for pair in having if pair[0] in used]
        for index, idea in ordered[:1]:
            part = next(p for p in idea.parts if p.name in names and p.notes)
            used.add(index)
            source = Key(idea.tonic, idea.scale)
            notes = part.notes if part.is_drum else _move_notes(part.notes, source, target)
            parts.append(
                replace(
                    part,
                    name=role if role != "chords" else part.name,
                    notes=loop_notes(notes, idea.bars * BEATS_PER_BAR, total),
                    glides=[],
                )
            )
            sources[role] = index
            if role == "chords" and idea.chords:
                chords = loop_chords(_move_chords(idea.chords, source, target), idea.bars, bars)
    if "chords" not in sources:
        donor = next(((i, idea) for i, idea in enumerate(ideas) if idea.chords), None)
        if donor is not None:
            chords = _move_chords(donor[1].chords, Key(donor[1].tonic, donor[1].scale), target)
    merged = Composition(
        bpm=ideas[0].bpm,
        tonic=target.tonic,
        scale=target.scale,
        bars=bars,
        parts=parts,
        chords=chords,
        genre=ideas[0].genre,
        metadata={"merged_roles": dict(sources)},
    )
    return merged, sources
