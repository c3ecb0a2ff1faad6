"""The chords tool: a progression with voice-led voicings and its performed part."""

from __future__ import annotations

from typing import Any

from ..chords import chords_part, compose_chords
from ..comping import PATTERN_NAMES
from ..genres import get_genre
from ..params import Param
from ..results import idea_result
from ..types import Composition
from .base import BPM, COMPLEXITY, KEY, MOOD, SCALE, Progress, Tool, bars_param, genre_param, key_of, notify


def chords(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key, bars = key_of(params), params["length"]
    notify(progress, 40, "harmony")
    progression = compose_chords(
        key=key,
        genre=params["genre"],
        mood=params["mood"],
        complexity=params["complexity"],
        bars=bars,
        use_inversions=params["use_inversions"],
        voice_leading=params["voice_leading"],
        seed=seed,
    )
    profile = get_genre(params["genre"])
    idea = Composition(
        bpm=params["bpm"],
        tonic=key.tonic,
        scale=key.scale,
        bars=bars,
        parts=[
            chords_part(chords=progression, genre=profile, pattern=params["pattern"], key=key, seed=seed, solo=True)
        ],
        chords=progression,
        genre=profile.name,
        metadata={"mood": params["mood"], "complexity": params["complexity"]},
    )
    return idea_result(idea, "chord_progression", {}, params["key"])


TOOL = Tool(
    name="chords",
    label="Chord progression",
    summary="A chord progression with voicings",
    params=(
        KEY,
        SCALE,
        genre_param("pop"),
        MOOD,
        COMPLEXITY,
        bars_param("length", 4),
        Param("use_inversions", "bool", True),
        Param("voice_leading", "bool", True),
        BPM,
        Param("pattern", "str", None, choices=PATTERN_NAMES, help="Comping pattern; default: the genre's"),
    ),
    handler=chords,
)
