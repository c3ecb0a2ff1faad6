"""The continue tool: a piece (a melody or a whole idea) extended by N bars in its own style, ending on a cadence."""

from __future__ import annotations

from typing import Any

from ..continuation import continue_idea
from ..params import Param
from .base import Progress, Tool, notify
from .source import SOURCE, source_analysis, source_result


def continuation(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    analysis = source_analysis(params)
    notify(progress, 40, "continuing")
    source = analysis.idea
    idea = continue_idea(source, analysis.roles, bars=params["bars"], seed=seed)
    extra = {"source_bars": source.bars, "added_bars": params["bars"]}
    return source_result(idea, "continuation", analysis, extra)


TOOL = Tool(
    name="continue",
    label="Continue",
    summary="Extend your melody or idea by N bars in its own style, ending on a cadence",
    params=(SOURCE, Param("bars", "int", 4, 1, 32, help="Bars to add")),
    handler=continuation,
)
