"""The vault card's piano roll: a drum idea fills the card with a lane per drum, not a strip at the bottom."""

from __future__ import annotations

import re

from generation.engine import tools
from vault.thumbnails import THUMB_HEIGHT, idea_thumbnail


def _rows(path: str) -> set[float]:
    return {float(y) for y in re.findall(r"M[\d.]+ ([\d.]+)h", path)}


def test_a_drum_idea_draws_a_lane_per_drum_over_the_whole_card():
    result = tools.generate("drums", tools.validate_parameters("drums", {"genre": "house", "length": 2}), seed=1)
    [drums] = idea_thumbnail(data=result)
    keys = {n["note"] for n in result["parts"][0]["notes"]}
    rows = _rows(drums["d"])
    assert len(rows) == len(keys) > 3
    assert max(rows) - min(rows) >= THUMB_HEIGHT / 2  # spread over the card, not a 3 px strip


def test_drums_beside_a_melody_stay_along_the_bottom():
    result = tools.generate("surprise_me", tools.validate_parameters("surprise_me", {"length": 2}), seed=4)
    paths = idea_thumbnail(data=result)
    drum_part = next(i for i, p in enumerate(result["parts"]) if p.get("is_drum"))
    assert _rows(paths[drum_part]["d"]) == {THUMB_HEIGHT - 4}
