"""Quality metrics computed from the notes of an idea (no model, no randomness).

Let M be the lead line (:meth:`Composition.lead_part`: melody, vocals, counter-melody, arpeggio or bass;
chords, pads and drums are never a line), onsets quantised to the sixteenth grid, K the key's
pitch classes, C(t) the pitch classes of the chord at time t.

* ``scale_consistency`` = |{m in M : pc(m) in K}| / |M|
* ``chord_tone_ratio`` = share of M's notes on strong beats (beats 1 and 3) whose pitch class is
  in C(t); 1.0 when no note falls on a strong beat. C(t) is found in bars of the idea's metre.
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

A metric that does not apply is ``None`` and named in ``not_applicable`` with its reason: the
melodic measures when there is no line (a drum pattern, a chord part), ``chord_tone_ratio`` without
a progression, the harmonic measures without pitched notes. ``scale_consistency`` of a chord part
with no line is read over all its notes; its groove over the chords' onsets.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Composition, Note

GRID = 0.25


def _quantise(beat: float) -> float:
    return round(beat / GRID) * GRID


def _monophonic(notes: list[Note]) -> list[Note]:
    """The top note at each onset (a chord part read as a line)."""
    by_onset: dict[float, Note] = {}
    for note in notes:
        onset = _quantise(note.start)
        if onset not in by_onset or note.pitch > by_onset[onset].pitch:
            by_onset[onset] = note
    return [by_onset[t] for t in sorted(by_onset)]


def _chord_at(chords: list[ChordEvent], beat: float, beats_per_bar: float = BEATS_PER_BAR) -> ChordEvent | None:
    bar = beat / beats_per_bar
    return next((c for c in chords if c.start_bar <= bar + 1e-9 < c.start_bar + c.duration_bars), None)


def _jaccard(a: set[Any], b: set[Any]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def scale_consistency(notes: list[Note], key: Key) -> float:
    return sum(key.contains(n.pitch) for n in notes) / len(notes) if notes else 1.0


def chord_tone_ratio(notes: list[Note], chords: list[ChordEvent], beats_per_bar: float = BEATS_PER_BAR) -> float:
    if not chords:
        return 1.0
    strong = [n for n in notes if _quantise(n.start) % 2 == 0]
    hits = 0
    counted = 0
    for note in strong:
        chord = _chord_at(chords, _quantise(note.start), beats_per_bar)
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


def _not_applicable(idea: Composition, line: list[Note], pitched: list[Note]) -> dict[str, str]:
    """Each metric that does not apply to this idea, with the reason a person would give."""
    reasons: dict[str, str] = {}
    if not line:
        why = "no melodic line (only drums)" if not pitched else "no melodic line (only chords or pads)"
        for name in ("pitch_class_entropy", "stepwise_ratio", "repetition_structure", "melodic_coherence"):
            reasons[name] = why
    if not pitched:
        for name in ("scale_consistency", "harmonic_consistency"):
            reasons[name] = "no pitched notes (only drums)"
    if not idea.chords or not line:
        reasons["chord_tone_ratio"] = "no chord progression" if not idea.chords else reasons["melodic_coherence"]
    if not idea.parts or not any(p.notes for p in idea.parts):
        reasons["groove_consistency"] = reasons["rhythmic_stability"] = "no notes"
    return reasons


def quality_metrics(*, idea: Composition) -> dict[str, Any]:
    """All component metrics and the three combined scores, rounded to three decimals.

    A metric that does not apply to the idea (melodic measures of a drum pattern, chord-tone
    ratio without chords) is ``None``, and ``not_applicable`` maps its name to the reason.
    """
    key = Key(idea.tonic, idea.scale)
    lead = idea.lead_part()
    line = _monophonic(lead.notes) if lead else []
    pitched = [n for p in idea.parts if not p.is_drum for n in p.notes]
    drums = next((p for p in idea.parts if p.is_drum and p.notes), None)
    # Groove is read from the drums, else the line, else the chords' onsets.
    rhythm_source = drums.notes if drums else (line or _monophonic(pitched))
    reasons = _not_applicable(idea, line, pitched)
    values: dict[str, float | None] = {
        "scale_consistency": scale_consistency(line or pitched, key),
        "chord_tone_ratio": chord_tone_ratio(line, idea.chords, idea.beats_per_bar),
        "pitch_class_entropy": pitch_class_entropy(line),
        "stepwise_ratio": stepwise_ratio(line),
        "repetition_structure": repetition_structure(line, idea.bars),
        "groove_consistency": groove_consistency(rhythm_source, idea.bars),
    }
    for name in reasons:
        values[name] = None
    if "melodic_coherence" not in reasons:
        entropy_fit = 1 - min(1.0, abs(float(values["pitch_class_entropy"] or 0) - 0.75) / 0.75)
        values["melodic_coherence"] = (
            0.35 * min(1.0, float(values["stepwise_ratio"] or 0) / 0.6)
            + 0.35 * float(values["repetition_structure"] or 0)
            + 0.30 * entropy_fit
        )
    if "harmonic_consistency" not in reasons:
        harmonic = [v for v in (values["scale_consistency"], values["chord_tone_ratio"]) if v is not None]
        values["harmonic_consistency"] = sum(harmonic) / len(harmonic)
    values["rhythmic_stability"] = values["groove_consistency"]
    ordered = (
        "scale_consistency",
        "chord_tone_ratio",
        "pitch_class_entropy",
        "stepwise_ratio",
        "repetition_structure",
        "groove_consistency",
        "melodic_coherence",
        "harmonic_consistency",
        "rhythmic_stability",
    )
    metrics: dict[str, Any] = {
        name: None if values.get(name) is None else round(max(0.0, min(1.0, float(values[name] or 0))), 3)
        for name in ordered
    }
    metrics["not_applicable"] = {name: reasons[name] for name in ordered if name in reasons}
    return metrics
