"""The bassline tool: a bassline on the chord roots in the genre's (or a chosen) style."""

from __future__ import annotations

from typing import Any

from ..bass import BASS_STYLES, compose_bassline
from ..chords import compose_chords
from ..genres import get_genre
from ..params import Param
from ..results import idea_result, part_data
from ..types import Composition
from .base import BPM, ENERGY, KEY, SCALE, Progress, Tool, bars_param, genre_param, key_of, level_name, notify


def bassline(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key, bars = key_of(params), params["length"]
    profile = get_genre(params["genre"])
    progression = compose_chords(key=key, genre=profile, bars=bars, seed=seed)
    notify(progress, 50, "bassline")
    bass = compose_bassline(
        key=key, genre=profile, chords=progression, bars=bars, style=params["style"], energy=params["energy"], seed=seed
    )
    idea = Composition(
        bpm=params["bpm"],
        tonic=key.tonic,
        scale=key.scale,
        bars=bars,
        parts=[bass],
        chords=progression,
        genre=profile.name,
        metadata={"energy": level_name(params["energy"])},
    )
    style = params["style"] or profile.bass_style
    return idea_result(
        idea, "bassline", {"style": style, "notes": part_data(bass), "glides": bass.glides}, params["key"]
    )


TOOL = Tool(
    name="bassline",
    label="Bassline",
    summary="A bassline following the chord roots in a style",
    params=(
        BPM,
        KEY,
        SCALE,
        genre_param(),
        Param("style", "str", None, choices=BASS_STYLES, help="Default: the genre's"),
        ENERGY,
        bars_param("length", 8),
    ),
    handler=bassline,
)
