"""The chord root of each stretch of half-bar slots, read from notes alone and in no key.

Used by the challenge checks (:mod:`generation.engine.challenge_checks`) on any music, ours or a
producer's uploaded MIDI, so nothing here trusts an idea's declared key or progression (the key
itself is read by :func:`generation.engine.analysis.read_key`; the roman-numeral progression in a
known key by :mod:`generation.engine.chord_reading`).

:func:`window_roots`: for every window of ``width`` half-bar slots, the chord root whose template
(major, minor, diminished triads and the four common sevenths) best fits the harmonic parts' notes
there. Fit is the weight inside the template minus the weight outside; ties go to the template with
fewer missing tones (so E-G-B is E minor, not C major 7 without its C), then to the root the bass
plays most. Vectorised with numpy: 640 bars cost a few milliseconds.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .types import BEATS_PER_BAR, Composition, Part

# Parts that carry the harmony when an idea has them; otherwise every pitched part does.
HARMONIC_PART_NAMES = ("chords", "pad", "bass", "arp")
SLOT_BEATS = BEATS_PER_BAR / 2
# Chord templates: intervals above the root; triads first (preferred on a tie).
_TEMPLATES: tuple[tuple[int, ...], ...] = (
    (0, 4, 7),
    (0, 3, 7),
    (0, 3, 6),
    (0, 4, 7, 11),
    (0, 4, 7, 10),
    (0, 3, 7, 10),
    (0, 3, 6, 10),
)


def harmonic_parts(music: Composition) -> list[Part]:
    """The parts to read chords from: the harmonic ones if any have notes, else every pitched part."""
    pitched = [p for p in music.parts if not p.is_drum and p.notes]
    chosen = [p for p in pitched if p.name in HARMONIC_PART_NAMES]
    return chosen or pitched


def slot_weights(parts: list[Part], slots: int) -> NDArray[np.float64]:
    """A ``slots x 12`` matrix: how long each pitch class sounds in each half-bar slot."""
    matrix = np.zeros((slots, 12))
    for part in parts:
        for note in part.notes:
            first = int(note.start // SLOT_BEATS)
            last = min(slots - 1, int((note.end - 1e-9) // SLOT_BEATS))
            for slot in range(max(0, first), last + 1):
                overlap = min(note.end, (slot + 1) * SLOT_BEATS) - max(note.start, slot * SLOT_BEATS)
                if overlap > 0:
                    matrix[slot, note.pitch % 12] += overlap
    return matrix


def _template_matrix() -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64]]:
    """(12 x T template membership, root of each template, tie-break penalty of each template)."""
    columns, roots, penalties = [], [], []
    for index, template in enumerate(_TEMPLATES):
        for root in range(12):
            column = np.zeros(12)
            column[[(root + step) % 12 for step in template]] = 1.0
            columns.append(column)
            roots.append(root)
            penalties.append(0.001 * index)
    return np.array(columns).T, np.array(roots), np.array(penalties)


_MEMBERSHIP, _ROOTS, _PENALTIES = _template_matrix()
_SIZES = _MEMBERSHIP.sum(axis=0)


def window_roots(music: Composition, width: int) -> list[int | None]:
    """For every start slot ``s``, the chord root of slots ``s .. s + width - 1`` (``None`` if silent)."""
    slots = max(1, round(music.total_beats / SLOT_BEATS))
    if width > slots:
        return []
    weights = slot_weights(harmonic_parts(music), slots)
    bass_part = music.part("bass")
    bass = (
        slot_weights([bass_part], slots) if bass_part is not None and not bass_part.is_drum else np.zeros_like(weights)
    )
    cumulative = np.vstack([np.zeros((1, 12)), np.cumsum(weights, axis=0)])
    windows = cumulative[width:] - cumulative[:-width]
    bass_cumulative = np.vstack([np.zeros((1, 12)), np.cumsum(bass, axis=0)])
    bass_windows = bass_cumulative[width:] - bass_cumulative[:-width]
    totals = windows.sum(axis=1, keepdims=True)
    safe = np.where(totals > 0, totals, 1.0)
    inside = windows @ _MEMBERSHIP
    fit = (2 * inside - totals) / safe
    # A tone is "present" when it holds at least 5% of the window's sound.
    present = (windows / safe >= 0.05).astype(np.float64) @ _MEMBERSHIP
    missing = _SIZES - present
    bass_totals = bass_windows.sum(axis=1, keepdims=True)
    bass_share = bass_windows / np.where(bass_totals > 0, bass_totals, 1.0)
    score = fit - 0.01 * missing + 0.005 * bass_share[:, _ROOTS] - _PENALTIES
    best = np.argmax(score, axis=1)
    return [int(_ROOTS[b]) if t > 0 else None for b, t in zip(best, totals[:, 0], strict=True)]
