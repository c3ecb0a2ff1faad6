"""The co-producer tools: one catalogue, read by the API, the studio form and the CLI.

Each tool is declared once, in its own module here (``TOOL = Tool(...)``: name, label, summary,
parameters, handler). This package collects them and offers the engine's entry points:

* :data:`TOOLS` and :func:`tool_catalog`: every tool's parameters (type, default, range, choices)
  and each genre's defaults (tempo range and default, scales, bass style).
* :func:`validate_parameters`: a request's fields checked against the tool's parameters and the
  limits of :mod:`generation.engine.limits` and completed with defaults (genre-aware: tempo and
  scale default to the genre's), or an :class:`EngineParameterError` naming the field (an
  :class:`EngineParameterErrors` naming every bad field when there are several).
* :func:`generate`: the result for a tool, in the Co-Prod spec's ``data`` shape, plus what is
  needed to rebuild the idea (``parts``, ``progression``, ``bars``, ``bpm``) and its ``metrics``.

Energy is ``low``/``medium``/``high`` (0.3/0.6/0.9) or a number 0-1. Lengths are bars, except
the arrangement's, which is seconds. ``progress(percent, stage)`` is called between steps.
"""

from __future__ import annotations

from typing import Any

from .. import limits
from ..boundary import idea_from_data
from ..comping import default_pattern
from ..errors import EngineParameterError, EngineParameterErrors
from ..genres import GENRES, get_genre
from ..params import validate, validate_all
from ..results import idea_from_result
from ..theory import parse_key
from ..types import LEAD_PART_NAMES
from ..variations import SEEDLESS_VARIATIONS, VARIATION_LABELS, VARIATION_TYPES
from . import (
    arpeggiator,
    arrangement,
    bassline,
    chords,
    continuation,
    counter_melody,
    drumify,
    drums,
    groove,
    melody,
    reharmonize,
    starter_packs,
    variations,
)
from .base import RESULT_LABELS, Progress, Tool, param_label, result_label
from .source import SOURCE_PARAMETERS
from .starter_packs import check_habits

TOOLS: dict[str, Tool] = {
    tool.name: tool
    for tool in (
        melody.TOOL,
        chords.TOOL,
        bassline.TOOL,
        drums.TOOL,
        arpeggiator.TOOL,
        counter_melody.TOOL,
        arrangement.TOOL,
        starter_packs.GENRE_FUSION,
        starter_packs.EMOTION,
        starter_packs.SURPRISE_ME,
        starter_packs.EXTREME_INSPIRATION,
        variations.TOOL,
        continuation.TOOL,
        reharmonize.TOOL,
        drumify.TOOL,
        groove.TOOL,
    )
}
TOOLS_BY_SLUG: dict[str, Tool] = {tool.slug: tool for tool in TOOLS.values()}

__all__ = [
    "RESULT_LABELS",
    "TOOLS",
    "TOOLS_BY_SLUG",
    "Progress",
    "Tool",
    "generate",
    "param_label",
    "result_label",
    "tool_catalog",
    "validate_parameters",
]


def genre_defaults() -> dict[str, dict[str, Any]]:
    """Each genre's defaults as forms and API clients need them."""
    return {
        name: {
            "bpm_range": list(g.bpm_range),
            "default_bpm": g.default_bpm,
            "default_scale": g.default_scale,
            "scales": list(g.scales),
            "bass_style": g.bass_style,
            # What "the genre's" means for the drums' swing and the chords' comping, so forms show it.
            "swing": g.swing,
            "comping_pattern": default_pattern(name),
        }
        for name, g in GENRES.items()
    }


def tool_catalog() -> dict[str, Any]:
    """The tools and their parameters as JSON, with each genre's defaults."""
    return {
        "tools": {name: tool.to_dict() for name, tool in TOOLS.items()},
        "genres": genre_defaults(),
        "variation_types": list(VARIATION_TYPES),
        "variation_labels": dict(VARIATION_LABELS),
        "seedless_variations": list(SEEDLESS_VARIATIONS),
        "result_labels": dict(RESULT_LABELS),
        # The parts that carry a line a counter-melody can answer, in order of preference.
        "lead_parts": list(LEAD_PART_NAMES),
    }


def _spelled_tonic(raw: str) -> str:
    """The tonic as the user spelled it (``gb minor`` -> ``Gb``): F# stays F#, Gb stays Gb."""
    text = raw.strip()
    tonic = text[0].upper()
    if len(text) > 1 and text[1] in "#b♯♭":
        tonic += text[1].replace("♯", "#").replace("♭", "b")
    return tonic


def validate_parameters(tool: str, raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` checked and completed for ``tool``. Raises :class:`EngineParameterError`.

    The result is plain JSON (it is stored with the job) and bounded: every field passed the
    limits of :mod:`generation.engine.limits`, so the job's cost is bounded too.
    """
    if tool not in TOOLS:
        raise EngineParameterError.choice("tool", tool, TOOLS)
    if not isinstance(raw, dict):
        raise EngineParameterError("body", raw, "a JSON object")
    spec = TOOLS[tool]
    try:
        params = validate(spec.name, spec.params, raw)
    except EngineParameterError:
        raise _every_error(spec, raw) from None
    genre_name = params.get("genre")
    profile = get_genre(genre_name) if genre_name else None
    if "key" in params and (params["key"] is not None or "scale" in params):
        key_text = params["key"] or "C"
        key = parse_key(key_text, params.get("scale") or (profile.default_scale if profile else None))
        params["key"] = _spelled_tonic(key_text)
        if "scale" in params:
            params["scale"] = key.scale
    if "bpm" in params and params["bpm"] is None and profile is not None:
        params["bpm"] = profile.default_bpm
    if tool == "variations":
        idea_from_result(params["original"])  # a clear error now, not in the worker
    if tool == "extreme_inspiration":
        params["habits"] = check_habits(params["habits"])
    for name in SOURCE_PARAMETERS:
        if spec.param(name) is not None and params[name] is not None:
            music = idea_from_data(params[name], name)  # a clear error now, not in the worker
            if tool == "continue":
                _check_continuation(music.bars + params["bars"], music.beats_per_bar * 60.0 / music.bpm)
    return params


def _check_continuation(bars: int, seconds_per_bar: float) -> None:
    """A continuation must stay inside the idea limits it would be checked against when sent back."""
    if bars > limits.MAX_IDEA_BARS or bars * seconds_per_bar > limits.MAX_IDEA_SECONDS:
        raise EngineParameterError(
            "bars", bars, f"a continuation of at most {limits.MAX_IDEA_BARS} bars and {limits.MAX_IDEA_SECONDS:g} s"
        )


def _every_error(spec: Tool, raw: dict[str, Any]) -> EngineParameterError:
    """The one error, or every bad field (the key's spelling included) as :class:`EngineParameterErrors`."""
    errors = validate_all(spec.name, spec.params, raw)
    key = raw.get("key")
    if "key" not in errors and spec.param("key") is not None and key is not None:
        try:
            parse_key(key)
        except EngineParameterError as exc:
            errors["key"] = exc
    return EngineParameterErrors(errors) if len(errors) > 1 else next(iter(errors.values()))


def generate(tool: str, params: dict[str, Any], *, seed: int, progress: Progress | None = None) -> dict[str, Any]:
    """The result of ``tool`` for validated ``params`` (see :func:`validate_parameters`)."""
    if progress is not None:
        progress(5, "planning")
    result = TOOLS[tool].handler(params, seed, progress)
    if progress is not None:
        progress(95, "scoring")
    result["seed"] = seed
    return result
