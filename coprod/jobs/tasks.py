"""The one Celery task base for jobs, and the reaper's periodic task.

A job task is thin: ``@shared_task(base=JobTask, name=..., job_kind="generation")`` and a body
that calls :func:`coprod.jobs.services.job_run`. The base gives every kind the same policy:

* acks late and rejected when the worker is lost, so a crash redelivers the job; the claim's
  attempts cap then stops a job that keeps killing workers;
* transient infrastructure errors (database or broker connection) are retried with backoff;
* the soft time limit fails the job with a reason (the hard limit kills the task, and the reaper
  fails what is left ``processing``);
* any other crash fails the job with the error's type, so no job is left stuck.
"""

from __future__ import annotations

import errno
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from .kinds import JOB_KINDS, JobKind
from .services import job_fail, job_run, job_time_limits, jobs_reap_stuck

# Infrastructure hiccups worth another try; anything else is the job's own failure.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError)


class JobTask(Task):  # type: ignore[misc]
    """Base of every job task; subclasses (or the decorator) set ``job_kind``."""

    job_kind = ""
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = True
    retry_backoff_max = 30
    max_retries = 3

    @property
    def kind(self) -> JobKind:
        return JOB_KINDS[self.job_kind]

    def run_job(self, job_id: int) -> None:
        """Run the job, failing it with a reason when the soft time limit strikes."""
        try:
            job_run(self.kind, job_id)
        except SoftTimeLimitExceeded:
            soft, _ = job_time_limits(self.kind)
            job_fail(self.kind, job_id, f"Timed out: the job took longer than {soft} seconds. You can retry it.")

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        job_id = args[0] if args else next(iter(kwargs.values()), None)
        if job_id is not None:
            job_fail(self.kind, int(job_id), job_failure_reason(exc))


def job_failure_reason(exc: BaseException) -> str:
    """What the owner reads for a crash: a full disk is said plainly (it is not their input's fault)."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "The server ran out of disk space while writing the files. You can retry it."
    return f"Worker error: {type(exc).__name__}"


@shared_task(name="jobs.reap_stuck", ignore_result=True)  # type: ignore[untyped-decorator]
def jobs_reap_stuck_task() -> int:
    """Celery beat runs this every minute (``CELERY_BEAT_SCHEDULE``)."""
    return jobs_reap_stuck()
