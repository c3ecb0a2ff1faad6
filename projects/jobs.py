"""The export job kind: how the one job lifecycle (:mod:`coprod.jobs`) builds an export's file.

Registered in :class:`projects.apps.ProjectsConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from coprod.errors import Conflict
from coprod.jobs.kinds import JobFailed, JobKind, Progress
from generation.engine.errors import EngineError

from .exports import export_build
from .models import Export


def export_execute(export: Export, progress: Progress) -> dict[str, Any]:
    """Build the export's file; the fields to store on completion."""
    try:
        content, filename, content_type = export_build(export, progress)
    except (EngineError, Conflict, OSError, ValueError) as exc:
        raise JobFailed(str(exc)) from exc
    export.file.save(filename, ContentFile(content), save=False)
    return {"file": export.file.name, "filename": filename, "content_type": content_type, "size_bytes": len(content)}


def _download_url(export: Export) -> str:
    return reverse("api-export-download", kwargs={"export_id": export.pk})


EXPORT_JOBS = JobKind(
    name="export",
    model=Export,
    task_name="projects.export_run",
    queue=lambda e: settings.CELERY_AUDIO_QUEUE,
    run=export_execute,
    label=lambda e: f"{e.get_type_display()} export",
    identity=lambda e: {"export_id": e.pk},
    completed_event=lambda e: {"download_url": _download_url(e)},
    describe=lambda e: e.filename,
    notification_data=lambda e: {"export_id": e.pk, "download_url": _download_url(e), "url": _download_url(e)},
    analytics_event="export_complete",
    analytics_data=lambda e: {"export_type": e.type, "export_id": e.pk},
)
