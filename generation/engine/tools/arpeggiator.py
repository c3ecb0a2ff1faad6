"""The arpeggiator tool: a chord broken into a pattern across octaves."""

from __future__ import annotations

from typing import Any

from ..arpeggiator import ARP_PATTERNS, compose_arpeggio
from ..genres import get_genre
from ..params import Param
from ..results import idea_result, part_data
from ..types import Composition
from .base import BPM, KEY, SCALE, Progress, Tool, bars_param, genre_param, key_of, notify


def arpeggiator(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key, bars = key_of(params), params["length"]
    profile = get_genre(params["genre"])
    notify(progress, 50, "arpeggio")
    arp = compose_arpeggio(
        key=key,
        bars=bars,
        pattern=params["pattern"],
        chord_offsets=params["chord"],
        octave_range=params["octave_range"],
        rate=params["rate"],
        gate=params["gate"],
        seed=seed,
        program=profile.programs["arp"],
    )
    idea = Composition(bpm=params["bpm"], tonic=key.tonic, scale=key.scale, bars=bars, parts=[arp], genre=profile.name)
    return idea_result(
        idea,
        "arpeggio",
        {"pattern": params["pattern"], "notes": part_data(arp), "chord": params["chord"]},
        params["key"],
    )


TOOL = Tool(
    name="arpeggiator",
    label="Arpeggiator",
    summary="An arpeggio of a chord across octaves",
    params=(
        BPM,
        KEY,
        SCALE,
        genre_param("synthwave"),
        Param("pattern", "str", "up", choices=ARP_PATTERNS),
        Param("chord", "int_list", None, -24, 36, help="Semitones above the tonic, e.g. [0, 4, 7]", max_items=8),
        bars_param("length", 4),
        Param("octave_range", "int", 2, 1, 4),
        Param("rate", "float", 0.25, 0.0625, 4, help="Beats per step (0.25 = sixteenths)"),
        Param("gate", "float", 0.8, 0.05, 1, help="Share of each step the note holds"),
    ),
    handler=arpeggiator,
)
