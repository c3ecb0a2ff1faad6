"""The melody tool: a motif-based line over the genre's harmony, with its chords underneath."""

from __future__ import annotations

from typing import Any

from ..chords import chords_part, compose_chords
from ..genres import get_genre
from ..melody import compose_melody
from ..params import Param
from ..results import idea_result, part_data
from ..types import Composition
from .base import (
    BPM,
    COMPLEXITY,
    ENERGY,
    KEY,
    MOOD,
    SCALE,
    Progress,
    Tool,
    bars_param,
    genre_param,
    key_of,
    level_name,
    notify,
)


def melody(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key, bars = key_of(params), params["melody_length"]
    notify(progress, 20, "harmony")
    chords = compose_chords(
        key=key, genre=params["genre"], mood=params["mood"], complexity=params["complexity"], bars=bars, seed=seed
    )
    notify(progress, 50, "melody")
    line = compose_melody(
        key=key,
        genre=params["genre"],
        chords=chords,
        bars=bars,
        mood=params["mood"],
        energy=params["energy"],
        complexity=params["complexity"],
        humanization=params["humanization"],
        note_density=params["note_density"],
        octave_range=params["octave_range"],
        seed=seed,
    )
    accompaniment = chords_part(chords=chords, genre=params["genre"], energy=params["energy"], key=key, seed=seed)
    idea = Composition(
        bpm=params["bpm"],
        tonic=key.tonic,
        scale=key.scale,
        bars=bars,
        parts=[line, accompaniment],
        chords=chords,
        genre=get_genre(params["genre"]).name,
        metadata={"mood": params["mood"], "energy": level_name(params["energy"]), "complexity": params["complexity"]},
    )
    return idea_result(idea, "melody", {"notes": part_data(line)}, params["key"])


TOOL = Tool(
    name="melody",
    label="Melody",
    summary="A motif-based melody over the genre's harmony",
    params=(
        genre_param(),
        BPM,
        KEY,
        SCALE,
        MOOD,
        ENERGY,
        COMPLEXITY,
        Param("humanization", "float", 0.3, 0, 1, help="Timing and velocity feel"),
        Param("note_density", "float", 0.6, 0, 1, help="How busy the line is"),
        bars_param("melody_length", 8),
        Param("octave_range", "int", 2, 1, 3, help="Range in octaves"),
    ),
    handler=melody,
)
