"""Celery tasks of the insights app: keeping the Producer DNA and creativity score fresh."""

from __future__ import annotations

from celery import shared_task

from accounts.models import User

from .services import PROFILE_REFRESH_TASK, producer_profile_refresh


@shared_task(name=PROFILE_REFRESH_TASK, acks_late=True)  # type: ignore[untyped-decorator]
def producer_profile_refresh_task(user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        producer_profile_refresh(user=user)
