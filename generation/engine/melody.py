"""Melodies built like a songwriter builds them: a motif, then phrases made from it.

A melody is a chain of two-bar phrases. The first states a motif (a rhythm from the genre's
cells, pushed across a beat in syncopated genres, and a contour of steps, repeated notes and the
odd leap); the next repeats it with a changed ending, the third sequences it (the same shape a
scale step or two higher or lower), the fourth answers (starts like the motif, then falls to a
stable tone: the tonic at the final cadence, the third or fifth at half cadences). Longer melodies
repeat this four-phrase period with variation.

The rhythm changes from phrase to phrase while the motif stays recognisable: every phrase after
the statement gets one or two moves of :mod:`.rhythm` (notes split or merged, a push an eighth or
a sixteenth before the beat, a rest inside the phrase, a late start), and some phrases are led in
by a pickup of one or two short notes in the previous phrase's breath.

Rules applied to every phrase: notes on strong beats (beats 1 and 3) are chord tones of the chord
sounding there (only those inside the scale, so the melody stays in key), and a weak-beat note
reached by a skip lands on a chord tone too, so a phrase dwells on few pitch classes; a leap of
more than a fourth is followed by a step back in the other direction; every phrase ends with a
held note and a breath (a rest) before the next; the register stays within ``octave_range``
octaves around the genre's register, moved up with the energy (a chorus sits higher than its
verse). Velocity follows the metre (accents on strong beats) and the energy.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from .genres import GenreProfile, get_genre
from .rhythm import Event, anticipate, vary_rhythm
from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Note, Part

PHRASE_BARS = 2
# Sixteenth-note cells a line may take up (a seeded share of songs sings in sixteenths).
SIXTEENTH_CELLS: tuple[tuple[float, ...], ...] = ((0.25, 0.25, 0.5), (0.75, 0.25), (0.25, 0.5, 0.25), (0.5, 0.25, 0.25))
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
    target = 0.3 + 2.4 * density  # notes per beat wanted

    def weight(cell: tuple[float, ...], at: float) -> float:
        per_beat = len(cell) / sum(cell)
        fit = 1.0 / (0.15 + abs(per_beat - target)) ** 2
        # A cell that, placed here, holds an off-beat note across the next beat is a push: as common
        # as the melody's feel is syncopated (straight melodies all but avoid them).
        onset, pushes = at, False
        for duration in cell:
            pushes |= onset % 1 > 1e-9 and onset + duration > int(onset) + 1 + 1e-9
            onset += duration
        return fit * (0.15 + 2.0 * profile.syncopation) if pushes else fit

    events: list[tuple[float, float]] = []
    position = 0.0
    body = length - (1.0 if density < 0.6 else 0.5)  # the breath before the next phrase
    while position < body - 1e-9:
        fitting = [c for c in cells if position + sum(c) <= body + 1e-9]
        if not fitting:
            events.append((position, body - position))
            break
        cell = rng.choices(fitting, weights=[weight(c, position) for c in fitting])[0]
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
    """Scale-index offsets: steps and repeated notes, an occasional leap recovered by contrary motion."""
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
            roll = rng.random()
            if roll < 0.25:
                direction = -direction
            # Repeated notes are a third of a pop line's moves; the rest are steps, now and then a third.
            move = 0 if roll > 0.68 else direction * (1 if roll < 0.6 else 2)
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
        # The triad: a seventh or a sixth colours the chord but is not where a line rests, and real
        # melodies dwell on fewer pitch classes than a seventh chord offers.
        triad = {p % 12 for p in chord.pitches if (p - chord.root) % 12 not in (9, 10, 11)}
        tones = triad & self.scale_pcs or {chord.root}
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
            skipped = bool(indices) and abs(offset - previous_offset) >= 2
            if is_strong_beat(beat % BEATS_PER_BAR) or not indices or skipped:
                # A skip on a weak beat lands on a chord tone as well: the line dwells on the harmony.
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


def _events(motif: Motif) -> list[Event]:
    return [Event(o, d, c) for (o, d), c in zip(motif.rhythm, motif.contour, strict=True)]


def _motif(events: list[Event]) -> Motif:
    return Motif([(e.onset, e.duration) for e in events], [e.offset for e in events])


def _close_phrase(events: list[Event], length: float, breath: float) -> list[Event]:
    """No overlaps, and the phrase ends on a held note that leaves ``breath`` beats before the next phrase."""
    events = sorted((e for e in events if e.onset < length - 0.5), key=lambda e: e.onset)
    closed = [
        Event(e.onset, min(e.duration, events[i + 1].onset - e.onset) if i + 1 < len(events) else e.duration, e.offset)
        for i, e in enumerate(events)
    ]
    while len(closed) > 3 and closed[-1].onset > length - breath - 1.0 + 1e-9:
        closed.pop()  # the phrase ends sooner rather than on a clipped note
    if closed:
        last = closed[-1]
        held = min(length - last.onset - breath, max(last.duration, 1.5))
        if held < 0.75:  # a phrase ends on a long note: the breath gives way first
            held = min(max(last.duration, 1.0), length - last.onset - 0.25)
        closed[-1] = Event(last.onset, max(held, min(0.25, length - last.onset - 0.25)), last.offset)
    return closed


def _phrase_events(
    motif: list[Event],
    role: str,
    phrase: int,
    profile: GenreProfile,
    density: float,
    complexity: float,
    rng: random.Random,
    length: float,
) -> list[Event]:
    """The motif as this phrase plays it: rhythm moves grow from the repeat to the answer."""
    syncopation = profile.syncopation
    if role == "statement":
        if phrase == 0 or complexity <= 0.3:
            return list(motif)
        return vary_rhythm(motif, amount=1, syncopation=syncopation, rng=rng, density=density)
    if role == "repeat":
        events = vary_rhythm(motif, amount=1, syncopation=syncopation, rng=rng, density=density)
        if len(events) > 2:
            last, before = events[-1], events[-2]
            events[-1] = Event(last.onset, last.duration, last.offset + rng.choice((-2, -1, 1, 2)))
            events[-2] = Event(before.onset, before.duration, before.offset + rng.choice((-1, 0, 1)))
        return events
    if role == "sequence":
        return vary_rhythm(motif, amount=1 + (complexity > 0.5), syncopation=syncopation, rng=rng, density=density)
    # The answer: the motif's first half, then a new rhythm falling to the phrase's resting tone.
    half = length / 2
    head = [e for e in motif if e.onset < half]
    if not head:
        return list(motif)
    head[-1] = Event(head[-1].onset, min(head[-1].duration, half - head[-1].onset), head[-1].offset)
    fresh = [Event(o, d, 0) for o, d in _phrase_rhythm(profile, density, rng, length) if o >= half]
    tail = [Event(e.onset, e.duration, head[-1].offset - (i + 1)) for i, e in enumerate(fresh)]
    if len(head) <= 2:
        return head + tail
    return vary_rhythm(head + tail, amount=1, syncopation=syncopation, rng=rng, density=density)


def _pickup(previous: list[Note], start: float, first: Note, writer: _MelodyWriter, rng: random.Random) -> list[Note]:
    """One or two short notes leading by step into a phrase; the previous phrase is shortened to make room."""
    count = rng.choice((1, 1, 2))
    onset = start - 0.5
    if not previous or previous[-1].start > onset - 0.5:
        return []
    for i in range(len(previous) - 1, -1, -1):
        note = previous[i]
        if note.end > onset - 0.15:
            previous[i] = Note(note.pitch, note.start, round(max(0.25, onset - 0.15 - note.start), 4), note.velocity)
        else:
            break
    index = writer.scale.index(first.pitch) if first.pitch in writer.scale else len(writer.scale) // 2
    direction = rng.choice((-1, 1))
    if count == 1:
        return [Note(writer.scale[writer.clamp(index - direction)], onset, 0.4, 0)]
    return [
        Note(writer.scale[writer.clamp(index - 2 * direction)], onset, 0.2, 0),
        Note(writer.scale[writer.clamp(index - direction)], onset + 0.25, 0.15, 0),
    ]


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
    center += round(10 * (energy - 0.6))  # sections with more energy sing higher
    half_span = 6 * max(1, octave_range)
    low, high = center - half_span, center + half_span
    writer = _MelodyWriter(key, chords, low, high, rng)
    # Songs of one genre differ in how busy their lines are: a seeded nudge either way (less in a
    # sparse genre, where a few notes fewer would leave a handful of leaps).
    spread = min(1.0, profile.melody_density / 0.5)
    density = (
        0.7 * note_density + 0.3 * profile.melody_density + 0.3 * (energy - 0.5) + spread * rng.uniform(-0.35, 0.25)
    )
    density = max(0.05, min(1.0, density))
    # Songs of one genre also differ in feel: how much they push across the beat, whether they sing
    # in sixteenths, how long they breathe between phrases (real pop melodies spread widely on all
    # three: README, "Music statistics"). Each melody draws its own.
    sixteenths = rng.random() < 0.15 + 0.5 * profile.syncopation
    profile = replace(
        profile,
        syncopation=min(0.9, profile.syncopation * rng.uniform(0.0, 1.3)),
        melody_rhythm_cells=profile.melody_rhythm_cells + (SIXTEENTH_CELLS if sixteenths else ()),
    )
    breathing = rng.choice((0.5, 1.0, 1.5, 2.0, 2.0, 3.0))

    phrase_beats = min(bars, PHRASE_BARS) * BEATS_PER_BAR
    base_rhythm = _phrase_rhythm(profile, density, rng, phrase_beats)
    motif_events = _events(Motif(base_rhythm, _motif_contour(len(base_rhythm), profile.leap_tendency, complexity, rng)))
    if rng.random() < profile.syncopation:
        motif_events = anticipate(motif_events, rng)  # the motif's own push, heard in each phrase
    middle = len(writer.scale) // 2
    anchor = writer.nearest(middle, writer.chord_tone_indices(0.0))

    phrase_count = max(1, -(-bars // PHRASE_BARS))
    plan = ("statement", "repeat", "sequence", "answer")
    sequence_step = rng.choice((1, 2, 2, -1, -2))
    notes: list[Note] = []
    for phrase in range(phrase_count):
        start = phrase * PHRASE_BARS * BEATS_PER_BAR
        remaining = bars * BEATS_PER_BAR - start
        role = plan[phrase % 4]
        is_last = phrase == phrase_count - 1
        events = _phrase_events(motif_events, role, phrase, profile, density, complexity, rng, phrase_beats)
        # Busy lines breathe briefly; sparse ones leave a beat or more before the next phrase.
        breath = rng.choice((0.25, 0.5, 1.0) if density > 0.7 else (0.5, 1.0, 1.0, 1.5)) if not is_last else 0.25
        breath = min(phrase_beats / 2, breath * breathing) if not is_last else breath
        events = _close_phrase(events, min(phrase_beats, remaining), breath)
        if not events:
            continue
        phrase_anchor = anchor + (sequence_step if role == "sequence" else 0)
        ending = "tonic" if is_last else ("stable" if role in ("answer", "repeat") else None)
        phrase_notes, _ = writer.realise(start, _motif(events), phrase_anchor, ending)
        if phrase > 0 and events[0].onset == 0 and rng.random() < 0.2 + 0.4 * profile.syncopation:
            notes.extend(_pickup(notes, start, phrase_notes[0], writer, rng))
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
