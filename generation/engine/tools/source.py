"""What the tools that work on a producer's own music share: the ``source`` parameter and its analysis.

``continue``, ``reharmonize``, ``drumify`` and ``groove`` take ``source``: a piece in the result
shape (parts, bpm, key, scale, bars, time_signature), checked at the boundary
(:func:`generation.engine.boundary.idea_from_data`) like every idea from outside. The APIs fill it
from ``midi_file_id``, ``generation_id`` or ``idea_id`` (an uploaded MIDI file, an earlier result,
a vault idea). The tool analyses it (:mod:`generation.engine.analysis`) before anything else, and
its result carries the analysis's summary (``analysis``) beside the music.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..analysis import Analysis, analyse
from ..boundary import idea_from_data
from ..params import Param
from ..results import idea_result
from ..roles import ROLE_PART_NAMES
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


def by_role(idea: Composition, analysis: Analysis) -> Composition:
    """``idea`` with the source's tracks named by their roles (``Soprano`` -> ``melody``), for the metrics.

    The metrics find the lead line by part name; a DAW's track names do not say it, the analysis does.
    """
    roles = {r.name: ROLE_PART_NAMES[r.role] for r in analysis.roles}
    return replace(idea, parts=[replace(p, name=roles.get(p.name, p.name)) for p in idea.parts])


def source_result(idea: Composition, result_type: str, analysis: Analysis, extra: dict[str, Any]) -> dict[str, Any]:
    """``idea`` as a result whose ``notes`` are its lead line, with the source's analysis beside it.

    Parts keep their own names (the producer's track names); the metrics read them by role.
    """
    named = by_role(idea, analysis)
    lead = named.lead_part() or next((p for p in named.parts if not p.is_drum), None)
    notes = [n.to_dict() for n in lead.notes] if lead else []
    result = idea_result(named, result_type, {"notes": notes, "analysis": analysis_summary(analysis), **extra})
    result["parts"] = [p.to_dict() for p in idea.parts]
    return result
