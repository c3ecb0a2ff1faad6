"""The arpeggiator: a chord's tones across octaves in a pattern, at a rate, with a gate.

Patterns: ``up``, ``down``, ``updown`` (up then down without repeating the ends), ``downup``,
``random`` (a seeded shuffle per cycle), ``converge`` (outside in: lowest, highest, second
lowest...), ``diverge`` (inside out, from the middle), ``chord`` (all tones together on each step).
The source is either ``chord_offsets`` (semitones above the key's tonic, as in the Co-Prod spec's
``"chord": [0, 4, 7]``), or the chords of a progression (following each chord), or the key's
tonic triad.
"""

from __future__ import annotations

import random

from .errors import EngineParameterError
from .harmony import chord_on_degree
from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Note, Part

ARP_PATTERNS = ("up", "down", "updown", "downup", "random", "converge", "diverge", "chord")
ARP_BASE = 60


def parse_pattern(pattern: object) -> str:
    if not isinstance(pattern, str) or pattern.strip().lower() not in ARP_PATTERNS:
        raise EngineParameterError.choice("pattern", pattern, ARP_PATTERNS)
    return pattern.strip().lower()


def arpeggio_order(tones: list[int], pattern: str, rng: random.Random) -> list[list[int]]:
    """One cycle of the pattern over ascending ``tones``; each step is a list of pitches to sound."""
    ascending = sorted(tones)
    if pattern == "up":
        order = ascending
    elif pattern == "down":
        order = ascending[::-1]
    elif pattern == "updown":
        order = ascending + ascending[-2:0:-1]
    elif pattern == "downup":
        order = ascending[::-1] + ascending[1:-1]
    elif pattern == "random":
        order = ascending[:]
        rng.shuffle(order)
    elif pattern == "converge":
        order = []
        low, high = 0, len(ascending) - 1
        while low <= high:
            order.append(ascending[low])
            if high != low:
                order.append(ascending[high])
            low, high = low + 1, high - 1
    elif pattern == "diverge":
        middle = (len(ascending) - 1) // 2
        order = [ascending[middle]]
        for distance in range(1, len(ascending)):
            for index in (middle - distance, middle + distance):
                if 0 <= index < len(ascending) and ascending[index] not in order:
                    order.append(ascending[index])
    else:
        return [ascending]
    return [[p] for p in order]


def _tones(base: list[int], octave_range: int) -> list[int]:
    tones = sorted({p + 12 * octave for octave in range(octave_range) for p in base})
    return [p for p in tones if 0 <= p <= 127]


def compose_arpeggio(
    *,
    key: Key,
    bars: int,
    pattern: str = "up",
    chord_offsets: list[int] | None = None,
    chords: list[ChordEvent] | None = None,
    octave_range: int = 2,
    rate: float = 0.25,
    gate: float = 0.8,
    seed: int,
    program: int = 81,
) -> Part:
    """An arpeggio of exactly ``bars`` bars: one note (or chord) every ``rate`` beats, held ``gate`` of it."""
    pattern = parse_pattern(pattern)
    rng = random.Random(seed)
    total = bars * BEATS_PER_BAR
    notes: list[Note] = []
    steps = round(total / rate)
    cycle: list[list[int]] = []
    cycle_source: tuple[int, ...] | None = None
    position_in_cycle = 0
    for index in range(steps):
        onset = index * rate
        if chord_offsets is not None:
            base = [ARP_BASE + key.tonic + offset for offset in chord_offsets]
        elif chords:
            bar = onset / BEATS_PER_BAR
            event = next((c for c in chords if c.start_bar <= bar < c.start_bar + c.duration_bars), chords[-1])
            root = ARP_BASE + (event.root - ARP_BASE) % 12
            base = sorted(root + (p - event.root) % 12 for p in event.pitches)
        else:
            base = [ARP_BASE + key.tonic + (pc - key.tonic) % 12 for pc in chord_on_degree(key, 0).pitch_classes]
        source = tuple(base)
        if source != cycle_source or position_in_cycle >= len(cycle):
            if source != cycle_source:
                position_in_cycle = 0
            cycle = arpeggio_order(_tones(base, octave_range), pattern, rng)
            cycle_source = source
            position_in_cycle = position_in_cycle % max(1, len(cycle))
        pitches = cycle[position_in_cycle]
        position_in_cycle += 1
        accent = 100 if abs(onset - round(onset)) < 1e-9 else 82
        for pitch in pitches:
            notes.append(Note(pitch, round(onset, 4), round(rate * gate, 4), accent))
    return Part(name="arp", program=program, notes=notes)
