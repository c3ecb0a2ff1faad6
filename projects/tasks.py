"""Celery tasks of the projects app: export jobs."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from . import services


class ExportTask(Task):  # type: ignore[misc]
    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        export_id = args[0] if args else kwargs.get("export_id")
        if export_id is not None:
            services.export_fail(export_id=int(export_id), error=f"Worker error: {type(exc).__name__}")


@shared_task(  # type: ignore[untyped-decorator]
    base=ExportTask,
    name="projects.export_run",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError, ConnectionError),
    retry_backoff=True,
    max_retries=3,
)
def export_run_task(export_id: int) -> None:
    services.export_run(export_id=export_id)
