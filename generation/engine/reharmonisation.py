"""A new progression under a given melody: its strong-beat notes as chord tones, in the requested mood and genre.

The melody is cut into harmonic slots (half bars in 4/4 and 6/8, bars in 3/4). Every candidate chord
of the key (the seven diatonic triads, the major V, and for a chromatic note on a strong beat the
secondary dominant it leads from, ``V/x``) is scored on each slot, and the best path through the
slots is found by dynamic programming (Viterbi), so the choice is the best progression, not the best
chord slot by slot. Per slot, for a chord ``c``::

    3 * (strong-beat notes in c - strong-beat notes outside c)    (a slot's first beat)
    + (beats the melody sounds a tone of c) - 0.5 * (beats it sounds other tones)
    + 0.4 if the mood leans to the chord's quality (dark, sad... minor; happy, uplifting... major)
    + 0.3 if the genre's own progressions use the numeral
    + 1 for the tonic on the first slot, 2 on the last; 1 for the dominant on the one before
    + seeded noise in [0, 0.3)  (near-equal readings differ from seed to seed)

and per move from ``a`` to ``b``: +1 for a root falling a fifth, +0.5 for a root rising a step or
falling a third, -0.5 for the same chord again across a bar line, -0.8 for a chord change in the
middle of a bar when ``chord_rhythm`` is ``auto`` (none at all with ``bar``), and a secondary
dominant earns +1 when it resolves to its target, -1 when it does not. Equal halves of a bar merge
into one chord. A genre that likes sevenths (``GenreProfile.seventh_chords``) gets them on that
share of chords (a seventh keeps every tone of the triad, so no strong-beat note falls out).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .genres import GenreProfile
from .harmony import ChordSpec, chord_on_degree, voice_chord, with_kind
from .theory import Key
from .types import ChordEvent, Note

MINOR_MOODS = frozenset({"dark", "sad", "melancholic", "tense", "mysterious", "emotional", "nostalgic", "aggressive"})
MAJOR_MOODS = frozenset({"happy", "uplifting", "euphoric", "hopeful", "energetic", "confident"})
CHORD_RHYTHMS = ("auto", "bar", "half_bar")
STRONG_WEIGHT = 3.0
IMPOSSIBLE = -1e9


@dataclass(frozen=True, slots=True)
class Candidate:
    spec: ChordSpec
    target: int | None = None  # a secondary dominant's chord of resolution (its root)


def _secondary(key: Key, pitch_class: int) -> Candidate | None:
    """The secondary dominant whose third is the chromatic ``pitch_class`` (F# in C: D = V/V)."""
    root = (pitch_class - 4) % 12
    target_root = (root + 5) % 12
    for degree in range(1, 7):
        target = chord_on_degree(key, degree)
        if target.root == target_root and target.quality in ("major", "minor"):
            name = key.spell(root)
            pcs = (root, pitch_class, (root + 7) % 12)
            spec = ChordSpec(degree=degree, pitch_classes=pcs, quality="major", roman=f"V/{target.roman}", symbol=name)
            return Candidate(spec, target_root)
    return None


def candidates_for(key: Key, strong_pitch_classes: set[int]) -> list[Candidate]:
    found = [Candidate(chord_on_degree(key, d)) for d in range(7)]
    dominant = chord_on_degree(key, 4, force_major=True)
    if dominant.pitch_classes != found[4].spec.pitch_classes:
        found.append(Candidate(dominant))
    diatonic = {pc for c in found for pc in c.spec.pitch_classes}
    for pitch_class in sorted(strong_pitch_classes - diatonic):
        secondary = _secondary(key, pitch_class)
        if secondary is not None:
            found.append(secondary)
    return found


def _slot_notes(melody: list[Note], slot_beats: float, slots: int) -> list[tuple[list[int], list[float]]]:
    """Per slot: the strong-beat pitch classes (onsets on its first beat) and beats per pitch class."""
    table: list[tuple[list[int], list[float]]] = [([], [0.0] * 12) for _ in range(slots)]
    for note in melody:
        first = int(note.start // slot_beats)
        if 0 <= first < slots and abs(note.start - first * slot_beats) < 1 / 32:
            table[first][0].append(note.pitch % 12)
        index = max(0, first)
        while index < slots and index * slot_beats < note.end - 1e-6:
            overlap = min(note.end, (index + 1) * slot_beats) - max(note.start, index * slot_beats)
            table[index][1][note.pitch % 12] += max(0.0, overlap)
            index += 1
    return table


def _emission(
    candidate: Candidate, strong: list[int], sounding: list[float], mood: str, genre_numerals: set[str]
) -> float:
    tones = set(candidate.spec.pitch_classes)
    inside = sum(1 for pc in strong if pc in tones)
    score = STRONG_WEIGHT * (inside - (len(strong) - inside))
    held = sum(sounding[pc] for pc in tones)
    score += held - 0.5 * (sum(sounding) - held)
    quality = candidate.spec.quality
    if (mood in MINOR_MOODS and quality == "minor") or (mood in MAJOR_MOODS and quality == "major"):
        score += 0.4
    if candidate.target is None and candidate.spec.roman.rstrip("7") in genre_numerals:
        score += 0.3
    return score


def _transition(a: Candidate, b: Candidate, *, bar_line: bool, rhythm: str) -> float:
    if not bar_line and a.spec.pitch_classes != b.spec.pitch_classes:
        if rhythm == "bar":
            return IMPOSSIBLE
        if rhythm == "auto":
            return -0.8
    if a.target is not None:
        return 1.0 if b.spec.root == a.target else -1.0
    motion = (b.spec.root - a.spec.root) % 12
    if motion == 0:
        return -0.5 if bar_line and a.spec == b.spec else 0.0
    if motion == 5:
        return 1.0
    if motion in (2, 8, 9):
        return 0.5
    return 0.0


def reharmonise(
    melody: list[Note],
    *,
    key: Key,
    bars: int,
    beats_per_bar: float,
    slots_per_bar: int,
    mood: str,
    genre: GenreProfile,
    chord_rhythm: str,
    seed: int,
) -> list[ChordEvent]:
    """The new progression under ``melody`` (see the module docstring), voiced with least movement."""
    rng = random.Random(seed)
    slot_count = bars * slots_per_bar
    table = _slot_notes(melody, beats_per_bar / slots_per_bar, slot_count)
    strong_all = {pc for strong, _ in table for pc in strong}
    candidates = candidates_for(key, strong_all)
    progressions = genre.minor_progressions if key.is_minor else genre.major_progressions
    numerals = {figure.rstrip("7") for progression in progressions for figure in progression}
    tonic, dominant = chord_on_degree(key, 0).pitch_classes, chord_on_degree(key, 4).root

    def emission(slot: int, candidate: Candidate) -> float:
        strong, sounding = table[slot]
        score = _emission(candidate, strong, sounding, mood, numerals) + rng.uniform(0, 0.3)
        if slot == 0 and candidate.spec.pitch_classes == tonic:
            score += 1.0
        if slot == slot_count - 1:
            score += 2.0 if candidate.spec.pitch_classes == tonic else 0.0
        if slot == slot_count - 2 and candidate.spec.root == dominant and candidate.target is None:
            score += 1.0
        return score

    best = [emission(0, c) for c in candidates]
    back: list[list[int]] = []
    for slot in range(1, slot_count):
        bar_line = slot % slots_per_bar == 0
        pointers, scores = [], []
        for b in candidates:
            options = [
                best[i] + _transition(a, b, bar_line=bar_line, rhythm=chord_rhythm) for i, a in enumerate(candidates)
            ]
            choice = max(range(len(options)), key=options.__getitem__)
            pointers.append(choice)
            scores.append(options[choice] + emission(slot, b))
        back.append(pointers)
        best = scores
    path = [max(range(len(best)), key=best.__getitem__)]
    for pointers in reversed(back):
        path.append(pointers[path[-1]])
    path.reverse()
    return _events([candidates[i] for i in path], key, genre, slots_per_bar, melody, rng)


def _events(
    chosen: list[Candidate], key: Key, genre: GenreProfile, slots_per_bar: int, melody: list[Note], rng: random.Random
) -> list[ChordEvent]:
    pitches = sorted(n.pitch for n in melody) or [72]
    center = max(52, min(62, pitches[len(pitches) // 2] - 14))  # the voicing sits under the tune
    events: list[ChordEvent] = []
    previous: tuple[int, ...] | None = None
    slot = 0
    while slot < len(chosen):
        candidate = chosen[slot]
        length = 1
        while (
            slot + length < len(chosen)
            and (slot + length) % slots_per_bar != 0
            and chosen[slot + length].spec == candidate.spec
        ):
            length += 1
        spec = candidate.spec
        if candidate.target is None and rng.random() < genre.seventh_chords:
            spec = with_kind(key, spec, "seventh") if spec.roman[-1:] != "7" else spec
        previous = voice_chord(spec, previous, center=center)
        events.append(
            ChordEvent(
                pitches=previous,
                roman_numeral=spec.roman,
                start_bar=slot / slots_per_bar,
                duration_bars=length / slots_per_bar,
                root=spec.root,
                symbol=spec.symbol,
            )
        )
        slot += length
    return events
