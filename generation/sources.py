"""The producer's own music, named instead of sent: a generation, a project, a MIDI file, a vault idea or an upload.

The one resolver of named music, :func:`source_music_resolve`, serves two callers:

* the tools that work on given music (``continue``, ``reharmonize``, ``drumify``, ``groove``) take a
  ``source`` in the result shape; a request may name it instead: ``midi_file_id``, ``generation_id``
  or ``idea_id`` at the top of the body (exactly one, and not beside ``source``), and, for
  ``groove``'s ``template``, ``{"midi_file_id" | "generation_id" | "idea_id": N}``.
  :func:`generation_sources_resolve` replaces the name by the music;
* a challenge entry names exactly one of ``generation_id``, ``project_id``, ``midi_file_id``,
  ``idea_id`` or an uploaded ``file`` (:func:`challenges.selectors.entry_music_get`).

Everything is owner-scoped: another user's file, generation, project or idea is a 404, as if it did
not exist. A generation must have completed. A project's music is its most recent completed
generation, else its most recent MIDI file. A MIDI file (stored or uploaded) is read once, by the
engine's reader (:func:`generation.engine.midi_reader.read_midi`: the idea limits apply, so a file
past them is a 400 naming the field), and its key is read from its notes
(:func:`generation.engine.analysis.read_key`), as every analysis in the product reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from accounts.models import User
from coprod.errors import ParameterError
from projects.models import MidiFile
from projects.selectors import midi_file_get, midi_file_read, project_get
from vault.selectors import idea_get

from .engine import tools as engine_tools
from .engine.analysis import analyse, read_key
from .engine.boundary import idea_from_data
from .engine.errors import EngineParameterError
from .engine.midi_reader import read_midi
from .engine.results import composition_data
from .engine.tools.source import SOURCE_PARAMETERS
from .engine.types import Composition
from .models import Generation, GenerationStatus
from .selectors import generation_get

# What a tool's request may name its source by.
SOURCE_REFERENCES = ("midi_file_id", "generation_id", "idea_id")
# Every reference the resolver knows; ``file`` is an upload's bytes.
REFERENCES = ("generation_id", "project_id", "midi_file_id", "idea_id", "file")
UPLOAD_TITLE = "Uploaded MIDI"


@dataclass(frozen=True)
class SourceMusic:
    """Named music: which ``reference`` named it (``file`` for an upload), the object's id, a title,
    the source's own genre (a generation's, a vault idea's, a MIDI file's project's; ``""`` for none),
    and the music in the result shape (``data``); ``generated`` when it is a generation's result."""

    reference: str
    object_id: int | None
    title: str
    genre: str
    data: dict[str, Any]
    parameter: str
    generated: bool = False
    # A MIDI file's music as the reader built it: already inside the idea limits, never parsed again.
    read: Composition | None = None

    @cached_property
    def music(self) -> Composition:
        """The music through the engine's boundary (the idea limits). Raises :class:`ParameterError`."""
        if self.read is not None:
            return self.read
        return _boundary(self.data, self.parameter)


def _boundary(data: Any, parameter: str) -> Composition:
    try:
        return idea_from_data(data, parameter)
    except EngineParameterError as exc:
        raise ParameterError.from_engine(exc) from None


def _from_generation(generation: Generation, *, reference: str, parameter: str) -> SourceMusic:
    if generation.status != GenerationStatus.COMPLETED or not isinstance(generation.result, dict):
        raise ParameterError(parameter, generation.pk, "a completed generation")
    data: dict[str, Any] = generation.result
    return SourceMusic(
        reference=reference,
        object_id=generation.pk,
        title=f"{generation.genre or data.get('genre') or ''} {generation.tool}".strip(),
        genre=str(data.get("genre") or generation.genre or ""),
        data=data,
        parameter=parameter,
        generated=True,
    )


def _from_midi(
    content: bytes, *, reference: str, object_id: int | None, title: str, genre: str, parameter: str
) -> SourceMusic:
    try:
        music = read_midi(content, parameter)
    except EngineParameterError as exc:
        raise ParameterError.from_engine(exc) from None
    found = read_key(music)
    music = replace(music, tonic=found.tonic, scale=found.mode)
    return SourceMusic(reference, object_id, title, genre, composition_data(music), parameter, read=music)


def _from_midi_file(midi_file: MidiFile, *, reference: str, parameter: str) -> SourceMusic:
    return _from_midi(
        midi_file_read(midi_file=midi_file),
        reference=reference,
        object_id=midi_file.pk,
        title=midi_file.name,
        genre=midi_file.project.genre if midi_file.project else "",
        parameter=parameter,
    )


def source_music_resolve(
    *, user: User, reference: str, value: Any, parameter: str | None = None, title: str = ""
) -> SourceMusic:
    """The music ``reference`` = ``value`` names (``file``: an upload's bytes, ``title`` its name).

    A MIDI file's parts keep their track names. Http404 for others' objects; :class:`ParameterError`
    naming ``parameter`` (default: ``reference``) for an unfinished generation, an unreadable MIDI
    file or one past the idea limits, a project with no music.
    """
    parameter = parameter or reference
    if reference == "generation_id":
        return _from_generation(
            generation_get(user=user, generation_id=value), reference=reference, parameter=parameter
        )
    if reference == "idea_id":
        idea = idea_get(owner=user, idea_id=value)
        return SourceMusic(reference, idea.pk, idea.title, idea.genre, idea.data, parameter)
    if reference == "midi_file_id":
        return _from_midi_file(midi_file_get(owner=user, midi_id=value), reference=reference, parameter=parameter)
    if reference == "file":
        title = (title or UPLOAD_TITLE)[:120]
        return _from_midi(value, reference=reference, object_id=None, title=title, genre="", parameter=parameter)
    if reference != "project_id":
        raise ValueError(f"unknown source reference {reference!r}")
    project = project_get(owner=user, project_id=value)
    generation = (
        Generation.objects.filter(owner=user, project=project, status=GenerationStatus.COMPLETED)
        .order_by("-created_at", "-id")
        .first()
    )
    if generation is not None:
        music = _from_generation(generation, reference=reference, parameter=parameter)
    else:
        midi_file = MidiFile.objects.filter(owner=user, project=project).order_by("-created_at", "-id").first()
        if midi_file is None:
            raise ParameterError(parameter, project.pk, "a project with a completed generation or a MIDI file")
        music = _from_midi_file(midi_file, reference=reference, parameter=parameter)
        music = replace(music, genre=music.genre or project.genre)
    return replace(music, object_id=project.pk, title=project.name)


def music_analysis(*, data: Any, parameter: str) -> dict[str, Any]:
    """The analysis of result-shaped music (a generation's result, a vault idea's data), as for a MIDI file.

    Raises :class:`ParameterError` naming ``parameter`` if the stored music is past the idea limits.
    """
    return analyse(_boundary(data, parameter)).to_dict()


def _named(value: Any) -> tuple[str, Any] | None:
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
        resolved["source"] = source_music_resolve(user=user, reference=reference, value=resolved.pop(reference)).data
    for name in SOURCE_PARAMETERS:
        if name == "source" or spec.param(name) is None:
            continue
        target = _named(resolved.get(name))
        if target is not None:
            reference, identifier = target
            resolved[name] = source_music_resolve(
                user=user, reference=reference, value=identifier, parameter=f"{name}.{reference}"
            ).data
    return resolved
