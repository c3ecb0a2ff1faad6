"""Project, MIDI file and export use cases.

MIDI uploads are parsed once, by the engine's MIDI boundary
(:func:`generation.engine.midi_reader.midi_file_parse`), before anything is stored: a broken,
empty or oversized file is a :class:`ParameterError` and nothing is written. Exports are jobs of the one
lifecycle (:mod:`coprod.jobs`, kind :data:`projects.jobs.EXPORT_JOBS`), built in the worker by
:mod:`projects.exports`, with progress pushed over ``/ws`` and a notification at the end.
"""

from __future__ import annotations

import logging
from typing import Any

import mido
from django.core.files.base import ContentFile

from accounts.models import User
from coprod.errors import ParameterError
from coprod.jobs.services import job_enqueue
from coprod.plans import plan_require
from coprod.quotas import quota_check_audio, quota_check_jobs
from generation.engine import limits, writers
from generation.engine.boundary import idea_from_data
from generation.engine.errors import EngineParameterError
from generation.engine.midi_reader import midi_file_parse
from generation.models import Generation, GenerationStatus
from ops.models import AuditAction
from ops.services import audit_record
from vault.models import Idea

from .exports import EXPORT_FORMATS, export_audio_seconds, generation_music
from .models import Export, ExportType, MidiFile, Project
from .plans import EXPORT_FEATURE

logger = logging.getLogger(__name__)

PROJECT_FIELDS = ("name", "description", "bpm", "key_signature", "scale", "genre", "mood", "status")
MAX_MIDI_BYTES = limits.MAX_MIDI_BYTES


def project_create(*, owner: User, data: dict[str, Any]) -> Project:
    return Project.objects.create(owner=owner, **{f: data[f] for f in PROJECT_FIELDS if f in data})


def project_update(*, project: Project, data: dict[str, Any]) -> Project:
    """Update the fields present in ``data``; the others stay as they are."""
    changed = [f for f in PROJECT_FIELDS if f in data]
    for field in changed:
        setattr(project, field, data[field])
    if changed:
        project.save(update_fields=[*changed, "updated_at"])
    return project


def project_add_generation(*, project: Project, generation: Generation) -> Generation:
    """File ``generation`` (the caller's, completed) in ``project``; it leaves any project it was in.

    Raises :class:`ParameterError` for a generation that has not completed (nothing changes).
    """
    if generation.status != GenerationStatus.COMPLETED:
        raise ParameterError("generation_id", generation.pk, "a completed generation")
    generation.project = project
    generation.save(update_fields=["project"])
    return generation


def project_add_idea(*, project: Project, idea: Idea) -> Generation | None:
    """File a vault idea (the caller's) in ``project``; returns the generation filed, if any.

    An idea saved from a generation files that generation (it leaves any project it was in, as
    :func:`project_add_generation`); a merge has none and is filed itself (``saved_ideas``; adding
    it twice changes nothing). Raises :class:`ParameterError` as :func:`project_add_generation`.
    """
    if idea.generation is not None:
        return project_add_generation(project=project, generation=idea.generation)
    project.saved_ideas.add(idea)
    return None


def project_delete(*, project: Project) -> None:
    """Delete the project; its generations and MIDI files stay (they are unlinked, not lost)."""
    audit_record(actor=project.owner, action=AuditAction.DELETED, target=project, details={"name": project.name})
    project.delete()


def _midi_summary(data: bytes, parameter: str = "file") -> dict[str, Any]:
    """Describe ``data`` as parsed by the engine's MIDI boundary; a clear :class:`ParameterError` if unusable.

    A stored file is bounded by bytes and messages only (:func:`midi_file_parse`): one past the idea
    limits is kept, and refused where it is read as music (analysis, tools, challenges).
    """
    try:
        midi = midi_file_parse(data, parameter)
        length = midi.length if midi.type != 2 else 0.0
    except EngineParameterError as exc:
        raise ParameterError.from_engine(exc) from None
    except (OSError, EOFError, ValueError, KeyError, IndexError, TypeError) as exc:
        # mido computes the length lazily: a broken event shows only here.
        raise ParameterError(
            parameter, "unreadable", "a Standard MIDI File", f"Not a readable MIDI file: {exc}"
        ) from None
    notes = sum(1 for track in midi.tracks for m in track if m.type == "note_on" and m.velocity > 0)
    if notes == 0:
        raise ParameterError(parameter, "no notes", "a MIDI file with at least one note", "The MIDI file has no notes")
    tempos = [m.tempo for track in midi.tracks for m in track if m.type == "set_tempo"]
    return {
        "track_count": len(midi.tracks),
        "note_count": notes,
        "duration_seconds": round(float(length), 3),
        "bpm": round(mido.tempo2bpm(tempos[0]), 2) if tempos else 120.0,
    }


def midi_file_upload(*, owner: User, data: bytes, name: str, project: Project | None) -> MidiFile:
    """Store an uploaded MIDI file after checking it (nothing is stored if it is not valid)."""
    summary = _midi_summary(data)
    midi_file = MidiFile(owner=owner, project=project, name=name[:120] or "upload", size_bytes=len(data), **summary)
    midi_file.file.save("upload.mid", ContentFile(data), save=False)
    midi_file.save()
    return midi_file


def midi_file_from_generation(*, owner: User, generation: Generation, name: str, project: Project | None) -> MidiFile:
    """Save a completed generation as a MIDI file in the user's library."""
    data = writers.idea_to_midi(generation_music(generation=generation))
    label = name or f"{generation.genre or generation.tool} {generation.tool} {generation.public_id}"
    summary = _midi_summary(data)
    midi_file = MidiFile(
        owner=owner,
        project=project or generation.project,
        generation=generation,
        name=label[:120],
        size_bytes=len(data),
        **summary,
    )
    midi_file.file.save("generation.mid", ContentFile(data), save=False)
    midi_file.save()
    return midi_file


def midi_file_save_version(*, midi_file: MidiFile, data: Any, name: str = "") -> MidiFile:
    """Save an edit of ``midi_file`` (``data``: the music in the result shape) as the history's next version.

    The edit passes the engine's boundary (:func:`idea_from_data`, the idea limits) before anything is
    written; the earlier versions stay as they are. Raises :class:`ParameterError` naming the field
    inside ``data``.
    """
    try:
        idea = idea_from_data(data, "data")
    except EngineParameterError as exc:
        raise ParameterError.from_engine(exc) from None
    payload = writers.idea_to_midi(idea)
    summary = _midi_summary(payload, "data")
    origin = midi_file.origin or midi_file
    latest = MidiFile.objects.filter(origin=origin).order_by("-version").values_list("version", flat=True).first()
    edit = MidiFile(
        owner=midi_file.owner,
        project=midi_file.project,
        generation=midi_file.generation,
        name=(name or midi_file.name)[:120],
        size_bytes=len(payload),
        version=max(origin.version, latest or 0) + 1,
        origin=origin,
        previous=midi_file,
        **summary,
    )
    edit.file.save("edit.mid", ContentFile(payload), save=False)
    edit.save()
    return edit


def export_start(
    *,
    owner: User,
    export_type: str,
    generation: Generation | None,
    project: Project | None,
    export_format: str,
    idea: Idea | None = None,
) -> Export:
    """Check the plan and the source, store a pending export and queue it (on commit).

    A single-file export (MIDI, audio, stems) takes ``generation`` or, for a merged idea filed in a
    project, ``idea`` (the caller's, checked by the caller); a project ZIP takes ``project``.

    Raises :class:`ParameterError` for a ``format`` the type does not make (see
    :data:`projects.exports.EXPORT_FORMATS`: a format changes the output or is refused, never
    ignored) and when the source is missing or not finished, :class:`UpgradeRequired` (403) when
    the plan lacks the feature.
    """
    formats = EXPORT_FORMATS[ExportType(export_type)]
    if export_format not in formats:
        raise ParameterError(
            "format",
            export_format,
            f"one of {', '.join(formats)} for {export_type} exports",
            f"format must be one of {', '.join(formats)} for {export_type} exports",
        )
    plan_require(user=owner, feature=EXPORT_FEATURE[ExportType(export_type)])
    if export_type == ExportType.ZIP_PROJECT:
        if project is None:
            raise ParameterError("project_id", None, "a project id for zip_project exports")
    elif idea is not None:
        generation = None
        try:
            idea_from_data(idea.data, "idea_id")
        except EngineParameterError as exc:
            raise ParameterError.from_engine(exc) from None
    else:
        if generation is None and project is not None:
            raise ParameterError(
                "generation_id",
                None,
                "a finished idea in the project",
                "This project has no finished idea to export yet: use “Add to project” in the studio or the vault.",
            )
        if generation is None:
            raise ParameterError("generation_id", None, f"a generation id for {export_type} exports")
        if generation.status != GenerationStatus.COMPLETED:
            raise ParameterError("generation_id", generation.pk, "a completed generation")
    quota_check_jobs(user=owner)
    audio_seconds = export_audio_seconds(export_type=export_type, generation=generation, project=project, idea=idea)
    if audio_seconds:
        quota_check_audio(user=owner, seconds=audio_seconds)
    export = Export.objects.create(
        owner=owner,
        type=export_type,
        format=export_format,
        generation=generation,
        project=project,
        idea=idea if export_type != ExportType.ZIP_PROJECT else None,
        audio_seconds=audio_seconds,
    )
    job_enqueue(export)
    return export
