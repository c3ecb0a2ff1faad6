"""The counter-melody tool: a second line answering a given melody, in counterpoint or harmony."""

from __future__ import annotations

import math
from typing import Any

from ..counter_melody import COUNTER_STYLES, compose_counter_melody
from ..genres import get_genre
from ..params import Param
from ..results import idea_result, part_data
from ..types import BEATS_PER_BAR, Composition, Note, Part
from .base import BPM, KEY, SCALE, Progress, Tool, genre_param, key_of, notify

# A melody to answer is at most as long as the longest tool result (64 bars).
MAX_MELODY_NOTES = 4000


def counter_melody(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key = key_of(params)
    melody_notes = [Note.from_dict(n) for n in params["main_melody"]]
    notify(progress, 50, "counter-melody")
    counter = compose_counter_melody(key=key, melody=melody_notes, style=params["style"], seed=seed)
    end = max(n.end for n in melody_notes)
    bars = max(1, math.ceil(end / BEATS_PER_BAR - 1e-9))
    profile = get_genre(params["genre"])
    main = Part(name="melody", program=profile.programs["melody"], notes=melody_notes)
    counter.program = profile.programs["counter_melody"]
    idea = Composition(
        bpm=params["bpm"], tonic=key.tonic, scale=key.scale, bars=bars, parts=[main, counter], genre=profile.name
    )
    return idea_result(idea, "counter_melody", {"style": params["style"], "notes": part_data(counter)}, params["key"])


TOOL = Tool(
    name="counter_melody",
    label="Counter-melody",
    summary="A counter-melody for a given melody",
    params=(
        Param("main_melody", "notes", None, required=True, max_items=MAX_MELODY_NOTES, help="The melody's notes"),
        KEY,
        SCALE,
        Param("style", "str", "harmony", choices=COUNTER_STYLES),
        BPM,
        genre_param("pop"),
    ),
    handler=counter_melody,
)
