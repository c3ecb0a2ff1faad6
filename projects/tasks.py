"""Celery tasks of the projects app: export jobs."""

from __future__ import annotations

from celery import shared_task

from coprod.jobs.tasks import JobTask


@shared_task(base=JobTask, bind=True, name="projects.export_run", job_kind="export")  # type: ignore[untyped-decorator]
def export_run_task(self: JobTask, export_id: int) -> None:
    self.run_job(export_id)
