"""A whole idea from several generators sharing one key, tempo and progression.

:func:`compose_idea` builds melody + chords + bass + drums (+ an arpeggio) over one progression;
genre fusion (:mod:`.fusion`), emotions (:mod:`.emotion`), surprise me and extreme inspiration
(:mod:`.inspiration`) choose its parameters, and :mod:`.song` builds whole songs section by section.
"""

from __future__ import annotations

from .arpeggiator import compose_arpeggio
from .bass import compose_bassline
from .chords import chords_part, compose_chords
from .drums import compose_drums
from .genres import GenreProfile, get_genre
from .melody import compose_melody
from .theory import Key
from .types import Composition


def compose_idea(
    *,
    key: Key,
    genre: str | GenreProfile,
    bpm: float,
    bars: int,
    seed: int,
    mood: str = "neutral",
    energy: float = 0.6,
    complexity: float = 0.5,
    with_arp: bool = False,
    bass_style: str | None = None,
) -> Composition:
    """Melody, chords, bass and drums (and optionally an arpeggio) in one key, tempo and progression."""
    profile = get_genre(genre)
    chords = compose_chords(key=key, genre=profile, mood=mood, complexity=complexity, bars=bars, seed=seed)
    parts = [
        compose_melody(
            key=key,
            genre=profile,
            chords=chords,
            bars=bars,
            mood=mood,
            energy=energy,
            complexity=complexity,
            seed=seed + 1,
        ),
        chords_part(chords=chords, genre=profile, energy=energy, key=key, seed=seed + 4),
        compose_bassline(
            key=key, genre=profile, chords=chords, bars=bars, style=bass_style, energy=energy, seed=seed + 2
        ),
        compose_drums(genre=profile, bars=bars, energy=energy, complexity=complexity, seed=seed + 3),
    ]
    if with_arp:
        parts.append(
            compose_arpeggio(
                key=key, bars=bars, chords=chords, pattern="updown", seed=seed + 4, program=profile.programs["arp"]
            )
        )
    return Composition(
        bpm=bpm,
        tonic=key.tonic,
        scale=key.scale,
        bars=bars,
        parts=parts,
        chords=chords,
        genre=profile.name,
        metadata={"mood": mood, "energy": energy, "complexity": complexity},
    )
