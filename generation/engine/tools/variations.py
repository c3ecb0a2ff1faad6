"""The variations tool: an earlier result transformed darker, happier, more energetic..."""

from __future__ import annotations

from typing import Any

from ..errors import EngineParameterError
from ..params import Param
from ..results import idea_from_result, idea_result, part_data
from ..theory import parse_key
from ..types import Composition
from ..variations import VARIATION_TYPES, vary_idea
from .base import Progress, Tool, notify


def _source_spelling(original: dict[str, Any], varied: Composition) -> str | None:
    """The source's spelling of the tonic (F# stays F#, never Gb) when the variation kept the tonic."""
    key = original.get("key")
    if not isinstance(key, str):
        return None
    try:
        return key.strip() if parse_key(key).tonic == varied.tonic else None
    except EngineParameterError:
        return None


def variations(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    original = idea_from_result(params["original"])
    notify(progress, 40, params["variation_type"].replace("_", " "))
    varied = vary_idea(idea=original, variation_type=params["variation_type"], seed=seed)
    return idea_result(
        varied,
        "variation",
        {
            "variation_type": params["variation_type"],
            "changes": varied.metadata["variation"]["changes"],
            "notes": part_data(varied.lead_part()),
        },
        _source_spelling(params["original"], varied),
    )


TOOL = Tool(
    name="variations",
    label="Variation",
    summary="A variation of an earlier result",
    params=(
        Param("original", "object", None, required=True, help="A generation's data"),
        Param("variation_type", "str", None, choices=VARIATION_TYPES, required=True),
    ),
    handler=variations,
)
