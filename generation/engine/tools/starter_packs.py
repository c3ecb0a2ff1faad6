"""The tools that answer a whole beat starter pack: genre fusion, emotion, surprise me and
extreme inspiration. Each builds melody, chords, bass and drums over one progression and answers
the spec's surprise-me shape (see :func:`~generation.engine.results.starter_pack_result`).
"""

from __future__ import annotations

import random
from typing import Any

from ..emotion import EMOTIONS, emotion_idea
from ..errors import EngineParameterError
from ..fusion import fuse_genres
from ..ideas import compose_idea
from ..inspiration import HABIT_FIELDS, MAX_HABIT_ITEMS, extreme_parameters, surprise_parameters
from ..params import Param
from ..results import starter_pack_result
from ..theory import parse_key
from .base import BPM, KEY, Progress, Tool, bars_param, genre_param, notify, optional_key


def genre_fusion(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    notify(progress, 40, "blending")
    idea, blended = fuse_genres(
        genre1=params["genre1"],
        genre2=params["genre2"],
        weight=params["weight"],
        key=optional_key(params),
        bpm=params["bpm"],
        bars=params["length"],
        seed=seed,
    )
    fusion = {
        "genres": [params["genre1"], params["genre2"]],
        "weight": params["weight"],
        "bpm_range": list(blended.bpm_range),
        "swing": round(blended.swing, 3),
        "bass_style": blended.bass_style,
        "drum_grid": dict(blended.drum_grid),
        "scales": list(blended.scales),
    }
    return starter_pack_result(idea, "genre_fusion", {"fusion": fusion})


def emotion(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    notify(progress, 40, "mapping emotion")
    idea, mapping = emotion_idea(
        emotion=params["emotion"],
        intensity=params["intensity"],
        key=optional_key(params),
        bars=params["length"],
        seed=seed,
    )
    return starter_pack_result(
        idea, "emotion", {"emotion": params["emotion"], "intensity": params["intensity"], "mapping": mapping}
    )


def surprise_me(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    chosen = surprise_parameters(random.Random(seed))
    key = parse_key(chosen["key"], chosen["scale"])
    notify(progress, 40, f"{chosen['genre']} in {chosen['key']} {chosen['scale']}")
    idea = compose_idea(
        key=key,
        genre=chosen["genre"],
        bpm=chosen["bpm"],
        bars=params["length"],
        seed=seed,
        mood=chosen["mood"],
        energy=chosen["energy"],
        complexity=chosen["complexity"],
    )
    return starter_pack_result(idea, "surprise_me", {"parameters": chosen}, chosen["key"])


def check_habits(habits: Any) -> dict[str, Any]:
    """The ``habits`` object: only the known fields, each a short list, or the error naming it."""
    if habits is None:
        return {}
    unknown = sorted(set(habits) - set(HABIT_FIELDS))
    if unknown:
        raise EngineParameterError(f"habits.{unknown[0]}", habits[unknown[0]], f"one of: {', '.join(HABIT_FIELDS)}")
    for name, value in habits.items():
        if not isinstance(value, list) or len(value) > MAX_HABIT_ITEMS:
            raise EngineParameterError(f"habits.{name}", value, f"a list of at most {MAX_HABIT_ITEMS} items")
        for item in value:
            if isinstance(item, str) and len(item) > 32:
                raise EngineParameterError(f"habits.{name}", item, "names of at most 32 characters")
    return dict(habits)


def extreme_inspiration(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    chosen = extreme_parameters(params["habits"] or {}, random.Random(seed))
    key = parse_key(chosen["key"], chosen["scale"])
    notify(progress, 40, "breaking habits")
    idea = compose_idea(
        key=key,
        genre=chosen["genre"],
        bpm=chosen["bpm"],
        bars=params["length"],
        seed=seed,
        energy=chosen["energy"],
        complexity=chosen["complexity"],
        with_arp=True,
    )
    return starter_pack_result(
        idea, "extreme_inspiration", {"parameters": chosen, "habits_broken": chosen["habits_broken"]}, chosen["key"]
    )


GENRE_FUSION = Tool(
    name="genre_fusion",
    label="Genre fusion",
    summary="A hybrid of two genres",
    params=(
        genre_param("trap", "genre1", True),
        genre_param("amapiano", "genre2", True),
        Param("weight", "float", 0.5, 0, 1, help="0 = all genre1, 1 = all genre2"),
        KEY,
        BPM,
        bars_param("length", 8),
    ),
    handler=genre_fusion,
)
EMOTION = Tool(
    name="emotion",
    label="Emotion",
    summary="Music for an emotion",
    params=(
        Param("emotion", "str", None, choices=tuple(EMOTIONS), required=True),
        Param("intensity", "float", 0.5, 0, 1),
        KEY,
        bars_param("length", 8),
    ),
    handler=emotion,
)
SURPRISE_ME = Tool(
    name="surprise_me",
    label="Surprise me",
    summary="A complete beat starter pack with random, coherent parameters",
    params=(bars_param("length", 8),),
    handler=surprise_me,
)
EXTREME_INSPIRATION = Tool(
    name="extreme_inspiration",
    label="Extreme inspiration",
    summary="Parameters far from your habits",
    params=(
        Param("habits", "object", None, help="favorite_genres, favorite_bpms, favorite_scales, favorite_keys"),
        bars_param("length", 8),
    ),
    handler=extreme_inspiration,
)
