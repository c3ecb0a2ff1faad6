"""Chord progressions: the genre's idiomatic progressions, chosen by mood, extended by complexity.

``compose_chords`` returns :class:`ChordEvent` s covering exactly ``bars`` bars; ``chords_part``
turns them into a performed part in a comping pattern of :mod:`.comping` (pop piano eighths, R&B
stabs, lo-fi rootless voicings, house off-beats, trap pads, rock power chords...).
"""

from __future__ import annotations

import random

from .comping import PATTERN_NAMES, default_pattern, perform
from .errors import EngineParameterError
from .genres import GenreProfile, get_genre
from .harmony import ChordSpec, chord_from_figure, voice_chord, with_kind
from .theory import Key
from .types import ChordEvent, Part

DARK_MOODS = frozenset(
    {"dark", "sad", "melancholic", "aggressive", "tense", "mysterious", "angry", "emotional", "nostalgic"}
)
BRIGHT_MOODS = frozenset(
    {"happy", "uplifting", "euphoric", "hopeful", "energetic", "romantic", "chill", "calm", "peaceful", "confident"}
)


def _darkness(key: Key, progression: tuple[str, ...]) -> float:
    """Share of minor/diminished chords, plus weight for starting and ending on one (where the ear lands)."""
    specs = [chord_from_figure(key, figure) for figure in progression]
    minor = [s.quality in ("minor", "diminished") for s in specs]
    return sum(minor) / len(specs) + 0.2 * minor[0] + 0.1 * minor[-1]


def choose_progression(key: Key, profile: GenreProfile, mood: str, rng: random.Random) -> tuple[str, ...]:
    """One of the genre's progressions for the key's mode; dark moods favour minor-heavy ones."""
    options = profile.minor_progressions if key.is_minor else profile.major_progressions
    mood = (mood or "neutral").lower()
    if mood in DARK_MOODS or mood in BRIGHT_MOODS:
        ranked = sorted(options, key=lambda p: _darkness(key, p), reverse=mood in DARK_MOODS)
        options = tuple(ranked[: max(1, (len(ranked) + 1) // 2)])
    return options[rng.randrange(len(options))]


def _extend(key: Key, spec: ChordSpec, profile: GenreProfile, complexity: float, rng: random.Random) -> ChordSpec:
    """Colour a chord as the genre and the complexity ask: sevenths, ninths, sus and add9."""
    if "7" in spec.roman or "9" in spec.roman or "sus" in spec.roman or "add" in spec.roman:
        return spec
    seventh_chance = min(1.0, profile.seventh_chords + 0.5 * max(0.0, complexity - 0.5))
    roll = rng.random()
    if roll < seventh_chance:
        if complexity > 0.75 and profile.seventh_chords > 0.5 and rng.random() < 0.4:
            return with_kind(key, spec, "ninth")
        return with_kind(key, spec, "seventh")
    if spec.quality in ("major", "minor") and rng.random() < 0.2 * complexity:
        return with_kind(key, spec, rng.choice(("add9", "sus2", "sus4")) if spec.quality == "major" else "add9")
    return spec


def compose_chords(
    *,
    key: Key,
    genre: str | GenreProfile,
    mood: str = "neutral",
    complexity: float = 0.5,
    bars: int = 4,
    use_inversions: bool = True,
    voice_leading: bool = True,
    seed: int,
    progression: tuple[str, ...] | None = None,
) -> list[ChordEvent]:
    """A progression covering exactly ``bars`` bars (the genre's chord rhythm, repeated as needed)."""
    rng = random.Random(seed)
    profile = get_genre(genre)
    figures = progression or choose_progression(key, profile, mood, rng)
    bars_per_chord = profile.chord_rhythm_bars
    if bars < len(figures) * bars_per_chord:
        bars_per_chord = max(0.5, bars / len(figures))
    base = [_extend(key, chord_from_figure(key, f), profile, complexity, rng) for f in figures]
    events: list[ChordEvent] = []
    previous: tuple[int, ...] | None = None
    position = 0.0
    index = 0
    while position < bars - 1e-9:
        spec = base[index % len(base)]
        length = min(bars_per_chord, bars - position)
        is_turnaround = position + length >= bars - 1e-9 and complexity > 0.6 and len(base) > 1 and bars >= 4
        if is_turnaround and spec.quality != "major":
            # The last chord turns the loop around towards the dominant (sus4 keeps it in the scale).
            spec = with_kind(key, chord_from_figure(key, "V"), "sus4")
        pitches = voice_chord(spec, previous, use_inversions=use_inversions, voice_leading=voice_leading)
        events.append(
            ChordEvent(
                pitches=pitches,
                roman_numeral=spec.roman,
                start_bar=round(position, 4),
                duration_bars=round(length, 4),
                root=spec.root,
                symbol=spec.symbol,
            )
        )
        previous = pitches
        position += length
        index += 1
    return events


def chords_part(
    *,
    chords: list[ChordEvent],
    genre: str | GenreProfile,
    energy: float = 0.6,
    program: int | None = None,
    pattern: str | None = None,
    key: Key | None = None,
    seed: int = 0,
    solo: bool = False,
) -> Part:
    """The chords as a performed part: the ``pattern`` (default: the genre's) of :mod:`.comping`.

    ``key`` lets the R&B and lo-fi voicings add ninths that stay in key; ``solo`` marks a part heard
    without a melody (it may spread its right hand higher). Raises
    :class:`EngineParameterError` for an unknown pattern.
    """
    profile = get_genre(genre)
    name = pattern or default_pattern(profile.name)
    if name not in PATTERN_NAMES:
        raise EngineParameterError.choice("pattern", pattern, PATTERN_NAMES)
    notes = perform(chords, pattern=name, energy=energy, key=key, seed=seed, solo=solo)
    return Part(name="chords", program=profile.programs["chords"] if program is None else program, notes=notes)
