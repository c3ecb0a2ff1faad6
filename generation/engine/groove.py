"""Groove: quantise or humanise timing and velocity with a named feel, or take the groove of another idea.

A **feel** (:data:`FEELS`) is five numbers, each overridable by the tool's parameters:

* ``quantize`` 0-1: how far each onset moves towards the grid (``grid``: eighths or sixteenths);
* ``swing`` 0-1: 0 straight ... 1 triplet; the off-beat of every pair of grid steps is delayed by
  ``swing * (2/3 - 1/2) * 2 * grid`` beats (at 1/8 and full swing: a sixth of a beat);
* ``timing_ms``: every note pushed ahead (negative) or laid back (positive) by this many
  milliseconds at the idea's tempo;
* ``humanize`` 0-1: seeded random timing of at most ``0.02 * humanize`` beats and velocity of at
  most ``12 * humanize``;
* ``accent``: velocity added on the beat and taken off the off-beats.

**Groove templates**: :func:`extract_groove` reads another idea's groove (its drums if it has some,
else all its notes): for every grid step of the bar, the mean distance of its onsets from the grid
and their mean velocity. :func:`apply_groove` quantises each note, then moves it by its step's
distance and blends its velocity with the step's (``amount`` 0-1); a step the template never plays
takes the mean of the template's steps of the same kind (on-beat or off-beat).
Durations are kept; a note never starts before 0 or ends after the idea's last beat.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from .types import Composition, Note, Part

GRIDS = {"1/8": 0.5, "1/16": 0.25}
MAX_JITTER_BEATS = 0.02
MAX_VELOCITY_JITTER = 12


@dataclass(frozen=True, slots=True)
class Feel:
    quantize: float
    swing: float
    timing_ms: float
    humanize: float
    accent: int


FEELS: dict[str, Feel] = {
    "straight": Feel(quantize=1.0, swing=0.0, timing_ms=0.0, humanize=0.0, accent=0),
    "quantize": Feel(quantize=1.0, swing=0.0, timing_ms=0.0, humanize=0.0, accent=0),
    "light_swing": Feel(quantize=1.0, swing=0.33, timing_ms=0.0, humanize=0.1, accent=4),
    "swing": Feel(quantize=1.0, swing=0.66, timing_ms=0.0, humanize=0.15, accent=6),
    "shuffle": Feel(quantize=1.0, swing=1.0, timing_ms=0.0, humanize=0.1, accent=8),
    "mpc": Feel(quantize=1.0, swing=0.48, timing_ms=0.0, humanize=0.0, accent=5),
    "push": Feel(quantize=0.5, swing=0.0, timing_ms=-15.0, humanize=0.15, accent=4),
    "lay_back": Feel(quantize=0.5, swing=0.2, timing_ms=20.0, humanize=0.2, accent=3),
    "humanize": Feel(quantize=0.0, swing=0.0, timing_ms=0.0, humanize=0.5, accent=0),
}
FEEL_NAMES = tuple(FEELS)


@dataclass(frozen=True, slots=True)
class Groove:
    """Per grid step of a bar: mean onset offset (beats) and mean velocity, ``None`` where nothing plays."""

    grid: float
    offsets: tuple[float | None, ...]
    velocities: tuple[float | None, ...]

    def at(self, step: int) -> tuple[float, float | None]:
        steps = len(self.offsets)
        index = step % steps
        offset, velocity = self.offsets[index], self.velocities[index]
        if offset is None:
            same_kind = [o for i, o in enumerate(self.offsets) if o is not None and i % 2 == index % 2]
            offset = sum(same_kind) / len(same_kind) if same_kind else 0.0
            kind_velocities = [v for i, v in enumerate(self.velocities) if v is not None and i % 2 == index % 2]
            velocity = sum(kind_velocities) / len(kind_velocities) if kind_velocities else None
        return offset, velocity


def _bounded(note: Note, start: float, velocity: float, total_beats: float) -> Note:
    start = max(0.0, min(start, total_beats - 1 / 64))
    duration = max(1 / 64, min(note.duration, total_beats - start))
    return replace(note, start=round(start, 4), duration=round(duration, 4), velocity=max(1, min(127, round(velocity))))


def apply_feel(idea: Composition, feel: Feel, *, grid: float, seed: int, parts: set[str] | None = None) -> Composition:
    """``idea`` with ``feel`` applied to its parts (to the parts named in ``parts`` only, if given)."""
    rng = random.Random(seed)
    delay = feel.swing * (2 / 3 - 1 / 2) * 2 * grid
    shift = feel.timing_ms / 1000 * idea.bpm / 60
    total = idea.total_beats
    new_parts: list[Part] = []
    for part in idea.parts:
        if parts is not None and part.name not in parts:
            new_parts.append(part)
            continue
        notes = []
        for note in part.notes:
            step = round(note.start / grid)
            start = note.start + feel.quantize * (step * grid - note.start)
            if step % 2 == 1:
                start += delay
            start += shift + rng.uniform(-1, 1) * MAX_JITTER_BEATS * feel.humanize
            on_beat = abs(step * grid - round(step * grid)) < 1e-9
            velocity = float(note.velocity + (feel.accent if on_beat else -feel.accent))
            velocity += rng.uniform(-1, 1) * MAX_VELOCITY_JITTER * feel.humanize
            notes.append(_bounded(note, start, velocity, total))
        new_parts.append(replace(part, notes=sorted(notes, key=lambda n: (n.start, n.pitch))))
    return replace(idea, parts=new_parts)


def extract_groove(template: Composition, grid: float) -> Groove:
    """The groove of ``template`` on ``grid`` (see the module docstring)."""
    drums = [n for p in template.parts if p.is_drum for n in p.notes]
    notes = drums or [n for p in template.parts for n in p.notes]
    steps = max(1, round(template.beats_per_bar / grid))
    offsets: list[list[float]] = [[] for _ in range(steps)]
    velocities: list[list[float]] = [[] for _ in range(steps)]
    for note in notes:
        step = round(note.start / grid)
        offsets[step % steps].append(note.start - step * grid)
        velocities[step % steps].append(note.velocity)
    return Groove(
        grid=grid,
        offsets=tuple(sum(o) / len(o) if o else None for o in offsets),
        velocities=tuple(sum(v) / len(v) if v else None for v in velocities),
    )


def apply_groove(idea: Composition, groove: Groove, *, amount: float, parts: set[str] | None = None) -> Composition:
    """``idea`` quantised to the groove's grid and moved onto its offsets and velocities (``amount`` 0-1)."""
    total = idea.total_beats
    new_parts = []
    for part in idea.parts:
        if parts is not None and part.name not in parts:
            new_parts.append(part)
            continue
        notes = []
        for note in part.notes:
            step = round(note.start / groove.grid)
            offset, velocity = groove.at(step)
            target = step * groove.grid + offset
            start = note.start + amount * (target - note.start)
            level = note.velocity if velocity is None else note.velocity + amount * (velocity - note.velocity)
            notes.append(_bounded(note, start, level, total))
        new_parts.append(replace(part, notes=sorted(notes, key=lambda n: (n.start, n.pitch))))
    return replace(idea, parts=new_parts)
