"""Quality metrics computed from the notes of an idea (no model, no randomness).

Let M be the lead line (the ``melody`` part, else the first pitched part), onsets quantised to
the sixteenth grid, K the key's pitch classes, C(t) the pitch classes of the chord at time t.

* ``scale_consistency`` = |{m in M : pc(m) in K}| / |M|
* ``chord_tone_ratio`` = share of M's notes on strong beats (beats 1 and 3) whose pitch class is
  in C(t); 1.0 when the idea has no chords or no note on a strong beat.
* ``pitch_class_entropy`` = H(pc histogram of M) / log2(12), in [0, 1].
* ``stepwise_ratio`` = share of successive intervals in M of at most 2 semitones.
* ``repetition_structure`` = mean over two-bar windows w_i (i >= 1) of max_{j<i} J(w_i, w_j), with
  J the Jaccard similarity of their (onset, direction-to-next) sets, direction being up, down or
  repeat: how much later material reuses earlier rhythm and contour, transposed or not
  (1 = pure loop, 0 = no reuse).
* ``groove_consistency`` = mean Jaccard similarity of each bar's sixteenth-step onset set with the
  bar before, on the drum part if any (else M).

Combined, each in [0, 1]:

* ``melodic_coherence`` = 0.35 * min(1, stepwise_ratio / 0.6) + 0.35 * repetition_structure
  + 0.30 * (1 - min(1, |pitch_class_entropy - 0.75| / 0.75))   (0.75: typical of tonal melodies)
* ``harmonic_consistency`` = 0.5 * scale_consistency + 0.5 * chord_tone_ratio
* ``rhythmic_stability`` = groove_consistency
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Idea, Note, Part

GRID = 0.25
LEAD_PARTS = ("melody", "vocals", "counter_melody", "arp", "bass", "chords")


def _quantise(beat: float) -> float:
    return round(beat / GRID) * GRID


def lead_part(idea: Idea) -> Part | None:
    for name in LEAD_PARTS:
        part = idea.part(name)
        if part is not None and part.notes:
            return part
    return next((p for p in idea.parts if not p.is_drum and p.notes), None)


def _monophonic(notes: list[Note]) -> list[Note]:
    """The top note at each onset (a chord part read as a line)."""
    by_onset: dict[float, Note] = {}
    for note in notes:
        onset = _quantise(note.start)
        if onset not in by_onset or note.pitch > by_onset[onset].pitch:
            by_onset[onset] = note
    return [by_onset[t] for t in sorted(by_onset)]


def _chord_at(chords: list[ChordEvent], beat: float) -> ChordEvent | None:
    bar = beat / BEATS_PER_BAR
    return next((c for c in chords if c.start_bar <= bar + 1e-9 < c.start_bar + c.duration_bars), None)


def _jaccard(a: set[Any], b: set[Any]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def scale_consistency(notes: list[Note], key: Key) -> float:
    return sum(key.contains(n.pitch) for n in notes) / len(notes) if notes else 1.0


def chord_tone_ratio(notes: list[Note], chords: list[ChordEvent]) -> float:
    if not chords:
        return 1.0
    strong = [n for n in notes if _quantise(n.start) % 2 == 0]
    hits = 0
    counted = 0
    for note in strong:
        chord = _chord_at(chords, _quantise(note.start))
        if chord is None:
            continue
        counted += 1
        hits += note.pitch % 12 in {p % 12 for p in chord.pitches}
    return hits / counted if counted else 1.0


def pitch_class_entropy(notes: list[Note]) -> float:
    if not notes:
        return 0.0
    counts = Counter(n.pitch % 12 for n in notes)
    total = sum(counts.values())
    entropy = -sum(c / total * math.log2(c / total) for c in counts.values())
    return entropy / math.log2(12)


def stepwise_ratio(notes: list[Note]) -> float:
    intervals = [abs(b.pitch - a.pitch) for a, b in zip(notes, notes[1:], strict=False)]
    return sum(i <= 2 for i in intervals) / len(intervals) if intervals else 1.0


def repetition_structure(notes: list[Note], bars: int) -> float:
    window_beats = 2 * BEATS_PER_BAR
    windows: list[set[tuple[float, int]]] = []  # (onset in window, contour step)
    for w in range(max(1, math.ceil(bars / 2))):
        start, end = w * window_beats, (w + 1) * window_beats
        inside = [n for n in notes if start <= _quantise(n.start) < end]
        windows.append(
            {
                (_quantise(a.start) - start, (b.pitch > a.pitch) - (b.pitch < a.pitch))
                for a, b in zip(inside, inside[1:], strict=False)
            }
        )
    if len(windows) < 2:
        return 1.0
    scores = [max(_jaccard(windows[i], windows[j]) for j in range(i)) for i in range(1, len(windows))]
    return sum(scores) / len(scores)


def groove_consistency(notes: list[Note], bars: int) -> float:
    per_bar: list[set[float]] = [set() for _ in range(max(1, bars))]
    for note in notes:
        onset = _quantise(note.start)
        bar = int(onset // BEATS_PER_BAR)
        if 0 <= bar < len(per_bar):
            per_bar[bar].add(onset - bar * BEATS_PER_BAR)
    if len(per_bar) < 2:
        return 1.0
    pairs = [_jaccard(a, b) for a, b in zip(per_bar, per_bar[1:], strict=False)]
    return sum(pairs) / len(pairs)


def quality_metrics(*, idea: Idea) -> dict[str, float]:
    """All component metrics and the three combined scores, rounded to three decimals."""
    key = Key(idea.tonic, idea.scale)
    lead = lead_part(idea)
    line = _monophonic(lead.notes) if lead else []
    drums = next((p for p in idea.parts if p.is_drum and p.notes), None)
    rhythm_source = drums.notes if drums else line
    components = {
        "scale_consistency": scale_consistency(line, key),
        "chord_tone_ratio": chord_tone_ratio(line, idea.chords),
        "pitch_class_entropy": pitch_class_entropy(line),
        "stepwise_ratio": stepwise_ratio(line),
        "repetition_structure": repetition_structure(line, idea.bars),
        "groove_consistency": groove_consistency(rhythm_source, idea.bars),
    }
    entropy_fit = 1 - min(1.0, abs(components["pitch_class_entropy"] - 0.75) / 0.75)
    combined = {
        "melodic_coherence": 0.35 * min(1.0, components["stepwise_ratio"] / 0.6)
        + 0.35 * components["repetition_structure"]
        + 0.30 * entropy_fit,
        "harmonic_consistency": 0.5 * components["scale_consistency"] + 0.5 * components["chord_tone_ratio"],
        "rhythmic_stability": components["groove_consistency"],
    }
    return {name: round(max(0.0, min(1.0, value)), 3) for name, value in (components | combined).items()}
