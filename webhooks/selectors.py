"""Webhook reads: the user's secret status and their deliveries (never another user's)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import WebhookDelivery, WebhookSecret


def webhook_secret_get(*, user: Any) -> WebhookSecret | None:
    """The user's secret row (its prefix and date are shown; the secret itself never is)."""
    return WebhookSecret.objects.filter(user=user).first()


def webhook_delivery_list(
    *, user: Any, generation_public_id: str | None = None, status: str | None = None, event: str | None = None
) -> QuerySet[WebhookDelivery]:
    """The user's deliveries, newest first, optionally for one generation (``gen_…``), status or event."""
    deliveries = WebhookDelivery.objects.filter(owner=user).select_related("generation")
    if generation_public_id:
        deliveries = deliveries.filter(generation__public_id=generation_public_id)
    if status:
        deliveries = deliveries.filter(status=status)
    if event:
        deliveries = deliveries.filter(event=event)
    return deliveries.order_by("-created_at", "-id")
