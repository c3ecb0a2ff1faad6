"""Celery tasks of the projects app: export jobs."""

from __future__ import annotations

from celery import shared_task

from coprod.jobs import TRANSIENT_ERRORS, JobTask

from . import services


class ExportTask(JobTask):
    def fail_job(self, job_id: int, error: str) -> None:
        services.export_fail(export_id=job_id, error=error)


@shared_task(  # type: ignore[untyped-decorator]
    base=ExportTask,
    name="projects.export_run",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
)
def export_run_task(export_id: int) -> None:
    services.export_run(export_id=export_id)
