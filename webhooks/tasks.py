"""Celery tasks of the webhooks app: the delivery job and the beat that queues due retries."""

from __future__ import annotations

from celery import shared_task

from coprod.jobs.tasks import JobTask

from .services import webhook_deliveries_send_due


@shared_task(base=JobTask, bind=True, name="webhooks.deliver", job_kind="webhook_delivery")  # type: ignore[untyped-decorator]
def webhook_deliver_task(self: JobTask, delivery_id: int) -> None:
    self.run_job(delivery_id)


@shared_task(name="webhooks.send_due", ignore_result=True)  # type: ignore[untyped-decorator]
def webhook_deliveries_send_due_task() -> int:
    """Celery beat runs this every 15 s (``CELERY_BEAT_SCHEDULE``)."""
    return webhook_deliveries_send_due()
