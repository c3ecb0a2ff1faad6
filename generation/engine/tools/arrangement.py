"""The arrangement tool: a whole song with sections, an energy curve and every part."""

from __future__ import annotations

from typing import Any

from .. import limits
from ..params import Param
from ..results import idea_result
from ..song import compose_song
from .base import BPM, COMPLEXITY, ENERGY, KEY, MOOD, SCALE, Progress, Tool, genre_param, key_of, notify


def arrangement(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key = key_of(params)
    notify(progress, 30, "arranging")
    idea, plan = compose_song(
        genre=params["genre"],
        mood=params["mood"],
        energy=params["energy"],
        key=key,
        bpm=params.get("bpm") or None,
        length_seconds=params["length"],
        seed=seed,
        complexity=params["complexity"],
    )
    notify(progress, 80, "parts")
    return idea_result(
        idea,
        "arrangement",
        {"arrangement": plan.to_dict(), "duration_seconds": round(plan.duration_seconds, 2)},
        params["key"],
    )


TOOL = Tool(
    name="arrangement",
    label="Song arrangement",
    summary="A whole song: sections, energy curve and every part",
    params=(
        genre_param("pop"),
        MOOD,
        ENERGY,
        Param(
            "length",
            "int",
            180,
            limits.MIN_ARRANGEMENT_SECONDS,
            limits.MAX_ARRANGEMENT_SECONDS,
            help="Seconds",
        ),
        BPM,
        KEY,
        SCALE,
        COMPLEXITY,
    ),
    handler=arrangement,
)
