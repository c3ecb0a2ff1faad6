"""Continue a piece by N bars in its own style, ending on a cadence.

The piece is first analysed (:mod:`generation.engine.analysis`): its key, metre, each part's role
and the progression under it. Then, bar by bar:

* **Harmony**: the new bars replay the piece's own progression from its start (bar ``i`` takes the
  chords of source bar ``i mod B``), except the cadence: the last bar is the tonic (I or i), the one
  before it the dominant (V); a one-bar continuation in 4/4 or 6/8 plays V then I in halves.
* **Melody** (and other single lines): each new bar takes the rhythm and contour of a source bar
  (its rhythm cells, chosen per seed among the bars at the same place in a four-bar phrase),
  moved along the scale by the distance between the two bars' chord roots, folded into the
  line's own register; notes on the bar's strong beats move to the nearest tone of the new chord,
  weak notes stay in the scale (a seeded few step to a neighbour, so the line does not merely
  repeat). The line's last note before the cadence is the chord tone of V nearest the tonic (the
  leading tone or the second degree), and it ends on the tonic, held for the last bar. A note that
  would leap further than the line ever leaps moves an octave towards the note before it.
* **Bass**: the source bar's rhythm moved by the root interval (roots land on the new roots), in
  the scale; the last bar holds the tonic.
* **Chordal parts and inner voices**: each note of the source bar moves to the nearest tone of the
  new chord (so the voicing keeps its register and moves little); the last bar holds the tonic chord.
* **Drums**: the source bar's pattern, as it was.
"""

from __future__ import annotations

import random
from dataclasses import replace

from .chord_reading import slots_per_bar
from .harmony import ChordSpec, chord_from_figure, chord_on_degree, voice_chord
from .roles import PartReading
from .theory import Key
from .types import ChordEvent, Composition, Note, Part

PHRASE_BARS = 4
NEIGHBOUR_SHARE = 0.2


def chord_at(chords: list[ChordEvent], bar_position: float) -> ChordEvent | None:
    return next((c for c in chords if c.start_bar <= bar_position + 1e-9 < c.start_bar + c.duration_bars), None)


def degree_of(key: Key, pitch: int) -> int:
    """A pitch as an absolute scale degree (octave * steps + index), snapped into the scale."""
    snapped = key.snap(pitch)
    steps = len(key.intervals)
    octave, offset = divmod(snapped - key.tonic, 12)
    index = key.intervals.index(offset) if offset in key.intervals else 0
    return octave * steps + index


def pitch_of(key: Key, degree: int) -> int:
    steps = len(key.intervals)
    octave, index = divmod(degree, steps)
    return key.tonic + 12 * octave + key.intervals[index]


def nearest_tone(pitch: int, pitch_classes: tuple[int, ...], low: int = 0, high: int = 127) -> int:
    """The pitch nearest ``pitch`` whose class is in ``pitch_classes`` (inside ``low``-``high`` when possible)."""
    candidates = [p for p in range(pitch - 6, pitch + 7) if p % 12 in pitch_classes and low <= p <= high]
    if not candidates:
        candidates = [p for p in range(pitch - 6, pitch + 7) if p % 12 in pitch_classes]
    return min(candidates, key=lambda p: (abs(p - pitch), p))


def fold(pitch: int, low: int, high: int) -> int:
    while pitch > high and pitch - 12 >= 0:
        pitch -= 12
    while pitch < low and pitch + 12 <= 127:
        pitch += 12
    return pitch


def plan_chords(idea: Composition, key: Key, bars: int, slots: int) -> list[list[ChordSpec]]:
    """The chords of each new bar (one per harmonic slot used): the piece's own, then V - I."""
    source: list[list[ChordSpec]] = []
    for bar in range(idea.bars):
        events = [c for c in idea.chords if bar <= c.start_bar < bar + 1]
        specs = [chord_from_figure(key, e.roman_numeral) for e in events if e.roman_numeral]
        source.append(specs or (source[-1] if source else [chord_on_degree(key, 0)]))
    tonic, dominant = chord_on_degree(key, 0), chord_on_degree(key, 4, force_major=True)
    plan = [list(source[i % len(source)]) for i in range(bars)]
    if bars >= 2:
        plan[-2], plan[-1] = [dominant], [tonic]
    else:
        plan[-1] = [dominant, tonic] if slots % 2 == 0 else [tonic]
    return plan


def _spec_at(plan_bar: list[ChordSpec], position: float) -> ChordSpec:
    """The chord of a planned bar at ``position`` (0-1 of the bar)."""
    return plan_bar[min(len(plan_bar) - 1, int(position * len(plan_bar)))]


def _source_bar(bar: int, source_bars: list[int], rng: random.Random) -> int:
    same_place = [b for b in source_bars if b % PHRASE_BARS == bar % PHRASE_BARS]
    return rng.choice(same_place or source_bars)


def _notes_by_bar(part: Part, beats: float) -> dict[int, list[Note]]:
    by_bar: dict[int, list[Note]] = {}
    for note in part.notes:
        by_bar.setdefault(int((note.start + 1e-6) // beats), []).append(note)
    return by_bar


def continue_idea(idea: Composition, roles: list[PartReading], *, bars: int, seed: int) -> Composition:
    """``idea`` (analysed: in its key, with its progression) followed by ``bars`` new bars."""
    rng = random.Random(seed)
    key = Key(idea.tonic, idea.scale)
    beats = idea.beats_per_bar
    slots = slots_per_bar(idea.time_signature)
    plan = plan_chords(idea, key, bars, slots)
    tonic_spec = chord_on_degree(key, 0)
    new_parts = []
    for reading, part in zip(roles, idea.parts, strict=True):
        by_bar = _notes_by_bar(part, beats)
        with_notes = sorted(b for b in by_bar if 0 <= b < idea.bars)
        added: list[Note] = []
        pitches = [n.pitch for n in part.notes] or [60]
        low, high = min(pitches), max(max(pitches), min(pitches) + 12)
        for i in range(bars):
            if not with_notes:
                break
            bar = idea.bars + i
            last = i == bars - 1
            src = _source_bar(i, with_notes, rng)
            src_notes = by_bar[src]
            shift = (bar - src) * beats
            src_spec = _spec_at_source(idea, key, src)
            if part.is_drum:
                added += [replace(n, start=round(n.start + shift, 4)) for n in src_notes]
            elif last:
                added += _final_bar(reading.role, src_notes, key, tonic_spec, bar * beats, beats, low, high, added)
            else:
                added += _moved_bar(
                    reading.role,
                    src_notes,
                    key,
                    (src_spec, plan[i]),
                    shift,
                    src * beats,
                    beats,
                    slots,
                    (low, high),
                    rng,
                )
        if reading.role in ("melody", "bass") and added:
            added.sort(key=lambda n: (n.start, n.pitch))
            before = part.notes[-1].pitch if part.notes else added[0].pitch
            _smooth_leaps(added, before, _largest_leap(part.notes), (low, high))
            if bars >= 2:
                _lead_into_tonic(added, plan, idea.bars, beats)
        new_parts.append(replace(part, notes=[*part.notes, *sorted(added, key=lambda n: (n.start, n.pitch))]))
    chords = list(idea.chords)
    previous = chords[-1].pitches if chords else None
    for i, bar_specs in enumerate(plan):
        for slot, spec in enumerate(bar_specs):
            previous = voice_chord(spec, previous)
            length = 1.0 / len(bar_specs)
            chords.append(
                ChordEvent(previous, spec.roman, idea.bars + i + slot * length, length, spec.root, spec.symbol)
            )
    return replace(idea, bars=idea.bars + bars, parts=new_parts, chords=chords)


def _spec_at_source(idea: Composition, key: Key, bar: int) -> ChordSpec:
    event = chord_at(idea.chords, bar)
    return chord_from_figure(key, event.roman_numeral) if event and event.roman_numeral else chord_on_degree(key, 0)


def _moved_bar(
    role: str,
    notes: list[Note],
    key: Key,
    chords: tuple[ChordSpec, list[ChordSpec]],
    shift: float,
    src_start: float,
    beats: float,
    slots: int,
    register: tuple[int, int],
    rng: random.Random,
) -> list[Note]:
    """A source bar's notes moved to the new bar's chords (see the module's docstring, by role)."""
    src_spec, plan_bar = chords
    low, high = register
    moved = []
    chordal = role == "harmony"
    for note in notes:
        position = (note.start - src_start) / beats
        spec = _spec_at(plan_bar, position)
        strong = abs(position * slots - round(position * slots)) < 1e-6  # on a harmonic slot's first beat
        if chordal:
            pitch = nearest_tone(note.pitch, spec.pitch_classes)
        elif role == "bass":
            interval = (spec.root - src_spec.root) % 12
            interval = interval - 12 if interval > 6 else interval
            pitch = key.snap(fold(note.pitch + interval, low, high))
            if strong:
                pitch = nearest_tone(pitch, spec.pitch_classes, low, high)
        else:
            steps = degree_of(key, spec.root + 60) - degree_of(key, src_spec.root + 60)
            steps = (steps + 3) % 7 - 3  # the nearer way round
            degree = degree_of(key, note.pitch) + steps
            if not strong and rng.random() < NEIGHBOUR_SHARE:
                degree += rng.choice((-1, 1))
            pitch = fold(pitch_of(key, degree), low, high)
            if strong:
                pitch = nearest_tone(pitch, spec.pitch_classes, low, high)
        moved.append(replace(note, pitch=max(0, min(127, pitch)), start=round(note.start + shift, 4)))
    return moved


def _final_bar(
    role: str,
    notes: list[Note],
    key: Key,
    tonic: ChordSpec,
    start: float,
    beats: float,
    low: int,
    high: int,
    before: list[Note],
) -> list[Note]:
    """The cadence's last bar: the tonic (a line's tonic, the bass's root, the chord's tones) held."""
    velocity = max((n.velocity for n in notes), default=90)
    if role == "harmony":
        first = min(n.start for n in notes)
        onset = [n for n in notes if abs(n.start - first) < 1e-6]
        pitches = sorted({nearest_tone(n.pitch, tonic.pitch_classes) for n in onset})
        return [Note(p, round(start, 4), beats, velocity) for p in pitches]
    previous = before[-1].pitch if before else (notes[0].pitch if notes else 60)
    pitch = nearest_tone(previous, (key.tonic,), low, high)
    return [Note(pitch, round(start, 4), beats, velocity)]


def _largest_leap(notes: list[Note]) -> int:
    """The widest interval between successive notes of a line (5-12): how far its continuation may leap."""
    ordered = sorted(notes, key=lambda n: n.start)
    leaps = [abs(b.pitch - a.pitch) for a, b in zip(ordered, ordered[1:], strict=False)]
    return max(5, min(12, max(leaps, default=5)))


def _smooth_leaps(added: list[Note], before: int, limit: int, register: tuple[int, int]) -> None:
    """A note leaping further than the line ever does moves an octave towards the note before it.

    An octave keeps the pitch class, so a chord tone stays a chord tone and the cadence its tonic.
    """
    low, high = register
    previous = before
    for index, note in enumerate(added):
        pitch = note.pitch
        if abs(pitch - previous) > limit:
            closer = pitch - 12 if pitch > previous else pitch + 12
            if abs(closer - previous) < abs(pitch - previous) and low - 2 <= closer <= high + 2:
                pitch = closer
                added[index] = replace(note, pitch=pitch)
        previous = pitch


def _lead_into_tonic(added: list[Note], plan: list[list[ChordSpec]], first_bar: int, beats: float) -> None:
    """The last note before the final bar becomes the tone of V nearest the final tonic."""
    final_start = (first_bar + len(plan) - 1) * beats
    before = [i for i, n in enumerate(added) if n.start < final_start - 1e-6]
    finals = [n for n in added if n.start >= final_start - 1e-6]
    if not before or not finals:
        return
    index = before[-1]
    target = finals[0].pitch
    dominant = plan[-2][-1]
    pitch = min(
        (p for p in range(target - 4, target + 5) if p % 12 in dominant.pitch_classes and p != target),
        key=lambda p: (abs(p - target), p),
        default=added[index].pitch,
    )
    added[index] = replace(added[index], pitch=pitch)
