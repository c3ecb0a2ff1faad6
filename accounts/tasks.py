"""Celery tasks of the accounts app: keeping the Producer DNA and creativity score fresh."""

from __future__ import annotations

from celery import shared_task

from .insights import producer_profile_refresh
from .models import User


@shared_task(name="accounts.producer_profile_refresh", acks_late=True)  # type: ignore[untyped-decorator]
def producer_profile_refresh_task(user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        producer_profile_refresh(user=user)
