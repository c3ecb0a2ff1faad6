"""Melodies built like a songwriter builds them: a motif, then phrases made from it.

A melody is a chain of two-bar phrases. The first states a motif (a rhythm from the genre's
cells and a contour of mostly stepwise motion); the next repeats it with a changed ending, the
third sequences it (the same shape a scale step or two higher or lower), the fourth answers
(starts like the motif, then falls to a stable tone: the tonic at the final cadence, the third or
fifth at half cadences). Longer melodies repeat this four-phrase period with variation.

Rules applied to every phrase: notes on strong beats (beats 1 and 3) are chord tones of the chord
sounding there (only those inside the scale, so the melody stays in key); a leap of more than a
fourth is followed by a step back in the other direction; every phrase ends with a held note and
a breath (a rest) before the next; the register stays within ``octave_range`` octaves around the
genre's register. Velocity follows the metre (accents on strong beats) and the energy.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .genres import GenreProfile, get_genre
from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Note, Part

PHRASE_BARS = 2
DARK_MOODS = frozenset({"dark", "sad", "melancholic", "aggressive", "tense", "mysterious", "angry"})
BRIGHT_MOODS = frozenset({"happy", "uplifting", "euphoric", "hopeful", "energetic", "confident"})


@dataclass(slots=True)
class Motif:
    """Onsets/durations (beats from the phrase start) and scale-index offsets from the first note."""

    rhythm: list[tuple[float, float]]
    contour: list[int]


def is_strong_beat(beat_in_bar: float) -> bool:
    return abs(beat_in_bar - round(beat_in_bar)) < 1e-9 and round(beat_in_bar) % 2 == 0


def _chord_at(chords: list[ChordEvent], beat: float) -> ChordEvent | None:
    bar = beat / BEATS_PER_BAR
    for event in chords:
        if event.start_bar <= bar + 1e-9 < event.start_bar + event.duration_bars:
            return event
    return chords[-1] if chords else None


def _phrase_rhythm(
    profile: GenreProfile, density: float, rng: random.Random, length: float
) -> list[tuple[float, float]]:
    """Fill ``length`` beats with the genre's cells, keeping a breath at the end."""
    cells = list(profile.melody_rhythm_cells)
    target = 0.5 + 1.8 * density  # notes per beat wanted

    def weight(cell: tuple[float, ...]) -> float:
        per_beat = len(cell) / sum(cell)
        return 1.0 / (0.25 + abs(per_beat - target))

    events: list[tuple[float, float]] = []
    position = 0.0
    body = length - (1.0 if density < 0.6 else 0.5)  # the breath before the next phrase
    while position < body - 1e-9:
        fitting = [c for c in cells if position + sum(c) <= body + 1e-9]
        if not fitting:
            events.append((position, body - position))
            break
        cell = rng.choices(fitting, weights=[weight(c) for c in fitting])[0]
        for duration in cell:
            events.append((position, duration))
            position += duration
    if events:
        # The phrase ends on a held note: the last note absorbs up to a beat of the breath... but
        # never all of it, so a rest always separates phrases.
        start, duration = events[-1]
        events[-1] = (start, min(length - start - 0.25, max(duration, 1.0)))
    if rng.random() < 0.35 * density and len(events) > 2:
        # An anacrusis-like rest at the start keeps some phrases from all starting on the downbeat.
        first_start, first_duration = events[0]
        if first_duration >= 1.0:
            events[0] = (first_start + 0.5, first_duration - 0.5)
    return events


def _motif_contour(count: int, leap_tendency: float, complexity: float, rng: random.Random) -> list[int]:
    """Scale-index offsets: mostly steps, an occasional leap recovered by contrary motion."""
    contour = [0]
    direction = rng.choice((-1, 1))
    for i in range(1, count):
        previous = contour[-1] - contour[-2] if i > 1 else 0
        if abs(previous) >= 3:
            move = -1 if previous > 0 else 1  # recover a leap with a step the other way
        elif rng.random() < leap_tendency * (0.3 + 0.5 * complexity):
            move = direction * rng.choice((2, 3, 4))
            direction = -direction
        else:
            if rng.random() < 0.25:
                direction = -direction
            move = direction * (1 if rng.random() < 0.75 else 0)
        contour.append(contour[-1] + move)
        if abs(contour[-1]) > 5:  # keep the motif compact
            direction = -1 if contour[-1] > 0 else 1
    return contour


class _MelodyWriter:
    def __init__(self, key: Key, chords: list[ChordEvent], low: int, high: int, rng: random.Random):
        self.key = key
        self.chords = chords
        self.scale = key.scale_pitches(low, high)
        self.rng = rng
        self.scale_pcs = {p % 12 for p in self.scale}

    def chord_tone_indices(self, beat: float) -> list[int]:
        chord = _chord_at(self.chords, beat)
        if chord is None:
            return list(range(len(self.scale)))
        tones = {p % 12 for p in chord.pitches} & self.scale_pcs or {chord.root}
        return [i for i, p in enumerate(self.scale) if p % 12 in tones]

    def nearest(self, index: int, candidates: list[int]) -> int:
        return min(candidates, key=lambda c: (abs(c - index), c)) if candidates else index

    def clamp(self, index: int) -> int:
        return max(0, min(len(self.scale) - 1, index))

    def realise(self, start_beat: float, motif: Motif, anchor: int, ending: str | None) -> tuple[list[Note], int]:
        """Pitches for one phrase from ``motif`` placed at scale index ``anchor``."""
        indices: list[int] = []
        previous_offset = 0
        for (onset, _), offset in zip(motif.rhythm, motif.contour, strict=True):
            beat = start_beat + onset
            index = self.clamp(anchor + offset)
            if is_strong_beat(beat % BEATS_PER_BAR) or not indices:
                tones = self.chord_tone_indices(beat)
                snapped = self.nearest(index, tones)
                direction = (offset > previous_offset) - (offset < previous_offset)
                if indices and direction and snapped == indices[-1]:
                    # Snapping must not flatten the motif's contour: keep moving the way it moves.
                    onward = [t for t in tones if (t - indices[-1]) * direction > 0]
                    snapped = min(onward, key=lambda t: abs(t - index)) if onward else snapped
                index = snapped
            indices.append(index)
            previous_offset = offset
        for i in range(1, len(indices) - 1):  # recover large leaps with a step back
            leap = self.scale[indices[i]] - self.scale[indices[i - 1]]
            beat = start_beat + motif.rhythm[i + 1][0]
            if abs(leap) > 5 and not is_strong_beat(beat % BEATS_PER_BAR):
                indices[i + 1] = self.clamp(indices[i] - (1 if leap > 0 else -1))
        if ending is not None and indices:
            last_beat = start_beat + motif.rhythm[-1][0]
            if ending == "tonic":
                targets = [i for i, p in enumerate(self.scale) if p % 12 == self.key.tonic]
            else:
                targets = self.chord_tone_indices(last_beat)
            final = self.nearest(indices[-1], targets)
            # Approach the final tone by step from the note before it.
            if len(indices) > 2 and abs(indices[-2] - final) > 2:
                indices[-2] = self.clamp(final + (1 if indices[-2] > final else -1))
            indices[-1] = final
        notes = [
            Note(self.scale[index], round(start_beat + onset, 4), round(duration, 4), 0)
            for (onset, duration), index in zip(motif.rhythm, indices, strict=True)
        ]
        return notes, indices[0]


def _vary(motif: Motif, kind: str, rng: random.Random) -> Motif:
    rhythm, contour = list(motif.rhythm), list(motif.contour)
    if kind == "repeat" and len(contour) > 2:
        contour[-1] += rng.choice((-2, -1, 1, 2))
        contour[-2] += rng.choice((-1, 0, 1))
    elif kind == "answer" and len(contour) > 3:
        half = len(contour) // 2
        contour = contour[:half] + [contour[half - 1] - (i + 1) for i in range(len(contour) - half)]
    elif kind == "variation" and len(rhythm) > 3:
        # Split one note into two (or merge two) to vary the rhythm, keeping the contour's shape.
        i = rng.randrange(1, len(rhythm) - 1)
        onset, duration = rhythm[i]
        if duration >= 1.0:
            rhythm[i : i + 1] = [(onset, duration / 2), (onset + duration / 2, duration / 2)]
            contour[i : i + 1] = [contour[i], contour[i] + rng.choice((-1, 1))]
    return Motif(rhythm, contour)


def compose_melody(
    *,
    key: Key,
    genre: str | GenreProfile,
    chords: list[ChordEvent],
    bars: int,
    mood: str = "neutral",
    energy: float = 0.6,
    complexity: float = 0.5,
    humanization: float = 0.3,
    note_density: float = 0.6,
    octave_range: int = 2,
    seed: int,
    program: int | None = None,
    name: str = "melody",
) -> Part:
    """A melody of exactly ``bars`` bars over ``chords``."""
    profile = get_genre(genre)
    rng = random.Random(seed)
    low_register, high_register = profile.melody_register
    center = (low_register + high_register) // 2
    mood = (mood or "").lower()
    center += -3 if mood in DARK_MOODS else (2 if mood in BRIGHT_MOODS else 0)
    half_span = 6 * max(1, octave_range)
    low, high = center - half_span, center + half_span
    writer = _MelodyWriter(key, chords, low, high, rng)
    density = max(0.05, min(1.0, 0.5 * note_density + 0.5 * profile.melody_density + 0.15 * (energy - 0.5)))

    phrase_beats = min(bars, PHRASE_BARS) * BEATS_PER_BAR
    base_rhythm = _phrase_rhythm(profile, density, rng, phrase_beats)
    motif = Motif(base_rhythm, _motif_contour(len(base_rhythm), profile.leap_tendency, complexity, rng))
    middle = len(writer.scale) // 2
    anchor = writer.nearest(middle, writer.chord_tone_indices(0.0))

    phrase_count = max(1, -(-bars // PHRASE_BARS))
    plan = ("statement", "repeat", "sequence", "answer")
    sequence_step = rng.choice((1, 2, -1))
    notes: list[Note] = []
    for phrase in range(phrase_count):
        start = phrase * PHRASE_BARS * BEATS_PER_BAR
        remaining = bars * BEATS_PER_BAR - start
        role = plan[phrase % 4]
        is_last = phrase == phrase_count - 1
        if phrase >= 4 and role == "statement" and complexity > 0.3:
            role = "variation"
        current = (
            motif
            if role == "statement"
            else _vary(motif, {"repeat": "repeat", "answer": "answer", "variation": "variation"}.get(role, ""), rng)
        )
        if remaining < phrase_beats:
            kept = [(o, d) for o, d in current.rhythm if o < remaining - 0.25]
            current = Motif([(o, min(d, remaining - o - 0.25)) for o, d in kept], current.contour[: len(kept)])
        phrase_anchor = anchor + (sequence_step if role == "sequence" else 0)
        ending = "tonic" if is_last else ("stable" if role in ("answer", "repeat") else None)
        phrase_notes, _ = writer.realise(start, current, phrase_anchor, ending)
        notes.extend(phrase_notes)

    total = bars * BEATS_PER_BAR
    shaped: list[Note] = []
    for note in notes:
        beat_in_bar = note.start % BEATS_PER_BAR
        accent = 14 if is_strong_beat(beat_in_bar) else (6 if abs(beat_in_bar - round(beat_in_bar)) < 1e-9 else 0)
        velocity = 70 + int(30 * energy) + accent + int(rng.uniform(-1, 1) * 10 * humanization)
        offset = rng.uniform(0, 1) * 0.015 * humanization if note.start > 0 else 0.0
        onset = round(min(note.start + offset, total - 0.05), 4)
        duration = round(max(0.05, min(note.duration * (0.92 if profile.name != "ambient" else 1.0), total - onset)), 4)
        shaped.append(Note(note.pitch, onset, duration, max(1, min(127, velocity))))
    return Part(name=name, program=profile.programs["melody"] if program is None else program, notes=shaped)
