"""Counter-melodies for a given melody, in three styles.

* ``harmony``: the melody doubled a diatonic third below (a sixth below where the third would
  clash with the bass register or cross a neighbour), note for note.
* ``counterpoint``: a second line below the melody, one note per beat (held through
  the melody's faster notes), chosen among consonances (3rds, 6ths, 5ths, octaves) with
  contrary motion preferred and parallel fifths and octaves forbidden: between two consecutive
  notes of both lines, a perfect interval may not be followed by the same perfect interval.
* ``call_response``: answers in the melody's gaps (rests of 3/4 beat or more, or under a note held
  for 1 1/4 beats or more), a short phrase
  built from the melody's last notes, inverted and placed a sixth or an octave lower.
"""

from __future__ import annotations

import random

from .errors import EngineParameterError
from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Note, Part

COUNTER_STYLES = ("harmony", "counterpoint", "call_response")
PERFECT = frozenset({0, 7})
CONSONANT = frozenset({0, 3, 4, 7, 8, 9})


def parse_counter_style(style: object) -> str:
    if not isinstance(style, str) or style.strip().lower() not in COUNTER_STYLES:
        raise EngineParameterError.choice("style", style, COUNTER_STYLES)
    return style.strip().lower()


def _scale_index(scale: list[int], pitch: int) -> int:
    return min(range(len(scale)), key=lambda i: (abs(scale[i] - pitch), i))


def _harmony(key: Key, melody: list[Note]) -> list[Note]:
    lowest = min(n.pitch for n in melody)
    scale = key.scale_pitches(max(0, lowest - 24), max(n.pitch for n in melody))
    notes = []
    for note in melody:
        index = _scale_index(scale, note.pitch)
        third = scale[max(0, index - 2)]
        sixth = scale[max(0, index - 5)]
        pitch = third if note.pitch - third in (3, 4) else sixth
        notes.append(Note(pitch, note.start, note.duration, max(1, note.velocity - 12)))
    return notes


def heard_at(melody: list[Note], beat: float) -> Note | None:
    """The melody note the ear hears at ``beat``: the latest one started, if it sounds (or rang) within a beat."""
    started = [n for n in melody if n.start <= beat + 1e-9 < n.start + max(n.duration, 1.0)]
    return max(started, key=lambda n: n.start) if started else None


def parallel_perfects(upper: list[Note], lower: list[Note]) -> int:
    """Count parallel fifths/octaves between two lines, each lower note against the upper note heard then."""
    pairs = []
    for low in sorted(lower, key=lambda n: n.start):
        heard = heard_at(upper, low.start)
        if heard is not None:
            pairs.append((heard.pitch, low.pitch))
    count = 0
    for (u1, l1), (u2, l2) in zip(pairs, pairs[1:], strict=False):
        i1, i2 = (u1 - l1) % 12, (u2 - l2) % 12
        moved = u1 != u2 and l1 != l2
        if moved and i1 in PERFECT and i1 == i2 and (u2 - u1) * (l2 - l1) > 0:
            count += 1
    return count


def _counterpoint(key: Key, melody: list[Note], chords: list[ChordEvent] | None, rng: random.Random) -> list[Note]:
    end = max(n.end for n in melody)
    lowest = min(n.pitch for n in melody)
    candidates_pool = key.scale_pitches(lowest - 19, lowest + 2)
    notes: list[Note] = []
    previous_low: int | None = None
    previous_high: int | None = None
    beat = float(int(min(n.start for n in melody)))
    while beat < end - 1e-9:
        # The melody note heard at this beat: sounding, or just released (its echo still sets the harmony).
        heard = heard_at(melody, beat)
        sounding = [heard] if heard is not None else []
        if not sounding:
            beat += 1
            continue
        high = sounding[0].pitch
        options = []
        for low in candidates_pool:
            interval = (high - low) % 12
            if low >= high or interval not in CONSONANT or high - low > 19:
                continue
            if previous_low is not None and previous_high is not None:
                prev_interval = (previous_high - previous_low) % 12
                same_direction = (high - previous_high) * (low - previous_low) > 0
                if prev_interval in PERFECT and interval == prev_interval and same_direction:
                    continue  # parallel fifth or octave
                score = abs(low - previous_low)
                if (high - previous_high) * (low - previous_low) < 0:
                    score -= 3  # contrary motion preferred
                if interval in PERFECT:
                    score += 2  # imperfect consonances sound fuller
            else:
                score = 0 if interval in (3, 4, 8, 9) else 2
            if chords:
                bar = beat / BEATS_PER_BAR
                chord = next((c for c in chords if c.start_bar <= bar < c.start_bar + c.duration_bars), None)
                if chord is not None and low % 12 in {p % 12 for p in chord.pitches}:
                    score -= 1
            options.append((score + rng.random() * 0.5, low))
        if not options:
            beat += 1
            continue
        low = min(options)[1]
        notes.append(Note(low, beat, 0.95, max(1, sounding[0].velocity - 15)))
        previous_low, previous_high = low, high
        beat += 1
    return notes


def _call_response(key: Key, melody: list[Note], rng: random.Random) -> list[Note]:
    ordered = sorted(melody, key=lambda n: n.start)
    scale = key.scale_pitches(min(n.pitch for n in melody) - 24, max(n.pitch for n in melody))
    notes: list[Note] = []
    for current, following in zip(ordered, ordered[1:], strict=False):
        # Answer in a rest, or over a held note (the melody is "listening" while it holds).
        gap_start = current.end if following.start - current.end >= 0.75 else current.start + 0.5
        gap_end = following.start
        if gap_end - gap_start < 0.75 - 1e-9:
            continue
        call = [n for n in ordered if n.end <= gap_start + 1e-9][-3:]
        if not call:
            continue
        pivot = _scale_index(scale, call[-1].pitch)
        start = round(gap_start + 0.25, 4) if gap_start % 0.5 else gap_start
        step = max(0.25, min(0.5, (gap_end - start) / max(1, len(call))))
        for i, source in enumerate(call):
            # The response inverts the call's contour around its last note, a sixth lower.
            index = _scale_index(scale, source.pitch)
            mirrored = max(0, min(len(scale) - 1, pivot - (index - pivot) - 5))
            onset = start + i * step
            if onset + step > gap_end + 1e-9:
                break
            notes.append(Note(scale[mirrored], round(onset, 4), round(step * 0.9, 4), max(1, source.velocity - 10)))
    return notes


def compose_counter_melody(
    *,
    key: Key,
    melody: list[Note],
    chords: list[ChordEvent] | None = None,
    style: str = "harmony",
    seed: int,
    program: int = 73,
) -> Part:
    """A counter-melody part for ``melody`` in ``style``."""
    style = parse_counter_style(style)
    if not melody:
        raise EngineParameterError("main_melody", [], "a non-empty list of notes")
    rng = random.Random(seed)
    if style == "harmony":
        notes = _harmony(key, melody)
    elif style == "counterpoint":
        notes = _counterpoint(key, melody, chords, rng)
    else:
        notes = _call_response(key, melody, rng)
    return Part(name="counter_melody", program=program, notes=notes)
