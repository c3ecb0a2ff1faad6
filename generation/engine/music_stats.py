"""Musical statistics of a part, computed per eight-bar window, for comparing the engine with real music.

``bench/music_stats.py`` computes these for real melodies, chord parts and basslines (the music21
corpus) and for the engine's, and prints them side by side; the engine's tests keep the engine's
inside the ranges the README documents. Every statistic reads only onsets, lengths and pitches
on a sixteenth grid in 4/4, so real music and generated music are measured the same way.

Per window of :data:`WINDOW_BARS` bars:

* ``rhythm_repetition``: share of bars (after the first) whose onset pattern on the sixteenth grid
  already appeared in an earlier bar of the window. 1.0: one rhythm throughout.
* ``syncopation``: share of onsets off the beat whose following beat has no onset (the note or the
  rest is held across the beat: anticipations, pushes).
* ``sixteenth_offbeats``: share of onsets on the second or fourth sixteenth of a beat.
* ``silent_beats``: share of beats sounding for less than half their length.
* ``notes_per_bar``: onsets per bar (a chord struck at once is one onset).
* ``pc_concentration``: share of notes on the window's three most frequent pitch classes.
* ``repeat_share`` / ``step_share`` / ``leap_share``: shares of melodic intervals of 0, 1-2 and
  5 or more semitones in the line (top voice of a chord part, lowest of a bass part).
* ``register``: span from the lowest to the highest pitch in semitones.

``sounding_bars`` (bars with at least one onset) is not compared: it lets a comparison leave out
windows where a real song's part rests (an intro without the melody).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from .types import BEATS_PER_BAR, Note

WINDOW_BARS = 8
STEPS_PER_BEAT = 4
FEATURES = (
    "rhythm_repetition",
    "syncopation",
    "sixteenth_offbeats",
    "silent_beats",
    "notes_per_bar",
    "pc_concentration",
    "repeat_share",
    "step_share",
    "leap_share",
    "register",
)
# Interval classes (semitones, absolute) pooled for the interval-mix histogram.
INTERVAL_BINS = ((0, 0), (1, 2), (3, 4), (5, 7), (8, 11), (12, 127))


def _step(beat: float) -> int:
    return round(beat * STEPS_PER_BEAT)


def line(notes: Iterable[Note], *, lowest: bool = False) -> list[Note]:
    """One note per onset: the highest (a melody or a chord part's top voice) or the lowest (a bass)."""
    by_onset: dict[int, Note] = {}
    for note in notes:
        step = _step(note.start)
        held = by_onset.get(step)
        if held is None or (note.pitch < held.pitch if lowest else note.pitch > held.pitch):
            by_onset[step] = note
    return [by_onset[s] for s in sorted(by_onset)]


def intervals(notes: Sequence[Note], *, lowest: bool = False) -> list[int]:
    voice = line(notes, lowest=lowest)
    return [abs(b.pitch - a.pitch) for a, b in zip(voice, voice[1:], strict=False)]


def window_stats(notes: Sequence[Note], bars: int, *, lowest: bool = False) -> dict[str, float] | None:
    """The statistics of ``notes`` over ``bars`` bars from beat 0, or None when nothing sounds."""
    inside = [n for n in notes if 0 <= _step(n.start) < bars * BEATS_PER_BAR * STEPS_PER_BEAT]
    if not inside or bars < 1:
        return None
    steps_per_bar = BEATS_PER_BAR * STEPS_PER_BEAT
    onsets = sorted({_step(n.start) for n in inside})
    patterns = [frozenset(s % steps_per_bar for s in onsets if s // steps_per_bar == bar) for bar in range(bars)]
    repeated = sum(patterns[i] in patterns[:i] for i in range(1, bars))
    onset_set = set(onsets)
    off_beat = [s for s in onsets if s % STEPS_PER_BEAT]
    pushed = [s for s in off_beat if (s // STEPS_PER_BEAT + 1) * STEPS_PER_BEAT not in onset_set]
    total_beats = bars * BEATS_PER_BAR
    # Sixteenths during which something sounds (a note covering at least half of one); notes that
    # overlap, as a chord part's do, count once.
    covered = [False] * (total_beats * STEPS_PER_BEAT)
    for note in inside:
        for step in range(_step(note.start), min(len(covered), _step(note.end - 0.5 / STEPS_PER_BEAT) + 1)):
            covered[step] = True
    per_beat = STEPS_PER_BEAT
    sounding = [sum(covered[beat * per_beat : (beat + 1) * per_beat]) / per_beat for beat in range(total_beats)]
    pitch_classes = Counter(n.pitch % 12 for n in inside)
    top3 = sum(count for _, count in pitch_classes.most_common(3))
    moves = intervals(inside, lowest=lowest)
    pitches = [n.pitch for n in inside]
    return {
        "rhythm_repetition": repeated / (bars - 1) if bars > 1 else 1.0,
        "syncopation": len(pushed) / len(onsets),
        "sixteenth_offbeats": sum(s % 2 == 1 for s in onsets) / len(onsets),
        "silent_beats": sum(s < 0.5 for s in sounding) / total_beats,
        "notes_per_bar": len(onsets) / bars,
        "pc_concentration": top3 / len(inside),
        "repeat_share": sum(m == 0 for m in moves) / len(moves) if moves else 0.0,
        "step_share": sum(1 <= m <= 2 for m in moves) / len(moves) if moves else 0.0,
        "leap_share": sum(m >= 5 for m in moves) / len(moves) if moves else 0.0,
        "register": float(max(pitches) - min(pitches)),
        "sounding_bars": float(sum(bool(pattern) for pattern in patterns)),
    }


def windows(notes: Sequence[Note], bars: int, *, lowest: bool = False) -> list[dict[str, float]]:
    """:func:`window_stats` of each whole :data:`WINDOW_BARS`-bar window (one window if shorter)."""
    if bars < WINDOW_BARS:
        stats = window_stats(notes, bars, lowest=lowest)
        return [stats] if stats else []
    result = []
    span = WINDOW_BARS * BEATS_PER_BAR
    for first in range(0, bars - WINDOW_BARS + 1, WINDOW_BARS):
        offset = first * BEATS_PER_BAR
        shifted = [
            Note(n.pitch, n.start - offset, n.duration, n.velocity) for n in notes if offset <= n.start < offset + span
        ]
        stats = window_stats(shifted, WINDOW_BARS, lowest=lowest)
        if stats:
            result.append(stats)
    return result


def interval_histogram(all_intervals: Iterable[int]) -> list[float]:
    """Shares of the pooled intervals in :data:`INTERVAL_BINS`."""
    counts = [0] * len(INTERVAL_BINS)
    for interval in all_intervals:
        for i, (low, high) in enumerate(INTERVAL_BINS):
            if low <= interval <= high:
                counts[i] += 1
                break
    total = sum(counts) or 1
    return [c / total for c in counts]


def histogram(values: Sequence[float], edges: Sequence[float]) -> list[float]:
    """Shares of ``values`` in the bins between consecutive ``edges`` (the last bin is closed)."""
    counts = [0] * (len(edges) - 1)
    for value in values:
        for i in range(len(edges) - 1):
            if edges[i] <= value < edges[i + 1] or (i == len(edges) - 2 and value == edges[-1]):
                counts[i] += 1
                break
    total = sum(counts) or 1
    return [c / total for c in counts]


def overlap(first: Sequence[float], second: Sequence[float]) -> float:
    """Histogram intersection of two normalised histograms: 1.0 identical, 0.0 disjoint."""
    return sum(min(a, b) for a, b in zip(first, second, strict=True))
