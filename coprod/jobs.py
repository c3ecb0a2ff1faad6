"""What every job-running Celery task shares: retry only transient errors, and fail the job when giving up.

A job task takes the job's id as its first argument. :class:`JobTask` subclasses name the service
that marks such a job failed (``fail_job``); when the task crashes or runs out of retries, the job is
left ``failed`` with a reason (and can be retried), never stuck in ``processing``.
"""

from __future__ import annotations

from typing import Any

from celery import Task
from django.db import InterfaceError, OperationalError

# Infrastructure hiccups worth another try; anything else is the job's own failure.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError)


class JobTask(Task):  # type: ignore[misc]
    def fail_job(self, job_id: int, error: str) -> None:
        raise NotImplementedError

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        job_id = args[0] if args else next(iter(kwargs.values()), None)
        if job_id is not None:
            self.fail_job(int(job_id), f"Worker error: {type(exc).__name__}")
