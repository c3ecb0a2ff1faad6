"""Celery tasks of the generation app: thin wrappers that hand a job id to the services."""

from __future__ import annotations

from celery import shared_task

from coprod.jobs.tasks import JobTask

from . import services, template_services, track_services
from .jobs import FILES_TASK


@shared_task(base=JobTask, bind=True, name="generation.run", job_kind="generation")  # type: ignore[untyped-decorator]
def generation_run_task(self: JobTask, generation_id: int) -> None:
    self.run_job(generation_id)


@shared_task(base=JobTask, bind=True, name="generation.playlist_mix", job_kind="playlist")  # type: ignore[untyped-decorator]
def playlist_mix_task(self: JobTask, playlist_id: int) -> None:
    self.run_job(playlist_id)


@shared_task(name=FILES_TASK, acks_late=True, soft_time_limit=120, time_limit=180)  # type: ignore[untyped-decorator]
def generation_files_task(generation_id: int) -> None:
    services.generation_render_files(generation_id=generation_id)


@shared_task(name="generation.tracks_purge_expired", ignore_result=True)  # type: ignore[untyped-decorator]
def tracks_purge_expired_task() -> int:
    """Celery beat runs this every hour (``CELERY_BEAT_SCHEDULE``)."""
    return track_services.tracks_purge_expired()


@shared_task(name=template_services.PREVIEW_TASK, acks_late=True, soft_time_limit=120, time_limit=180)  # type: ignore[untyped-decorator]
def template_preview_task(template_id: int) -> str:
    """Render a template's preview (queued on its first request or when staff change it)."""
    return template_services.template_preview_render(template_id=template_id)
