"""The worker heartbeat task: Celery beat sends it to every queue (``CELERY_BEAT_SCHEDULE``)."""

from __future__ import annotations

from celery import shared_task

from .services import worker_heartbeat_record


@shared_task(name="ops.heartbeat", ignore_result=True)  # type: ignore[untyped-decorator]
def ops_heartbeat(queue: str) -> float:
    """Runs on a worker of ``queue``: its heartbeat proves the queue is being consumed."""
    return worker_heartbeat_record(queue=queue)
