"""Looping material to a length: the one helper that songs and merges use to repeat notes and chords."""

from __future__ import annotations

from dataclasses import replace

from .types import ChordEvent, Note


def loop_notes(notes: list[Note], source_beats: float, target_beats: float, offset: float = 0.0) -> list[Note]:
    """``notes`` written over ``source_beats`` repeated (or cut) to fill ``target_beats``, from ``offset``.

    Notes that would sound past the end are shortened to end with it. The caller bounds the
    result's size (see :func:`generation.engine.boundary.check_merge_size`).
    """
    looped: list[Note] = []
    position = 0.0
    while position < target_beats - 1e-9 and source_beats > 0:
        for n in notes:
            start = n.start + position
            if start < target_beats - 1e-9:
                looped.append(
                    Note(n.pitch, round(start + offset, 4), round(min(n.duration, target_beats - start), 4), n.velocity)
                )
        position += source_beats
    return looped


def loop_chords(
    chords: list[ChordEvent], source_bars: float, target_bars: float, offset_bars: float = 0.0
) -> list[ChordEvent]:
    """A progression written over ``source_bars`` repeated (or cut) to fill ``target_bars``."""
    looped: list[ChordEvent] = []
    position = 0.0
    while position < target_bars - 1e-9 and source_bars > 0:
        for event in chords:
            start = event.start_bar + position
            if start >= target_bars - 1e-9:
                break
            looped.append(
                replace(
                    event,
                    start_bar=round(start + offset_bars, 4),
                    duration_bars=round(min(event.duration_bars, target_bars - start), 4),
                )
            )
        position += source_bars
    return looped
