"""The engine's music statistics stay inside the ranges the README documents (100 seeds each).

The ranges are the README's "Music statistics" table: the median over 100 seeds of each
statistic of :mod:`generation.engine.music_stats`, for the tools' default parameters and 8 bars.
"""

from __future__ import annotations

from statistics import median

import pytest

from generation.engine import tools as api
from generation.engine.music_stats import window_stats
from generation.engine.types import Note

SEEDS = range(100)
PART = {"melody": "melody", "chords": "chords", "bassline": "bass"}
RANGES: dict[tuple[str, str], dict[str, tuple[float, float]]] = {
    ("melody", "pop"): {
        "rhythm_repetition": (0.15, 0.6),
        "syncopation": (0.1, 0.4),
        "silent_beats": (0.03, 0.2),
        "notes_per_bar": (3.5, 7.0),
        "pc_concentration": (0.55, 0.85),
        "repeat_share": (0.1, 0.4),
        "step_share": (0.3, 0.65),
        "leap_share": (0.05, 0.25),
        "register": (8, 17),
    },
    ("melody", "rnb"): {
        "rhythm_repetition": (0.15, 0.6),
        "syncopation": (0.05, 0.4),
        "sixteenth_offbeats": (0.08, 0.4),
        "silent_beats": (0.03, 0.2),
        "notes_per_bar": (3.5, 7.0),
        "pc_concentration": (0.55, 0.85),
        "repeat_share": (0.1, 0.4),
        "step_share": (0.3, 0.65),
        "leap_share": (0.05, 0.25),
        "register": (8, 17),
    },
    ("chords", "pop"): {
        "rhythm_repetition": (0.15, 0.8),
        "notes_per_bar": (6.0, 8.5),
        "register": (20, 34),
    },
    ("chords", "rnb"): {
        "rhythm_repetition": (0.15, 0.8),
        "syncopation": (0.3, 0.7),
        "notes_per_bar": (3.0, 5.0),
        "register": (20, 38),
    },
    ("bassline", "pop"): {
        "rhythm_repetition": (0.3, 0.9),
        "notes_per_bar": (4.0, 8.0),
        "repeat_share": (0.1, 0.5),
        "leap_share": (0.3, 0.85),
        "register": (12, 30),
    },
    ("bassline", "rnb"): {
        "rhythm_repetition": (0.3, 0.9),
        "syncopation": (0.3, 0.6),
        "notes_per_bar": (2.5, 5.0),
        "register": (12, 30),
    },
}


def _medians(tool: str, genre: str) -> dict[str, float]:
    raw = {"genre": genre, ("melody_length" if tool == "melody" else "length"): 8}
    params = api.validate_parameters(tool, raw)
    stats = []
    for seed in SEEDS:
        result = api.generate(tool, params, seed=seed)
        part = next(p for p in result["parts"] if p["name"] == PART[tool])
        window = window_stats([Note.from_dict(n) for n in part["notes"]], 8, lowest=tool == "bassline")
        assert window is not None
        stats.append(window)
    return {feature: median(s[feature] for s in stats) for feature in stats[0]}


@pytest.mark.parametrize(("tool", "genre"), sorted(RANGES))
def test_engine_statistics_stay_in_the_documented_ranges(tool, genre):
    medians = _medians(tool, genre)
    outside = {
        feature: (round(medians[feature], 3), bounds)
        for feature, bounds in RANGES[(tool, genre)].items()
        if not bounds[0] <= medians[feature] <= bounds[1]
    }
    assert outside == {}
