"""Project, MIDI file and export use cases.

MIDI uploads are parsed with mido before anything is stored: a broken, empty or oversized file is
a :class:`ParameterError` and nothing is written. Exports run as Celery jobs (see
:func:`export_run`) with progress pushed over ``/ws`` and a notification at the end.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from typing import Any

import mido
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.analytics import analytics_record
from accounts.models import User
from accounts.services import notification_create
from coprod import realtime
from coprod.api.errors import Conflict, ParameterError
from coprod.plans import plan_require
from generation.engine import results as engine_results
from generation.engine import writers
from generation.engine.errors import EngineError
from generation.engine.types import Idea
from generation.models import Generation, GenerationStatus

from .models import Export, ExportStatus, ExportType, MidiFile, Project

logger = logging.getLogger(__name__)

PROJECT_FIELDS = ("name", "description", "bpm", "key_signature", "scale", "genre", "mood", "status")
MAX_MIDI_BYTES = 2 * 1024 * 1024
MAX_MIDI_MESSAGES = 200_000
ZIP_MAX_GENERATIONS = 10
EXPORT_FEATURE = {
    ExportType.MIDI: "export_midi",
    ExportType.WAV: "export_audio",
    ExportType.MP3: "export_audio",
    ExportType.ZIP_PROJECT: "export_zip",
}


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


def project_delete(*, project: Project) -> None:
    """Delete the project; its generations and MIDI files stay (they are unlinked, not lost)."""
    project.delete()


def _midi_summary(data: bytes, parameter: str = "file") -> dict[str, Any]:
    """Parse ``data`` with mido and describe it; a clear :class:`ParameterError` if it is not a usable MIDI file."""
    if not data:
        raise ParameterError(parameter, "empty", "a Standard MIDI File", "The uploaded file is empty")
    if len(data) > MAX_MIDI_BYTES:
        raise ParameterError(
            parameter,
            f"{len(data)} bytes",
            f"at most {MAX_MIDI_BYTES} bytes",
            f"MIDI files are limited to {MAX_MIDI_BYTES // 1024} KiB",
        )
    try:
        midi = mido.MidiFile(file=io.BytesIO(data))
        messages = sum(len(track) for track in midi.tracks)
        if messages > MAX_MIDI_MESSAGES:
            raise ParameterError(parameter, f"{messages} messages", f"at most {MAX_MIDI_MESSAGES} messages")
        notes = sum(1 for track in midi.tracks for m in track if m.type == "note_on" and m.velocity > 0)
        length = midi.length if midi.type != 2 else 0.0
    except ParameterError:
        raise
    except (OSError, EOFError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise ParameterError(
            parameter, "unreadable", "a Standard MIDI File", f"Not a readable MIDI file: {exc}"
        ) from None
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


def generation_idea(*, generation: Generation) -> Idea:
    if generation.status != GenerationStatus.COMPLETED or not generation.result:
        raise Conflict(f"Generation {generation.pk} is {generation.status}; only completed generations have music")
    return engine_results.idea_from_result(generation.result)


def midi_file_from_generation(*, owner: User, generation: Generation, name: str, project: Project | None) -> MidiFile:
    """Save a completed generation as a MIDI file in the user's library."""
    data = writers.idea_to_midi(generation_idea(generation=generation))
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


def export_start(
    *, owner: User, export_type: str, generation: Generation | None, project: Project | None, export_format: str
) -> Export:
    """Check the plan and the source, store a pending export and queue it (on commit).

    Raises :class:`UpgradeRequired` (403) when the plan lacks the feature, :class:`ParameterError`
    when the source is missing or not finished.
    """
    plan_require(user=owner, feature=EXPORT_FEATURE[ExportType(export_type)])
    if export_type == ExportType.ZIP_PROJECT:
        if project is None:
            raise ParameterError("project_id", None, "a project id for zip_project exports")
    else:
        if generation is None:
            raise ParameterError("generation_id", None, f"a generation id for {export_type} exports")
        if generation.status != GenerationStatus.COMPLETED:
            raise ParameterError("generation_id", generation.pk, "a completed generation")
    export = Export.objects.create(
        owner=owner, type=export_type, format=export_format, generation=generation, project=project
    )
    transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    from .tasks import export_run_task

    export_run_task.delay(export_id)


def _progress(export: Export, progress: int, stage: str) -> None:
    Export.objects.filter(pk=export.pk).update(progress=progress, stage=stage)
    realtime.send_to_user(
        export.owner_id, realtime.export_event("export_progress", export_id=export.pk, progress=progress, stage=stage)
    )


def export_run(*, export_id: int) -> None:
    """Build the export's file (in the worker). Safe to run twice: a finished export is left alone."""
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status in (ExportStatus.COMPLETED, ExportStatus.FAILED):
            return
        export.status = ExportStatus.PROCESSING
        export.save(update_fields=["status"])
    try:
        content, filename, content_type = _build(export)
    except (EngineError, Conflict, OSError, ValueError) as exc:
        logger.exception("export %s failed", export_id)
        export_fail(export_id=export_id, error=str(exc))
        return
    export.file.save(filename, ContentFile(content), save=False)
    export.filename, export.content_type, export.size_bytes = filename, content_type, len(content)
    export.status, export.progress, export.stage = ExportStatus.COMPLETED, 100, "completed"
    export.completed_at = timezone.now()
    export.save()
    analytics_record(
        user=export.owner, event_type="export_complete", event_data={"export_type": export.type, "export_id": export.pk}
    )
    realtime.send_to_user(
        export.owner_id,
        realtime.export_event("export_complete", export_id=export.pk, download_url=f"/api/export/{export.pk}/download"),
    )
    notification_create(
        user=export.owner,
        kind="export_complete",
        title=f"{export.get_type_display()} export ready",
        body=filename,
        data={"export_id": export.pk, "download_url": f"/api/export/{export.pk}/download"},
    )


def export_fail(*, export_id: int, error: str) -> None:
    updated = (
        Export.objects.filter(pk=export_id)
        .exclude(status=ExportStatus.COMPLETED)
        .update(status=ExportStatus.FAILED, error_message=error[:2000], stage="failed")
    )
    if not updated:
        return
    export = Export.objects.get(pk=export_id)
    realtime.send_to_user(export.owner_id, realtime.export_event("export_failed", export_id=export.pk, error=error))
    notification_create(
        user=export.owner,
        kind="export_failed",
        title=f"{export.get_type_display()} export failed",
        body=error[:500],
        data={"export_id": export.pk},
    )


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:60] or "export"


def _build(export: Export) -> tuple[bytes, str, str]:
    from generation.engine.audio import render_idea

    _progress(export, 10, "preparing")
    if export.type == ExportType.ZIP_PROJECT:
        assert export.project is not None  # noqa: S101 - checked by export_start
        return _build_zip(export, export.project), f"{_slug(export.project.name)}.zip", "application/zip"
    assert export.generation is not None  # noqa: S101 - checked by export_start
    idea = generation_idea(generation=export.generation)
    base = _slug(f"{export.generation.genre}-{export.generation.tool}-{export.generation.public_id}")
    if export.type == ExportType.MIDI:
        return writers.idea_to_midi(idea), f"{base}.mid", "audio/midi"
    _progress(export, 30, "rendering")
    rendered = render_idea(idea, formats=(export.type,), title=base)
    _progress(export, 90, "encoding")
    return rendered.encoded[export.type], f"{base}.{export.type}", "audio/wav" if export.type == "wav" else "audio/mpeg"


def _build_zip(export: Export, project: Project) -> bytes:
    from generation.engine.audio import render_idea
    from generation.engine.audio.encode import encode

    from .selectors import project_data

    generations = list(
        project.generations.filter(status=GenerationStatus.COMPLETED).order_by("-created_at")[:ZIP_MAX_GENERATIONS]
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.json", json.dumps(project_data(project=project, detail=True), indent=2))
        for midi_file in project.midi_files.all():
            with midi_file.file.open("rb") as handle:
                archive.writestr(f"midi/{_slug(midi_file.name)}-{midi_file.pk}.mid", handle.read())
        for index, generation in enumerate(generations):
            _progress(export, 10 + int(80 * index / max(1, len(generations))), f"rendering {generation.public_id}")
            idea = engine_results.idea_from_result(generation.result or {})
            folder = f"{generation.public_id}-{_slug(generation.tool)}"
            archive.writestr(f"{folder}/full.mid", writers.idea_to_midi(idea))
            for part in idea.parts:
                single = Idea(
                    bpm=idea.bpm,
                    tonic=idea.tonic,
                    scale=idea.scale,
                    bars=idea.bars,
                    parts=[part],
                    chords=idea.chords,
                    genre=idea.genre,
                )
                archive.writestr(f"{folder}/parts/{part.name}.mid", writers.idea_to_midi(single))
            archive.writestr(f"{folder}/score.musicxml", writers.idea_to_musicxml(idea))
            rendered = render_idea(idea, formats=("wav",))
            archive.writestr(f"{folder}/mix.wav", rendered.encoded["wav"])
            for name, stem in rendered.stems.items():
                archive.writestr(f"{folder}/stems/{name}.wav", encode(stem, rendered.sample_rate, "wav"))
    _progress(export, 95, "packing")
    return buffer.getvalue()
