"""A drum part that follows the rhythm of a given bass (or melody) in the chosen genre.

The **kick follows the part**: every onset of the followed part that falls on the sixteenth grid
gets a kick, except onsets on the genre's snare or clap steps (the backbeat stays the snare's; a bar
where the part plays only there doubles its first onset) and, past :data:`MAX_KICKS_PER_BAR` a bar,
the weakest ones (off-beat sixteenths first). A bar in which the part plays nothing on the grid gets
the genre's own kick pattern, so the groove never stops. The rest of the
kit is the genre's grid (``GenreProfile.drum_grid``: snare or clap, hats, percussion) in the idea's
metre (a grid of 16 steps cut or repeated to the bar's length), swung as the genre swings
(:func:`generation.engine.drums.swung_offset`), a crash on the first downbeat and a fill of the
genre's fill instruments in the last beat. Humanisation moves hits by at most
:data:`generation.engine.drums.MAX_TIMING_JITTER` beats and velocities by at most 12.

Documented for the tests: when the followed part plays on the grid in every bar, **at least 90% of
the kicks land on one of its onsets** (within a 32nd note plus the humanisation's jitter; the kicks
that do not are the fill's), and every onset of the part on a bar's first beat carries a kick.
"""

from __future__ import annotations

import bisect
import random

from .drums import HIT_LENGTH, MAX_TIMING_JITTER, MIN_HIT_LENGTH, _is_eighth_swing, swing_ratio, swung_offset
from .genres import DRUM_KEYS, HIT_VELOCITY, STEPS_PER_BAR, GenreProfile
from .types import Note, Part

STEP_BEATS = 0.25
MAX_KICKS_PER_BAR = 6
KICK_COINCIDENCE = 0.9
ONSET_TOLERANCE = 1 / 32
_BACKBEAT = ("snare", "clap")


def _step_strength(step: int) -> int:
    """How strong a sixteenth step is: beats 0, eighths 1, sixteenths 2 (lower is stronger)."""
    return 0 if step % 4 == 0 else (1 if step % 2 == 0 else 2)


def kick_onsets(onsets: list[float], bar_start: float, bar_steps: int, backbeat: set[int]) -> list[float]:
    """The beats of one bar that take a kick: the followed part's onsets on the grid, off the backbeat.

    A kick sits exactly on its onset (with the part's own feel), not on the swung grid.
    """
    on_grid: dict[int, float] = {}
    for onset in onsets:
        position = (onset - bar_start) / STEP_BEATS
        step = round(position)
        if 0 <= step < bar_steps and abs(position - step) * STEP_BEATS < ONSET_TOLERANCE:
            on_grid.setdefault(step, onset)
    chosen = {step: onset for step, onset in on_grid.items() if step not in backbeat or step == 0}
    if on_grid and not chosen:
        first = min(on_grid)  # the part plays only on the backbeat: the kick doubles its first onset
        chosen = {first: on_grid[first]}
    strongest = sorted(chosen, key=lambda s: (_step_strength(s), s))[:MAX_KICKS_PER_BAR]
    return sorted(chosen[s] for s in strongest)


def drumify(
    *,
    follow: list[Note],
    genre: GenreProfile,
    bars: int,
    beats_per_bar: float,
    energy: float,
    humanization: float,
    seed: int,
) -> Part:
    """The drum part for ``bars`` bars of ``beats_per_bar`` beats following ``follow``'s onsets."""
    rng = random.Random(seed)
    ratio = swing_ratio(genre, None)
    eighth = _is_eighth_swing(genre)
    bar_steps = max(1, round(beats_per_bar / STEP_BEATS))
    grid = {name: (pattern * 4)[:bar_steps] for name, pattern in genre.drum_grid.items()}
    backbeat = {s for name in _BACKBEAT for s, ch in enumerate(grid.get(name, "")) if ch != "."}
    onsets = sorted({round(n.start, 4) for n in follow})
    notes: list[Note] = []
    end = bars * beats_per_bar

    def placed(pitch: int, start: float, velocity: int) -> Note:
        # Every hit ends with the part (a late one rang past it and the engine's reader refused the result).
        start = round(min(max(0.0, start), end - MIN_HIT_LENGTH), 4)
        return Note(pitch, start, round(min(HIT_LENGTH, end - start), 4), velocity)

    def hit(bar: int, step: float, instrument: str, velocity: int) -> None:
        whole = int(step)
        offset = (whole // STEPS_PER_BAR) * STEPS_PER_BAR * STEP_BEATS
        offset += swung_offset(whole % STEPS_PER_BAR, ratio, eighth) + (step - whole) * STEP_BEATS
        jitter = rng.uniform(-1, 1) * MAX_TIMING_JITTER * humanization
        start = bar * beats_per_bar + offset + jitter
        level = int((velocity + rng.uniform(-1, 1) * 12 * humanization) * (0.8 + 0.3 * energy))
        notes.append(placed(DRUM_KEYS[instrument], start, max(1, min(127, level))))

    for bar in range(bars):
        last = bar == bars - 1 and bars > 1
        fill_from = bar_steps - 4 if last else bar_steps
        bar_start = bar * beats_per_bar
        kicks = kick_onsets(onsets, bar_start, bar_steps, backbeat)
        for onset in kicks:
            jitter = rng.uniform(-1, 1) * MAX_TIMING_JITTER * humanization
            on_beat = abs(onset - round(onset)) < ONSET_TOLERANCE
            velocity = HIT_VELOCITY["X"] if on_beat else HIT_VELOCITY["x"]
            notes.append(placed(DRUM_KEYS["kick"], onset + jitter, velocity))
        if not kicks:
            for step, symbol in enumerate(grid.get("kick", "x")):
                if symbol != "." and step < fill_from:
                    hit(bar, step, "kick", HIT_VELOCITY[symbol])
        for instrument, pattern in grid.items():
            if instrument in ("kick", "crash"):
                continue
            for step, symbol in enumerate(pattern):
                if symbol == "." or step >= fill_from:
                    continue
                if energy < 0.35 and instrument in ("hat", "open_hat", "shaker") and step % 4 != 0:
                    continue
                hit(bar, step, instrument, HIT_VELOCITY[symbol])
        if bar == 0:
            hit(bar, 0, "crash", 100)
        if last:
            fills = genre.fill_instruments
            for i, step in enumerate(range(fill_from, bar_steps)):
                hit(bar, step, fills[i * len(fills) // max(1, bar_steps - fill_from)], 80 + 8 * i)
    notes.sort(key=lambda n: (n.start, n.pitch))
    return Part(name="drums", program=0, notes=notes, is_drum=True)


def kick_coincidence(kicks: list[float], onsets: list[float]) -> float:
    """Share of ``kicks`` landing within a 32nd note of one of ``onsets`` (1.0 with no kicks)."""
    if not kicks:
        return 1.0
    ordered = sorted(onsets)
    hits = 0
    for kick in kicks:
        index = bisect.bisect_left(ordered, kick - ONSET_TOLERANCE - MAX_TIMING_JITTER)
        # A kick may sit up to the humanisation's jitter off its onset.
        hits += index < len(ordered) and abs(ordered[index] - kick) <= ONSET_TOLERANCE + MAX_TIMING_JITTER
    return hits / len(kicks)
