"""Celery tasks of the generation app: thin wrappers that hand a job id to the services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from coprod.jobs import TRANSIENT_ERRORS, JobTask

from . import services


class GenerationTask(JobTask):
    def fail_job(self, job_id: int, error: str) -> None:
        services.generation_fail(generation_id=job_id, error=error)


@shared_task(  # type: ignore[untyped-decorator]
    base=GenerationTask,
    name="generation.run",
    acks_late=True,
    reject_on_worker_lost=True,
    # Only transient infrastructure errors are retried; engine errors fail the job in the service.
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=30,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def generation_run_task(generation_id: int) -> None:
    from celery.exceptions import SoftTimeLimitExceeded

    try:
        services.generation_run(generation_id=generation_id)
    except SoftTimeLimitExceeded:
        services.generation_fail(generation_id=generation_id, error="Timed out: the job took too long")


@shared_task(name="generation.render_preview", acks_late=True, soft_time_limit=120, time_limit=180)  # type: ignore[untyped-decorator]
def generation_preview_task(generation_id: int) -> None:
    services.generation_render_preview(generation_id=generation_id)
