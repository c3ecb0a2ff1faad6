"""Genre fusion: a profile blended from two genres by weight, and a full idea built from it."""

from __future__ import annotations

import random
from dataclasses import replace

from .genres import GenreProfile, get_genre
from .ideas import compose_idea
from .theory import Key
from .types import Composition


def blend_profiles(first: GenreProfile, second: GenreProfile, weight: float = 0.5) -> GenreProfile:
    """A profile between two genres: ``weight`` 0 is all ``first``, 1 all ``second``.

    Tempo ranges and the numeric habits are interpolated; the groove takes the kick (the feel's
    foundation) from the weightier genre and snares, hats and percussion from the other; harmony
    comes from ``first`` coloured with ``second``'s extensions; melody rhythm cells from both.
    """
    w = max(0.0, min(1.0, weight))
    main, other = (first, second) if w <= 0.5 else (second, first)

    def mix(a: float, b: float) -> float:
        return a * (1 - w) + b * w

    low = round(mix(first.bpm_range[0], second.bpm_range[0]))
    high = max(low + 4, round(mix(first.bpm_range[1], second.bpm_range[1])))
    grid = dict(other.drum_grid)
    grid["kick"] = main.drum_grid.get("kick", other.drum_grid.get("kick", "x...x...x...x..."))
    return replace(
        main,
        name=f"{first.name}+{second.name}",
        bpm_range=(low, high),
        default_bpm=round(mix(first.default_bpm, second.default_bpm)),
        scales=tuple(dict.fromkeys(first.scales + second.scales)),
        minor_progressions=first.minor_progressions + second.minor_progressions[:1],
        major_progressions=first.major_progressions + second.major_progressions[:1],
        drum_grid=grid,
        swing=mix(first.swing, second.swing),
        seventh_chords=mix(first.seventh_chords, second.seventh_chords),
        hat_rolls=first.hat_rolls or second.hat_rolls,
        ghost_notes=first.ghost_notes or second.ghost_notes,
        melody_rhythm_cells=tuple(dict.fromkeys(first.melody_rhythm_cells + second.melody_rhythm_cells)),
        melody_density=mix(first.melody_density, second.melody_density),
        leap_tendency=mix(first.leap_tendency, second.leap_tendency),
        syncopation=mix(first.syncopation, second.syncopation),
        energy=mix(first.energy, second.energy),
        bass_style=second.bass_style if second.bass_style in ("log_drum", "808", "walking") else first.bass_style,
    )


def fuse_genres(
    *, genre1: str, genre2: str, weight: float, key: Key | None, bpm: float | None, bars: int, seed: int
) -> tuple[Composition, GenreProfile]:
    first, second = get_genre(genre1, "genre1"), get_genre(genre2, "genre2")
    blended = blend_profiles(first, second, weight)
    rng = random.Random(seed)
    key = key or Key(rng.randrange(12), blended.scales[0])
    tempo = bpm or float(blended.default_bpm)
    idea = compose_idea(key=key, genre=blended, bpm=tempo, bars=bars, seed=seed, energy=blended.energy)
    return idea, blended
