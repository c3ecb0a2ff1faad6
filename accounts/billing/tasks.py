"""Billing's periodic task: end grace periods that ran out (Celery beat, hourly)."""

from __future__ import annotations

from celery import shared_task

from .services import billing_grace_expire


@shared_task(name="billing.grace_expire", ignore_result=True)  # type: ignore[untyped-decorator]
def billing_grace_expire_task() -> int:
    """Safe to run twice: it recomputes each plan from stored state."""
    return billing_grace_expire()
