"""Reads of projects, MIDI files and exports; everything filtered by owner (others' are 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from accounts.models import User
from coprod.errors import ParameterError
from coprod.selectors import owned_or_404
from generation.engine import limits
from generation.engine.analysis import analyse
from generation.engine.errors import EngineParameterError
from generation.engine.midi_reader import read_midi
from generation.engine.results import composition_data
from generation.engine.types import Composition
from generation.models import Generation, GenerationStatus
from vault.models import Idea

from .models import Export, ExportStatus, MidiFile, Project


def project_list(*, owner: User, genre: str | None = None, status: str | None = None) -> QuerySet[Project]:
    queryset = Project.objects.filter(owner=owner).annotate(
        generation_count=Count("generations", distinct=True), midi_count=Count("midi_files", distinct=True)
    )
    if genre:
        queryset = queryset.filter(genre__iexact=genre)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-updated_at", "-id")


def midi_file_list(*, owner: User) -> QuerySet[MidiFile]:
    """``owner``'s MIDI files, newest first."""
    return MidiFile.objects.filter(owner=owner).order_by("-created_at", "-id")


def project_get(*, owner: User, project_id: Any) -> Project:
    """One of ``owner``'s projects; Http404 for others' and malformed ids."""
    return owned_or_404(Project.objects.all(), owner=owner, pk=project_id)


def midi_file_get(*, owner: User, midi_id: Any) -> MidiFile:
    """One of ``owner``'s MIDI files; Http404 for others' and malformed ids."""
    return owned_or_404(MidiFile.objects.all(), owner=owner, pk=midi_id)


def export_get(*, owner: User, export_id: Any) -> Export:
    """One of ``owner``'s exports; Http404 for others' and malformed ids."""
    return owned_or_404(Export.objects.all(), owner=owner, pk=export_id)


def midi_file_read(*, midi_file: MidiFile) -> bytes:
    """The stored file's bytes, at most one past ``limits.MAX_MIDI_BYTES`` (the reader refuses a longer file)."""
    with midi_file.file.open("rb") as handle:
        data: bytes = handle.read(limits.MAX_MIDI_BYTES + 1)
    return data


def midi_file_music(*, midi_file: MidiFile, parameter: str = "midi_file_id") -> Composition:
    """The file's music through the engine's MIDI reader (the idea limits apply).

    Raises :class:`ParameterError` naming ``parameter`` when the file is past the limits. The file
    is read, parsed and bounded in the calling process: at most ``limits.MAX_MIDI_BYTES``.
    """
    try:
        return read_midi(midi_file_read(midi_file=midi_file), parameter=parameter)
    except EngineParameterError as exc:
        raise ParameterError.from_engine(exc) from None


def midi_file_analysis(*, midi_file: MidiFile, include_data: bool = False) -> dict[str, Any]:
    """The file's analysis (key and mode with confidence, tempo, metre, bars, roles, progression).

    With ``include_data``, ``data`` is the music in the result shape, in the key found and with the
    progression read under it (what the studio draws). Computed on each read; nothing is stored.
    """
    analysis = analyse(midi_file_music(midi_file=midi_file))
    body = analysis.to_dict() | {"midi_file_id": midi_file.pk, "name": midi_file.name}
    if include_data:
        body["data"] = composition_data(analysis.idea)
    return body


def midi_file_history(*, midi_file: MidiFile) -> QuerySet[MidiFile]:
    """Every version of the file's history (its origin first), oldest first."""
    origin_id = midi_file.origin_id or midi_file.pk
    return MidiFile.objects.filter(Q(pk=origin_id) | Q(origin_id=origin_id), owner_id=midi_file.owner_id).order_by(
        "version", "id"
    )


def project_saved_ideas(*, project: Project) -> QuerySet[Idea]:
    """The vault ideas filed in the project by themselves (merges), newest first."""
    return project.saved_ideas.order_by("-created_at", "-id")


def project_export_sources(*, project: Project) -> list[tuple[str, str]]:
    """(value, label) of each idea of the project a single-file export can take, newest first.

    Values are ``g<id>`` (a completed generation) and ``i<id>`` (a vault idea filed by itself: a
    merge); the project page offers them so the producer picks what a MIDI, WAV or MP3 export holds.
    """
    from generation.templatetags.tool_labels import tool_label

    rows = []
    for g in project.generations.filter(status=GenerationStatus.COMPLETED):
        details = " ".join(v for v in (g.genre, g.key, g.scale) if v)
        rows.append((g.created_at, f"g{g.pk}", f"{tool_label(g.tool)}{': ' + details if details else ''}"))
    for idea in project_saved_ideas(project=project):
        rows.append((idea.created_at, f"i{idea.pk}", f"{idea.title} ({tool_label(idea.type)})"))
    rows.sort(key=lambda row: row[0], reverse=True)
    return [(value, label) for _, value, label in rows]


def project_export_source(*, project: Project, value: str) -> tuple[Generation | None, Idea | None]:
    """The generation or filed idea named by ``value`` (from :func:`project_export_sources`); a
    value that names nothing of this project is (None, None)."""
    kind, number = value[:1], value[1:]
    if not number.isdigit():
        return None, None
    if kind == "g":
        generation = project.generations.filter(status=GenerationStatus.COMPLETED, pk=int(number)).first()
        return generation, None
    if kind == "i":
        return None, project.saved_ideas.filter(pk=int(number)).first()
    return None, None


def project_latest_completed_generation(*, project: Project) -> Generation | None:
    """The project's newest completed generation (what a MIDI, WAV or MP3 export of the project renders)."""
    return project.generations.filter(status=GenerationStatus.COMPLETED).order_by("-created_at").first()


def midi_file_data(*, midi_file: MidiFile) -> dict[str, Any]:
    return {
        "id": midi_file.pk,
        "name": midi_file.name,
        "project_id": midi_file.project_id,
        "generation_id": midi_file.generation_id,
        "size_bytes": midi_file.size_bytes,
        "track_count": midi_file.track_count,
        "note_count": midi_file.note_count,
        "duration_seconds": midi_file.duration_seconds,
        "bpm": midi_file.bpm,
        "version": midi_file.version,
        "origin_id": midi_file.origin_id,
        "previous_id": midi_file.previous_id,
        "download_url": reverse("api-midi-download", kwargs={"midi_id": midi_file.pk}),
        "analysis_url": reverse("api-midi-analysis", kwargs={"midi_id": midi_file.pk}),
        "page_url": reverse("projects:midi", kwargs={"midi_id": midi_file.pk}),
        "created_at": midi_file.created_at.isoformat(),
    }


def export_data(*, export: Export) -> dict[str, Any]:
    return {
        "id": export.pk,
        "type": export.type,
        "format": export.format,
        "status": export.status,
        "progress": export.progress,
        "stage": export.stage,
        "generation_id": export.generation_id,
        "idea_id": export.idea_id,
        "project_id": export.project_id,
        "filename": export.filename or None,
        "size_bytes": export.size_bytes,
        "error_message": export.error_message or None,
        "download_url": (
            reverse("api-export-download", kwargs={"export_id": export.pk})
            if export.status == ExportStatus.COMPLETED
            else None
        ),
        "created_at": export.created_at.isoformat(),
        "completed_at": export.completed_at.isoformat() if export.completed_at else None,
    }


def project_data(*, project: Project, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": project.pk,
        "name": project.name,
        "description": project.description,
        "bpm": project.bpm,
        "key_signature": project.key_signature,
        "scale": project.scale,
        "genre": project.genre,
        "mood": project.mood,
        "status": project.status,
        "created_at": project.created_at.isoformat(),
        "updated_at": project.updated_at.isoformat(),
    }
    if detail:
        data["generations"] = [
            {
                "generation_id": g.pk,
                "public_id": g.public_id,
                "tool": g.tool,
                "status": g.status,
                "genre": g.genre,
                "bpm": g.bpm,
                "key": g.key,
                "scale": g.scale,
                "created_at": g.created_at.isoformat(),
            }
            for g in project.generations.order_by("-created_at")
        ]
        data["midi_files"] = [midi_file_data(midi_file=m) for m in project.midi_files.all()]
        data["ideas"] = [
            {
                "idea_id": i.pk,
                "title": i.title,
                "type": i.type,
                "key": i.key,
                "scale": i.scale,
                "bpm": i.bpm,
                "midi_url": reverse("api-vault-midi", kwargs={"idea_id": i.pk}),
            }
            for i in project_saved_ideas(project=project)
        ]
    else:
        data["generation_count"] = getattr(project, "generation_count", None)
        data["midi_count"] = getattr(project, "midi_count", None)
    return data
