"""Rhythm variation of a motif: the operations that keep a phrase recognisable while changing its rhythm.

A phrase is a list of :class:`Event` s (onset and length in beats from the phrase start, and the
pitch offset in scale steps the motif gives the note). Songwriters vary a motif's rhythm from one
phrase to the next with a handful of moves, each implemented here and each keeping onsets on the
sixteenth grid and the events in order without overlaps:

* ``split``: one note becomes two (an eighth into two sixteenths, a quarter into two eighths);
* ``merge``: two notes become one long note;
* ``anticipate``: a note on the beat is pushed an eighth or a sixteenth early and held across the
  beat (the pop "push" into beat 1 or 3);
* ``rest``: a note inside the phrase is left out, leaving a silence;
* ``late_start``: the phrase starts after the downbeat (on the "and" of one, or on beat two).

:func:`vary_rhythm` applies ``amount`` of them, chosen by the genre's syncopation.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

GRID = 0.25
MIN_LENGTH = 0.25


@dataclass(frozen=True, slots=True)
class Event:
    onset: float
    duration: float
    offset: int


def _on_grid(value: float) -> float:
    return round(value / GRID) * GRID


def split(events: list[Event], rng: random.Random, shortest: float = MIN_LENGTH) -> list[Event]:
    """One note into two; no piece shorter than ``shortest`` (an eighth in a line without sixteenths)."""
    candidates = [
        i for i, e in enumerate(events[:-1]) if e.duration >= 2 * shortest and _on_grid(e.duration / 2) >= shortest
    ]
    if not candidates:
        return events
    i = rng.choice(candidates)
    event = events[i]
    first = _on_grid(event.duration / 2)
    step = rng.choice((-1, 0, 1))
    return [
        *events[:i],
        Event(event.onset, first, event.offset),
        Event(event.onset + first, event.duration - first, event.offset + step),
        *events[i + 1 :],
    ]


def merge(events: list[Event], rng: random.Random) -> list[Event]:
    candidates = [i for i in range(len(events) - 2) if events[i].duration + events[i + 1].duration <= 2.0]
    if not candidates or len(events) < 4:
        return events
    i = rng.choice(candidates)
    a, b = events[i], events[i + 1]
    return [*events[:i], Event(a.onset, b.onset + b.duration - a.onset, a.offset), *events[i + 2 :]]


def anticipate(events: list[Event], rng: random.Random, amount: float | None = None) -> list[Event]:
    """Push a note that starts on beat 1 or 3 of a bar (not the phrase's first) early, held across the beat."""
    push = amount if amount is not None else rng.choice((0.5, 0.5, 0.25))
    candidates = [
        i
        for i in range(1, len(events))
        if abs(events[i].onset % 2) < 1e-9 and events[i - 1].onset <= events[i].onset - push - MIN_LENGTH + 1e-9
    ]
    if not candidates:
        return events
    i = rng.choice(candidates)
    before, event = events[i - 1], events[i]
    onset = event.onset - push
    shortened = Event(before.onset, min(before.duration, onset - before.onset), before.offset)
    return [*events[: i - 1], shortened, Event(onset, event.duration + push, event.offset), *events[i + 1 :]]


def rest(events: list[Event], rng: random.Random) -> list[Event]:
    """Leave out an inner note that does not start on a bar's downbeat: a breath inside the phrase."""
    candidates = [i for i in range(1, len(events) - 1) if events[i].onset % 4 > 1e-9]
    if not candidates or len(events) < 4:
        return events
    i = rng.choice(candidates)
    return [*events[:i], *events[i + 1 :]]


def late_start(events: list[Event], rng: random.Random) -> list[Event]:
    if len(events) < 3 or events[0].onset > 0:
        return events
    delay = rng.choice((0.5, 1.0))
    first = events[0]
    if first.duration > delay + MIN_LENGTH - 1e-9:
        return [Event(delay, first.duration - delay, first.offset), *events[1:]]
    if events[1].onset <= delay + 1e-9:
        return events[1:]  # the first note goes: the phrase starts on the second
    return events


Move = Callable[[list[Event], random.Random], list[Event]]
MOVES: dict[str, Move] = {
    "split": split,
    "merge": merge,
    "anticipate": anticipate,
    "rest": rest,
    "late_start": late_start,
}


def vary_rhythm(
    events: list[Event],
    *,
    amount: int,
    syncopation: float,
    rng: random.Random,
    density: float = 0.5,
    sixteenths: bool = True,
) -> list[Event]:
    """``amount`` rhythm moves; pushes and late starts weigh more in syncopated genres, splits in busy lines
    and rests in sparse ones. A line in an eighth-note feel (``sixteenths`` false) splits into eighths and
    pushes by an eighth only, so its variations do not bring in sixteenths it never sings."""
    moves: dict[str, Move] = dict(MOVES)
    if not sixteenths:
        moves["split"] = lambda e, r: split(e, r, shortest=0.5)
        moves["anticipate"] = lambda e, r: anticipate(e, r, amount=0.5)
    names = list(moves)
    weights = [0.4 + density, 0.5, 0.6 + 2.0 * syncopation, 1.2 - density, 0.3 + 0.8 * syncopation]
    varied = list(events)
    for _ in range(amount):
        for _attempt in range(6):  # a move that finds nothing to change gives way to another
            changed = moves[rng.choices(names, weights=weights)[0]](varied, rng)
            if changed != varied:
                varied = changed
                break
    return varied
