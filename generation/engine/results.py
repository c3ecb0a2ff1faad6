"""Results and ideas, both ways: the one place an :class:`Composition` becomes the API's ``data`` and back.

* :func:`idea_result`: an idea as a result (key, tempo, bars, progression, sections, parts,
  metrics, metadata) plus the tool's own fields.
* :func:`result_from_idea`: the same for an idea built outside a tool (a merge), its ``notes`` being
  the lead part's.
* :func:`composition_data`: just the music (no metrics, no tool fields), e.g. a MIDI file read as a source.
* :func:`starter_pack_result`: a multi-part idea in the spec's surprise-me shape.
* :func:`idea_from_result`: a result (from us or from a client) back into an idea, through the
  limits of :mod:`generation.engine.boundary`.
"""

from __future__ import annotations

from typing import Any

from .boundary import idea_from_data
from .metrics import quality_metrics
from .theory import Key
from .types import Composition, Part


def part_data(part: Part | None) -> list[dict[str, Any]]:
    """A part's notes in the API's note shape (empty for no part)."""
    return [n.to_dict() for n in part.notes] if part else []


def idea_result(
    idea: Composition, result_type: str, extra: dict[str, Any], key_name: str | None = None
) -> dict[str, Any]:
    """``idea`` as a result of type ``result_type``; ``key_name`` keeps the user's spelling (``Gb``)."""
    key = Key(idea.tonic, idea.scale)
    bpm = int(idea.bpm) if float(idea.bpm).is_integer() else idea.bpm
    return {
        "type": result_type,
        "bpm": bpm,
        "key": key_name or key.tonic_name,
        "scale": idea.scale,
        "genre": idea.genre,
        "bars": idea.bars,
        "time_signature": f"{idea.time_signature[0]}/{idea.time_signature[1]}",
        **extra,
        "progression": [c.to_dict() for c in idea.chords],
        "sections": [s.to_dict() for s in idea.sections],
        "parts": [p.to_dict() for p in idea.parts],
        "metrics": quality_metrics(idea=idea),
        "metadata": dict(idea.metadata),
    }


def composition_data(idea: Composition) -> dict[str, Any]:
    """The idea's music in the shape :func:`idea_from_result` reads, without metrics (a MIDI file as a source)."""
    key = Key(idea.tonic, idea.scale)
    return {
        "bpm": int(idea.bpm) if float(idea.bpm).is_integer() else idea.bpm,
        "key": key.tonic_name,
        "scale": idea.scale,
        "genre": idea.genre,
        "bars": idea.bars,
        "time_signature": f"{idea.time_signature[0]}/{idea.time_signature[1]}",
        "progression": [c.to_dict() for c in idea.chords],
        "parts": [p.to_dict() for p in idea.parts],
        "metadata": dict(idea.metadata),
    }


def result_from_idea(idea: Composition, result_type: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A result for an idea built elsewhere (e.g. merged ideas); ``notes`` are its lead part's."""
    return idea_result(idea, result_type, {"notes": part_data(idea.lead_part()), **(extra or {})})


def starter_pack_result(
    idea: Composition, result_type: str, extra: dict[str, Any], key_name: str | None = None
) -> dict[str, Any]:
    """A multi-part idea as the spec's surprise-me shape: melody, chords, bassline and drums objects."""
    result = idea_result(idea, result_type, extra, key_name)
    result["melody"] = {"notes": part_data(idea.part("melody"))}
    result["chords"] = {"progression": result["progression"]}
    bass = idea.part("bass")
    result["bassline"] = {"notes": part_data(bass), "glides": bass.glides if bass else []}
    result["drums"] = {"notes": part_data(idea.part("drums"))}
    result["metadata"] = result["metadata"] | {
        "genre": result["genre"],
        "key": result["key"],
        "scale": result["scale"],
        "bpm": result["bpm"],
    }
    return result


def idea_from_result(data: Any, parameter: str = "original") -> Composition:
    """A result back into an :class:`Composition`, checked against the limits (see :mod:`.boundary`)."""
    return idea_from_data(data, parameter)
