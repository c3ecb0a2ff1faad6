"""Where a challenge entry's music comes from: a generation, a project, a MIDI file, a vault idea or an upload.

Each source resolves to :class:`EntryMusic`: the music as result data (what the checks read and
the players play), the composition built from it through the engine's one boundary (so outside
music meets the idea limits before any check), the declared genre and a title. Only the
caller's own objects resolve; anyone else's are a 404, as everywhere in the API.

A project's music is its most recent completed generation, else its most recent MIDI file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accounts.models import User
from coprod.errors import ParameterError
from generation.engine.boundary import idea_from_data
from generation.engine.errors import EngineParameterError
from generation.engine.midi_read import result_data_from_midi
from generation.engine.types import Composition
from generation.models import Generation, GenerationStatus
from generation.selectors import generation_get
from projects.models import MidiFile
from projects.selectors import midi_file_get, project_get
from vault.selectors import idea_get

from .models import SubmissionSource


@dataclass(frozen=True)
class EntryMusic:
    source: str
    source_id: int | None
    title: str
    genre: str
    data: dict[str, Any]
    music: Composition


def _music(data: Any, parameter: str) -> Composition:
    try:
        return idea_from_data(data, parameter)
    except EngineParameterError as exc:
        raise ParameterError(exc.parameter, exc.value, exc.constraint, str(exc)) from None


def _from_generation(generation: Generation, parameter: str) -> EntryMusic:
    if generation.status != GenerationStatus.COMPLETED or not isinstance(generation.result, dict):
        raise ParameterError(parameter, generation.pk, "a completed generation")
    data = generation.result
    return EntryMusic(
        source=SubmissionSource.GENERATION,
        source_id=generation.pk,
        title=f"{generation.genre or data.get('genre') or ''} {generation.tool}".strip(),
        genre=str(data.get("genre") or generation.genre or ""),
        data=data,
        music=_music(data, parameter),
    )


def _from_midi_bytes(
    content: bytes, *, parameter: str, genre: str, title: str, source: str, source_id: int | None
) -> EntryMusic:
    try:
        data = result_data_from_midi(content, parameter)
    except EngineParameterError as exc:
        raise ParameterError(exc.parameter, exc.value, exc.constraint, str(exc)) from None
    if genre:
        data["genre"] = genre
    music = _music(data, parameter)
    # Store what the boundary read (bars, notes in order), so players and checks see the same music.
    data["bars"] = music.bars
    return EntryMusic(source=source, source_id=source_id, title=title, genre=genre, data=data, music=music)


def _from_midi_file(midi_file: MidiFile, *, parameter: str, genre: str) -> EntryMusic:
    with midi_file.file.open("rb") as handle:
        content = handle.read()
    return _from_midi_bytes(
        content,
        parameter=parameter,
        genre=genre or (midi_file.project.genre if midi_file.project else ""),
        title=midi_file.name,
        source=SubmissionSource.MIDI_FILE,
        source_id=midi_file.pk,
    )


def entry_music_resolve(
    *,
    user: User,
    generation_id: Any = None,
    project_id: Any = None,
    midi_file_id: Any = None,
    idea_id: Any = None,
    upload: bytes | None = None,
    upload_name: str = "",
    genre: str = "",
) -> EntryMusic:
    """The music of exactly one source given. Raises :class:`ParameterError` (400) or Http404."""
    given = [
        name
        for name, value in (
            ("generation_id", generation_id),
            ("project_id", project_id),
            ("midi_file_id", midi_file_id),
            ("idea_id", idea_id),
            ("file", upload),
        )
        if value not in (None, "")
    ]
    if len(given) != 1:
        raise ParameterError(
            "source", given, "exactly one of generation_id, project_id, midi_file_id, idea_id or a MIDI file"
        )
    if generation_id not in (None, ""):
        return _from_generation(generation_get(user=user, generation_id=generation_id), "generation_id")
    if idea_id not in (None, ""):
        idea = idea_get(owner=user, idea_id=idea_id)
        return EntryMusic(
            source=SubmissionSource.IDEA,
            source_id=idea.pk,
            title=idea.title,
            genre=genre or idea.genre,
            data=idea.data,
            music=_music(idea.data, "idea_id"),
        )
    if midi_file_id not in (None, ""):
        return _from_midi_file(midi_file_get(owner=user, midi_id=midi_file_id), parameter="midi_file_id", genre=genre)
    if project_id not in (None, ""):
        project = project_get(owner=user, project_id=project_id)
        generation = (
            Generation.objects.filter(owner=user, project=project, status=GenerationStatus.COMPLETED)
            .order_by("-created_at", "-id")
            .first()
        )
        if generation is not None:
            entry = _from_generation(generation, "project_id")
            return EntryMusic(SubmissionSource.PROJECT, project.pk, project.name, entry.genre, entry.data, entry.music)
        midi_file = MidiFile.objects.filter(owner=user, project=project).order_by("-created_at", "-id").first()
        if midi_file is None:
            raise ParameterError("project_id", project.pk, "a project with a completed generation or a MIDI file")
        entry = _from_midi_file(midi_file, parameter="project_id", genre=genre or project.genre)
        return EntryMusic(SubmissionSource.PROJECT, project.pk, project.name, entry.genre, entry.data, entry.music)
    assert upload is not None  # noqa: S101 - exactly one source was given
    return _from_midi_bytes(
        upload,
        parameter="file",
        genre=genre,
        title=(upload_name or "Uploaded MIDI")[:120],
        source=SubmissionSource.UPLOAD,
        source_id=None,
    )
