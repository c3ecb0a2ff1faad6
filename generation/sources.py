"""The producer's own music as a tool's source: an uploaded MIDI file, an earlier result or a vault idea.

The tools that work on given music (``continue``, ``reharmonize``, ``drumify``, ``groove``) take a
``source`` in the result shape. A request may name it instead: ``midi_file_id``, ``generation_id``
or ``idea_id`` at the top of the body (exactly one, and not beside ``source``), and, for
``groove``'s ``template``, ``{"midi_file_id" | "generation_id" | "idea_id": N}``.
:func:`generation_sources_resolve` replaces the name by the music. Everything is owner-scoped:
another user's file, generation or idea is a 404, as if it did not exist. A MIDI file is read by
the engine's reader (:func:`projects.selectors.midi_file_music`), so the idea limits apply to it
and a file past them is a 400 naming ``midi_file_id``.
"""

from __future__ import annotations

from typing import Any

from accounts.models import User
from coprod.errors import ParameterError
from projects.selectors import midi_file_get, midi_file_music
from vault.selectors import idea_get

from .engine import tools as engine_tools
from .engine.analysis import analyse
from .engine.boundary import idea_from_data
from .engine.errors import EngineParameterError
from .engine.results import composition_data
from .engine.tools.source import SOURCE_PARAMETERS
from .models import GenerationStatus
from .selectors import generation_get

SOURCE_REFERENCES = ("midi_file_id", "generation_id", "idea_id")


def source_music(*, user: User, reference: str, value: Any, parameter: str) -> dict[str, Any]:
    """The music ``reference`` = ``value`` names, as result-shaped data. Http404 for others' objects.

    Raises :class:`ParameterError` naming ``parameter`` for a generation that has not completed or a
    MIDI file past the idea limits.
    """
    if reference == "midi_file_id":
        midi_file = midi_file_get(owner=user, midi_id=value)
        return composition_data(midi_file_music(midi_file=midi_file, parameter=parameter))
    if reference == "generation_id":
        generation = generation_get(user=user, generation_id=value)
        if generation.status != GenerationStatus.COMPLETED or not generation.result:
            raise ParameterError(parameter, value, "a completed generation")
        result: dict[str, Any] = generation.result
        return result
    idea = idea_get(owner=user, idea_id=value)
    data: dict[str, Any] = idea.data
    return data


def music_analysis(*, data: Any, parameter: str) -> dict[str, Any]:
    """The analysis of result-shaped music (a generation's result, a vault idea's data), as for a MIDI file.

    Raises :class:`ParameterError` naming ``parameter`` if the stored music is past the idea limits.
    """
    try:
        idea = idea_from_data(data, parameter)
    except EngineParameterError as exc:
        raise ParameterError(exc.parameter, exc.value, exc.constraint, str(exc)) from None
    return analyse(idea).to_dict()


def _named(value: Any, parameter: str) -> tuple[str, Any] | None:
    """``(reference, id)`` when ``value`` is ``{"midi_file_id": 3}`` or the like, else ``None``."""
    if isinstance(value, dict) and len(value) == 1:
        ((reference, identifier),) = value.items()
        if reference in SOURCE_REFERENCES:
            return reference, identifier
    return None


def generation_sources_resolve(*, user: User, tool: str, raw: Any) -> Any:
    """``raw`` with its named sources replaced by their music (see the module docstring).

    Other tools' bodies are returned as they are (a ``midi_file_id`` there stays an unknown field).
    """
    spec = engine_tools.TOOLS.get(tool)
    if not isinstance(raw, dict) or spec is None or spec.param("source") is None:
        return raw
    resolved = dict(raw)
    named = [r for r in SOURCE_REFERENCES if r in resolved]
    if len(named) > 1 or (named and "source" in resolved):
        given = ", ".join(named + (["source"] if "source" in resolved else []))
        raise ParameterError(named[0], given, "exactly one of source, midi_file_id, generation_id, idea_id")
    if named:
        reference = named[0]
        resolved["source"] = source_music(
            user=user, reference=reference, value=resolved.pop(reference), parameter=reference
        )
    for name in SOURCE_PARAMETERS:
        if name == "source" or spec.param(name) is None:
            continue
        target = _named(resolved.get(name), name)
        if target is not None:
            reference, identifier = target
            resolved[name] = source_music(
                user=user, reference=reference, value=identifier, parameter=f"{name}.{reference}"
            )
    return resolved
