"""Celery tasks of the vault app: writing a saved idea's files."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name=services.FILES_TASK, acks_late=True, soft_time_limit=120, time_limit=180)  # type: ignore[untyped-decorator]
def idea_files_task(idea_id: int) -> None:
    services.idea_render_files(idea_id=idea_id)
