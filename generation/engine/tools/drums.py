"""The drums tool: a pattern on the genre's grid with fills, ghost notes, swing and feel."""

from __future__ import annotations

from typing import Any

from ..drums import compose_drums
from ..genres import get_genre
from ..params import Param
from ..results import idea_result, part_data
from ..types import Composition
from .base import BPM, COMPLEXITY, ENERGY, Progress, Tool, bars_param, genre_param, level_name, notify


def drums(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    profile = get_genre(params["genre"])
    bars = params["length"]
    notify(progress, 50, "drums")
    part = compose_drums(
        genre=profile,
        bars=bars,
        energy=params["energy"],
        complexity=params["complexity"],
        swing=params["swing"],
        humanization=params["humanization"],
        seed=seed,
    )
    # The genre's swing as the 0 (straight) ... 1 (triplet) number the parameter takes.
    genre_swing = round((profile.swing - 0.5) / (2 / 3 - 0.5), 3)
    idea = Composition(
        bpm=params["bpm"],
        tonic=0,
        scale="major",
        bars=bars,
        parts=[part],
        genre=profile.name,
        metadata={
            "energy": level_name(params["energy"]),
            "complexity": params["complexity"],
            "swing": params["swing"] if params["swing"] is not None else genre_swing,
        },
    )
    result = idea_result(idea, "drum_pattern", {"notes": part_data(part)})
    # A drum pattern has no key: saying "C major" would be a made-up fact.
    result.pop("key")
    result.pop("scale")
    return result


TOOL = Tool(
    name="drums",
    label="Drum pattern",
    summary="A drum pattern on the genre's grid",
    params=(
        BPM,
        genre_param(),
        ENERGY,
        COMPLEXITY,
        bars_param("length", 4),
        Param("swing", "float", None, 0, 1, help="0 straight ... 1 triplet; default: the genre's feel"),
        Param("humanization", "float", 0.2, 0, 1),
    ),
    handler=drums,
)
