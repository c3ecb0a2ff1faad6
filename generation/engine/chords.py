"""Chord progressions: the genre's idiomatic progressions, chosen by mood, extended by complexity.

``compose_chords`` returns :class:`ChordEvent` s covering exactly ``bars`` bars; ``chords_part``
turns them into a playable part in the genre's comping rhythm (sustained pads, piano stabs...).
"""

from __future__ import annotations

import random

from .genres import GenreProfile, get_genre
from .harmony import ChordSpec, chord_from_figure, voice_chord, with_kind
from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Note, Part

DARK_MOODS = frozenset(
    {"dark", "sad", "melancholic", "aggressive", "tense", "mysterious", "angry", "emotional", "nostalgic"}
)
BRIGHT_MOODS = frozenset(
    {"happy", "uplifting", "euphoric", "hopeful", "energetic", "romantic", "chill", "calm", "peaceful", "confident"}
)

# One bar of comping per genre: (start beat, length in beats, velocity). Genres not listed hold the chord.
COMP_RHYTHMS: dict[str, tuple[tuple[float, float, int], ...]] = {
    "house": ((0.5, 0.35, 92), (1.5, 0.35, 86), (2.5, 0.35, 92), (3.5, 0.35, 86)),
    "techno": ((0.5, 0.25, 80), (2.75, 0.25, 76)),
    "edm": ((0.0, 0.75, 96), (1.5, 0.5, 88), (3.0, 0.75, 92)),
    "pop": ((0.0, 1.5, 84), (1.5, 1.0, 76), (2.5, 1.5, 80)),
    "reggaeton": ((0.0, 0.75, 88), (0.75, 0.75, 80), (1.5, 0.5, 84), (2.0, 0.75, 88), (2.75, 0.75, 80), (3.5, 0.5, 84)),
    "afrobeat": ((0.0, 0.5, 84), (0.75, 0.25, 72), (1.5, 0.5, 80), (2.5, 0.5, 84), (3.25, 0.5, 74)),
    "amapiano": ((0.0, 1.5, 80), (1.5, 0.5, 74), (2.5, 1.5, 78)),
    "rock": (
        (0.0, 0.5, 100),
        (0.5, 0.5, 84),
        (1.0, 0.5, 92),
        (1.5, 0.5, 84),
        (2.0, 0.5, 96),
        (2.5, 0.5, 84),
        (3.0, 0.5, 92),
        (3.5, 0.5, 84),
    ),
    "boom_bap": ((0.0, 1.75, 84), (2.5, 1.25, 78)),
    "jazz": ((0.0, 0.75, 72), (1.5, 0.5, 68), (2.5, 0.75, 72)),
}


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
    *, chords: list[ChordEvent], genre: str | GenreProfile, energy: float = 0.6, program: int | None = None
) -> Part:
    """The chords as a playable part, in the genre's comping rhythm."""
    profile = get_genre(genre)
    rhythm = COMP_RHYTHMS.get(profile.name)
    notes: list[Note] = []
    level = 0.75 + 0.35 * energy
    for event in chords:
        start = event.start_bar * BEATS_PER_BAR
        length = event.duration_bars * BEATS_PER_BAR
        if rhythm is None:
            for pitch in event.pitches:
                notes.append(Note(pitch, start, max(0.25, length - 0.05), min(127, int(78 * level))))
            continue
        bar_start = start
        while bar_start < start + length - 1e-9:
            for offset, duration, velocity in rhythm:
                onset = bar_start + offset
                if onset >= start + length - 1e-9:
                    continue
                duration = min(duration, start + length - onset)
                for pitch in event.pitches:
                    notes.append(Note(pitch, onset, duration, min(127, int(velocity * level))))
            bar_start += BEATS_PER_BAR
    return Part(name="chords", program=profile.programs["chords"] if program is None else program, notes=notes)
