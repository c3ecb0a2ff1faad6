"""The chord progression under a piece of music, per bar or per half bar, as roman numerals in its key.

Each window (a bar, or half a bar where the harmony changes inside it) gets the pitch classes
sounding in it, weighted by how long they sound there; the lowest note sounding at the window's
start is its bass. Every candidate chord of the key (the seven diatonic triads, the major V and
the dominant seventh V7, so a minor key's raised leading tone is read as harmony, not noise) is
scored::

    score = sum(w[pc] for chord tones) - 0.6 * sum(w[pc] for the other pitch classes)
            + 0.4 * W if the bass is the chord's root  (W: the window's total weight)
            + 0.05 * W for I and V (the likelier reading when two chords explain the notes alike)

and the best one is the window's chord. A bar is split in two halves (two beats of 4/4, a dotted
quarter of 6/8; bars of one harmonic slot, such as 3/4 and 2/4, are never split; see
:func:`slots_per_bar`) when the halves' best chords differ and together score more than 0.15 * W
above the bar's best chord. Figures and symbols are :mod:`harmony`'s, which
match music21's ``roman`` conventions.
"""

from __future__ import annotations

from .harmony import ChordSpec, chord_on_degree, voice_chord
from .theory import Key
from .types import ChordEvent, Composition, Note

OUTSIDE_PENALTY = 0.6
BASS_BONUS = 0.4
FUNCTION_BONUS = 0.05
SPLIT_GAIN = 0.15


def chord_candidates(key: Key) -> tuple[ChordSpec, ...]:
    """Every chord a window of ``key`` may be read as: the diatonic triads, V and V7."""
    triads = [chord_on_degree(key, degree) for degree in range(7)]
    dominant = chord_on_degree(key, 4, force_major=True)
    seventh = chord_on_degree(key, 4, "seventh", force_major=True)
    extra = [c for c in (dominant, seventh) if c.pitch_classes not in {t.pitch_classes for t in triads}]
    return tuple(triads + extra)


def slots_per_bar(time_signature: tuple[int, int]) -> int:
    """How many harmonic slots (places a chord may change) a bar has.

    Compound metres: one per dotted beat group (6/8, 12/8 and 6/4: two; 9/8: three). Simple metres
    whose bar is an even number of quarter beats: one every two quarters (4/4 and 2/2: two, 4/2:
    four, 2/4: one). Others (3/4, 5/4, 3/8): one.
    """
    numerator, denominator = time_signature
    if numerator % 3 == 0 and numerator >= 6:
        return 3 if numerator == 9 else 2
    quarters = numerator * 4 / denominator
    if quarters.is_integer() and int(quarters) % 2 == 0:
        return max(1, int(quarters) // 2)
    return 1


class WindowWeights:
    """Pitch-class weights and the bass of fixed-length windows over a set of notes (one pass over the notes)."""

    def __init__(self, notes: list[Note], window_beats: float, windows: int) -> None:
        self.window_beats = window_beats
        self.weights = [[0.0] * 12 for _ in range(windows)]
        self.bass: list[tuple[float, int] | None] = [None] * windows
        for note in notes:
            first = max(0, int(note.start // window_beats))
            last = min(windows - 1, int((note.end - 1e-6) // window_beats))
            for index in range(first, last + 1):
                begin, end = index * window_beats, (index + 1) * window_beats
                overlap = min(end, note.end) - max(begin, note.start)
                if overlap <= 0:
                    continue
                self.weights[index][note.pitch % 12] += overlap
                # The bass: the lowest note sounding in the window's first beat.
                if note.start < begin + 1.0 - 1e-6 and note.end > begin + 1e-6:
                    current = self.bass[index]
                    if current is None or note.pitch < current[1]:
                        self.bass[index] = (overlap, note.pitch)

    def merged(self, first: int, count: int) -> tuple[list[float], int | None]:
        weights = [sum(self.weights[first + i][pc] for i in range(count)) for pc in range(12)]
        bass = self.bass[first]
        return weights, None if bass is None else bass[1] % 12


def score_chord(chord: ChordSpec, weights: list[float], bass: int | None) -> float:
    total = sum(weights)
    tones = set(chord.pitch_classes)
    inside = sum(weights[pc] for pc in tones)
    score = inside - OUTSIDE_PENALTY * (total - inside)
    if bass is not None and bass == chord.root:
        score += BASS_BONUS * total
    if chord.degree in (0, 4):
        score += FUNCTION_BONUS * total
    return score


def best_chord(candidates: tuple[ChordSpec, ...], weights: list[float], bass: int | None) -> tuple[ChordSpec, float]:
    scored = [(score_chord(c, weights, bass), -i, c) for i, c in enumerate(candidates)]
    score, _, chord = max(scored)
    return chord, score


def read_progression(idea: Composition, key: Key) -> list[ChordEvent]:
    """The chords under ``idea`` (its pitched parts) in ``key``; windows with no pitched note get none."""
    pitched = [n for p in idea.parts if not p.is_drum for n in p.notes]
    slots = slots_per_bar(idea.time_signature)
    bar_beats = idea.beats_per_bar
    window = WindowWeights(pitched, bar_beats / slots, idea.bars * slots)
    candidates = chord_candidates(key)
    events: list[ChordEvent] = []
    previous: tuple[int, ...] | None = None
    for bar in range(idea.bars):
        weights, bass = window.merged(bar * slots, slots)
        total = sum(weights)
        if total <= 0:
            continue
        chord, score = best_chord(candidates, weights, bass)
        readings: list[tuple[float, float, ChordSpec]] = [(0.0, 1.0, chord)]
        if slots % 2 == 0:
            halves = []
            half_slots = slots // 2
            for half in range(2):
                half_weights, half_bass = window.merged(bar * slots + half * half_slots, half_slots)
                if sum(half_weights) > 0:
                    halves.append((half, *best_chord(candidates, half_weights, half_bass)))
            differ = len(halves) == 2 and halves[0][1] != halves[1][1]
            if differ and halves[0][2] + halves[1][2] > score + SPLIT_GAIN * total:
                readings = [(0.0, 0.5, halves[0][1]), (0.5, 0.5, halves[1][1])]
        for offset, length, spec in readings:
            pitches = voice_chord(spec, previous)
            previous = pitches
            events.append(
                ChordEvent(
                    pitches=pitches,
                    roman_numeral=spec.roman,
                    start_bar=bar + offset,
                    duration_bars=length,
                    root=spec.root,
                    symbol=spec.symbol,
                )
            )
    return events
