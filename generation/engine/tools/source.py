"""What the tools that work on a producer's own music share: the ``source`` parameter and its analysis.

``continue``, ``reharmonize``, ``drumify`` and ``groove`` take ``source``: a piece in the result
shape (parts, bpm, key, scale, bars, time_signature), checked at the boundary
(:func:`generation.engine.boundary.idea_from_data`) like every idea from outside. The APIs fill it
from ``midi_file_id``, ``generation_id`` or ``idea_id`` (an uploaded MIDI file, an earlier result,
a vault idea). The tool analyses it (:mod:`generation.engine.analysis`) before anything else, and
its result carries the analysis's summary (``analysis``) beside the music.
"""

from __future__ import annotations

from typing import Any

from ..analysis import Analysis, analyse
from ..boundary import idea_from_data
from ..params import Param
from ..results import idea_result
from ..types import Composition

SOURCE_HELP = "The music to work on (a result's data); the API also takes midi_file_id, generation_id or idea_id"
SOURCE = Param("source", "object", None, required=True, help=SOURCE_HELP)
SOURCE_PARAMETERS = ("source", "template")


def source_analysis(params: dict[str, Any], name: str = "source") -> Analysis:
    """The parameter ``name`` read through the boundary and analysed."""
    return analyse(idea_from_data(params[name], name))


def analysis_summary(analysis: Analysis) -> dict[str, Any]:
    """The few facts of the source's analysis a result repeats (the full analysis has its own endpoint)."""
    full = analysis.to_dict()
    return {
        "key": full["key"],
        "mode": full["mode"],
        "confidence": full["confidence"],
        "time_signature": full["time_signature"],
        "bars": full["bars"],
        "roles": {track["name"]: track["role"] for track in full["tracks"]},
    }


def source_result(idea: Composition, result_type: str, analysis: Analysis, extra: dict[str, Any]) -> dict[str, Any]:
    """``idea`` as a result whose ``notes`` are its lead line, with the source's analysis beside it."""
    lead = idea.lead_part() or next((p for p in idea.parts if not p.is_drum), None)
    notes = [n.to_dict() for n in lead.notes] if lead else []
    return idea_result(idea, result_type, {"notes": notes, "analysis": analysis_summary(analysis), **extra})
