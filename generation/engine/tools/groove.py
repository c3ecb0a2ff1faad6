"""The groove tool: humanise or quantise timing and velocity with a named feel, or apply another idea's groove."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..boundary import idea_from_data
from ..errors import EngineParameterError
from ..groove import FEEL_NAMES, FEELS, GRIDS, apply_feel, apply_groove, extract_groove
from ..params import Param
from .base import Progress, Tool, notify
from .source import SOURCE, source_analysis, source_result

OVERRIDES = ("quantize", "swing", "timing_ms", "humanize")


def groove(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    analysis = source_analysis(params)
    source = analysis.idea
    grid = GRIDS[params["grid"]]
    only = {params["part"]} if params["part"] else None
    if only and not any(p.name in only for p in source.parts):
        names = ", ".join(p.name for p in source.parts)
        raise EngineParameterError("part", params["part"], f"one of the source's parts: {names}")
    notify(progress, 40, "groove")
    if params["template"] is not None:
        template = idea_from_data(params["template"], "template")
        idea = apply_groove(source, extract_groove(template, grid), amount=params["amount"], parts=only)
        applied: dict[str, Any] = {"template": True, "amount": params["amount"]}
    else:
        feel = FEELS[params["feel"]]
        feel = replace(feel, **{name: params[name] for name in OVERRIDES if params[name] is not None})
        idea = apply_feel(source, feel, grid=grid, seed=seed, parts=only)
        applied = {"template": False, "feel": params["feel"]} | {name: getattr(feel, name) for name in OVERRIDES}
    return source_result(idea, "groove", analysis, {"groove": applied | {"grid": params["grid"]}})


TOOL = Tool(
    name="groove",
    label="Groove",
    summary="Humanise or quantise with a named feel (swing, push, lay back), or apply another idea's groove",
    params=(
        SOURCE,
        Param("feel", "str", "swing", choices=FEEL_NAMES, help="A named feel; the numbers below override it"),
        Param("grid", "str", "1/8", choices=tuple(GRIDS), help="The grid notes are quantised and swung on"),
        Param("quantize", "float", None, 0, 1, help="0 as played ... 1 on the grid"),
        Param("swing", "float", None, 0, 1, help="0 straight ... 1 triplet"),
        Param("timing_ms", "float", None, -60, 60, help="Push ahead (negative) or lay back (positive), ms"),
        Param("humanize", "float", None, 0, 1, help="Random timing and velocity, seeded"),
        Param("part", "str", None, help="Only this part (default: every part)"),
        Param("template", "object", None, help="Another idea whose groove to apply (API: midi_file_id, ...)"),
        Param("amount", "float", 1.0, 0, 1, help="How much of the template's groove"),
    ),
    handler=groove,
)
