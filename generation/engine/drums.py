"""Drum patterns on the genre's grid: fills at phrase ends, ghost notes, hi-hat rolls, swing, humanisation.

The grid is the genre's sixteen-step bar (``genres.GenreProfile.drum_grid``). Every hit lands on a
grid step, moved only by swing (the off-beat of each pair of steps is delayed: straight at 0.5,
triplet feel at 2/3) and by humanisation of at most :data:`MAX_TIMING_JITTER` beats; rolls are
subdivisions (1/32 notes or sixteenth triplets) inside one beat. Energy thins or thickens the kit;
complexity adds ghost notes, extra kicks and rolls. Inside a song, sections differ: a crash on each
section's downbeat, a longer fill into the next section, open hats and a pushed kick in the hooks.
"""

from __future__ import annotations

import random

from .genres import DRUM_KEYS, HIT_VELOCITY, STEPS_PER_BAR, GenreProfile, get_genre
from .types import BEATS_PER_BAR, Note, Part

STEP = BEATS_PER_BAR / STEPS_PER_BAR
MAX_TIMING_JITTER = 0.02
HIT_LENGTH = 0.1
MIN_HIT_LENGTH = 0.01  # the shortest a hit is cut to where the part ends
PHRASE_BARS = 4
HOOK_SECTIONS = frozenset({"chorus", "drop"})


def swing_ratio(profile: GenreProfile, swing: float | None) -> float:
    """Swing as the share of a pair the first note takes: 0.5 straight ... 2/3 triplet.

    ``swing`` from the API is 0 (straight) to 1 (full triplet); None takes the genre's own feel.
    """
    if swing is None:
        return profile.swing
    return 0.5 + max(0.0, min(1.0, swing)) * (2 / 3 - 0.5)


def swung_offset(step: int, ratio: float, eighth_swing: bool) -> float:
    """Beat offset of a grid step inside its bar after swing.

    Sixteenth swing delays every second sixteenth; eighth swing delays the "and" of each beat
    (and places the sixteenths around it proportionally).
    """
    if eighth_swing:
        beat, position = divmod(step, 4)
        within = (0.0, ratio / 2, ratio, ratio + (1 - ratio) / 2)[position]
        return beat + within
    pair, position = divmod(step, 2)
    return pair * 2 * STEP + (ratio * 2 * STEP if position else 0.0)


def _is_eighth_swing(profile: GenreProfile) -> bool:
    """Eighth-note swing when the timekeeper (hats or ride) plays mostly eighths, sixteenth swing otherwise."""
    hats = profile.drum_grid.get("hat") or profile.drum_grid.get("ride") or ""
    hits = [i for i, ch in enumerate(hats) if ch != "."]
    return bool(hits) and sum(i % 2 == 0 for i in hits) >= 0.75 * len(hits)


def compose_drums(
    *,
    genre: str | GenreProfile,
    bars: int,
    energy: float = 0.6,
    complexity: float = 0.5,
    swing: float | None = None,
    humanization: float = 0.2,
    seed: int,
    section: str | None = None,
) -> Part:
    """A drum part of exactly ``bars`` bars on General MIDI percussion keys (channel 10).

    Inside a song (``section`` given) the part opens with a crash, its last bar fills from beat 3
    into the next section, and hooks (chorus, drop) play a lifted pattern: open hats on the
    off-beats and a kick pushing into beat 3, where verses keep the hats closed.
    """
    profile = get_genre(genre)
    rng = random.Random(seed)
    ratio = swing_ratio(profile, swing)
    eighth_swing = _is_eighth_swing(profile)
    notes: list[Note] = []
    end = bars * BEATS_PER_BAR

    def hit(bar: int, step_position: float, instrument: str, velocity: int) -> None:
        whole = int(step_position)
        offset = swung_offset(whole, ratio, eighth_swing) + (step_position - whole) * STEP
        jitter = rng.uniform(-1, 1) * MAX_TIMING_JITTER * humanization
        # The last hits end with the part: a roll's last note at 3.9583 rang to 4.0583, past a one-bar
        # pattern, and the engine's own reader then refused the result (no variation, no export).
        start = round(min(max(0.0, bar * BEATS_PER_BAR + offset + jitter), end - MIN_HIT_LENGTH), 4)
        length = round(min(HIT_LENGTH, end - start), 4)
        velocity = int(velocity + rng.uniform(-1, 1) * 12 * humanization)
        notes.append(Note(DRUM_KEYS[instrument], start, length, max(1, min(127, velocity))))

    is_hook = section in HOOK_SECTIONS
    for bar in range(bars):
        phrase_end = (bar % PHRASE_BARS == PHRASE_BARS - 1 and bars >= 2) or (bar == bars - 1 and bars > 1)
        fill_from = STEPS_PER_BAR - 4 if phrase_end else STEPS_PER_BAR
        if section is not None and bar == bars - 1 and bars > 1:
            fill_from = STEPS_PER_BAR - 8  # the fill into the next section takes the whole second half
        rolled_beat = None
        if profile.hat_rolls and rng.random() < 0.25 + 0.5 * complexity:
            rolled_beat = rng.choice((1, 3)) if not phrase_end else 2
        for instrument, pattern in profile.drum_grid.items():
            if instrument == "crash":
                continue
            for step, symbol in enumerate(pattern):
                if symbol == "." or (step >= fill_from and instrument in ("snare", "clap", "hat", "open_hat")):
                    continue
                if energy < 0.35 and instrument in ("open_hat", "shaker") and symbol != "X":
                    continue
                if energy < 0.35 and instrument == "hat" and step % 4 != 0:
                    continue
                if rolled_beat is not None and instrument == "hat" and step // 4 == rolled_beat:
                    continue
                if section is not None and not is_hook and instrument == "open_hat" and symbol != "X":
                    continue  # verses keep the hats closed; the hook opens them
                if is_hook and instrument == "hat" and step % 4 == 2 and step < fill_from:
                    hit(bar, step, "open_hat", HIT_VELOCITY["o"])
                    continue
                hit(bar, step, instrument, HIT_VELOCITY[symbol])
        if is_hook and "kick" in profile.drum_grid and profile.drum_grid["kick"][6] == "." and fill_from > 6:
            hit(bar, 6, "kick", HIT_VELOCITY["o"])  # the hook's kick pushes into beat 3
        if rolled_beat is not None:
            division = rng.choice((8, 6)) if complexity > 0.5 else 8  # 1/32 notes or sixteenth triplets
            for i in range(division):
                hit(bar, rolled_beat * 4 + i * 4 / division, "hat", 55 + int(45 * i / division))
        if profile.ghost_notes or complexity > 0.6:
            for step in range(1, STEPS_PER_BAR, 2):
                if step < fill_from and rng.random() < 0.12 * complexity and "snare" in profile.drum_grid:
                    hit(bar, step, "snare", HIT_VELOCITY["g"])
        if complexity > 0.4 and "kick" in profile.drum_grid and bar % 2 == 1 and rng.random() < complexity * 0.5:
            free = [s for s in range(9, fill_from) if profile.drum_grid["kick"][s] == "."]
            if free:
                hit(bar, rng.choice(free), "kick", HIT_VELOCITY["o"])
        if phrase_end:
            instruments = profile.fill_instruments
            for i, step in enumerate(range(fill_from, STEPS_PER_BAR)):
                hit(
                    bar,
                    step,
                    instruments[i * 4 // (STEPS_PER_BAR - fill_from) % len(instruments)],
                    70 + 40 * i // (STEPS_PER_BAR - fill_from),
                )
        section_start = section is not None and bar == 0
        phrase_crash = (
            ("crash" in profile.drum_grid or energy > 0.55) and bar % PHRASE_BARS == 0 and (bar > 0 or energy > 0.8)
        )
        if section_start or phrase_crash:
            hit(bar, 0, "crash", 100)
    notes.sort(key=lambda n: (n.start, n.pitch))
    return Part(name="drums", program=0, notes=notes, is_drum=True)
