"""The drumify tool: a drum part that follows the rhythm of your bass (or melody) in a genre."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..drumify import drumify, kick_coincidence
from ..errors import EngineParameterError
from ..genres import DRUM_KEYS, get_genre
from ..params import Param
from ..roles import melody_line, part_with_role
from .base import ENERGY, Progress, Tool, genre_param, notify
from .source import SOURCE, source_analysis, source_result

FOLLOW = ("auto", "bass", "melody")


def drumify_tool(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    analysis = source_analysis(params)
    source = analysis.idea
    wanted = params["follow"]
    followed = None
    if wanted in ("auto", "bass"):
        followed = part_with_role(source, analysis.roles, "bass")
    if followed is None and wanted in ("auto", "melody"):
        followed = melody_line(source, analysis.roles)[0]
    if followed is None:
        raise EngineParameterError("follow", wanted, "a part the source has (it has no " + wanted + " part)")
    notify(progress, 40, "drums")
    profile = get_genre(params["genre"] or source.genre or "pop")
    drums = drumify(
        follow=followed.notes,
        genre=profile,
        bars=source.bars,
        beats_per_bar=source.beats_per_bar,
        energy=params["energy"],
        humanization=params["humanization"],
        seed=seed,
    )
    kicks = [n.start for n in drums.notes if n.pitch == DRUM_KEYS["kick"]]
    coincidence = kick_coincidence(kicks, [n.start for n in followed.notes])
    parts = [p for p in source.parts if not p.is_drum]
    idea = replace(source, parts=[*parts, drums], genre=profile.name)
    extra = {"followed": followed.name, "kick_coincidence": round(coincidence, 3)}
    return source_result(idea, "drumify", analysis, extra)


TOOL = Tool(
    name="drumify",
    label="Drumify",
    summary="A drum part whose kick follows your bass (or melody), in a genre",
    params=(
        SOURCE,
        genre_param(None),
        Param("follow", "str", "auto", choices=FOLLOW, help="auto: the bass, else the melody"),
        ENERGY,
        Param("humanization", "float", 0.2, 0, 1),
    ),
    handler=drumify_tool,
)
