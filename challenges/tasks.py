"""Celery beat tasks of the challenges app (scheduled in ``CELERY_BEAT_SCHEDULE``)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="challenges.advance", soft_time_limit=120, time_limit=180)  # type: ignore[untyped-decorator]
def challenges_advance_task() -> None:
    """Place the winners of challenges whose voting closed, then announce the next weekly challenge."""
    services.challenges_finalize_due()
    services.challenges_schedule()
