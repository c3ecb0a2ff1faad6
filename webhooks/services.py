"""Webhook writes: emit a generation's events, rotate the signing secret, queue due retries.

The generation job calls :func:`webhook_events_emit` from its follow-ups (generation does not
import this app at module level); the delivery itself runs as a job (:mod:`.jobs`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coprod.jobs.models import JobStatus
from coprod.jobs.services import job_enqueue

from .models import WebhookDelivery, WebhookEvent, WebhookSecret, new_webhook_secret

# generation_progress is sent at most this often per generation (progress ticks come much faster).
PROGRESS_MIN_INTERVAL = timedelta(seconds=10)
# A queued task not started this long after its attempt was due is taken as lost and sent again.
LOST_TASK_AFTER = timedelta(minutes=10)
SEND_DUE_BATCH = 500


def webhook_batch_completed_emit(*, batch: Any, generations: list[Any], data: dict[str, Any]) -> WebhookDelivery | None:
    """Queue the signed ``batch_completed`` delivery to the batch's ``callback_url`` (once per batch).

    The payload is ``{event, batch_id, generation_ids, timestamp, data}``; the delivery is filed
    under the batch's last generation (deliveries belong to a generation), and sent, checked and
    retried like every other delivery. Does nothing without a callback URL or generations.
    """
    if not batch.callback_url or not generations:
        return None
    last = generations[-1]
    if WebhookDelivery.objects.filter(generation=last, event=WebhookEvent.BATCH_COMPLETED).exists():
        return None
    now = timezone.now()
    payload = {
        "event": WebhookEvent.BATCH_COMPLETED.value,
        "batch_id": batch.public_id,
        "generation_ids": [g.public_id for g in generations],
        "timestamp": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data": data,
    }
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            owner_id=batch.owner_id,
            generation=last,
            event=WebhookEvent.BATCH_COMPLETED,
            url=batch.callback_url,
            payload=payload,
            stage="queued",
            next_attempt_at=now,
            enqueued_at=now,
        )
        job_enqueue(delivery)
    return delivery


def webhook_events_emit(*, generation: Any, event: str, data: dict[str, Any]) -> WebhookDelivery | None:
    """Queue one signed delivery of ``event`` about ``generation`` if it asked for that event.

    Does nothing (returns None) when the generation has no ``callback_url``, did not list
    ``event`` in its ``webhook_events``, or (for ``generation_progress``) had one sent less than
    :data:`PROGRESS_MIN_INTERVAL` ago. Otherwise creates a pending :class:`WebhookDelivery`
    whose payload is ``{event, generation_id, timestamp, data}`` and queues it on commit.
    Raises ``ValueError`` for an event name that is not a :class:`WebhookEvent`.
    """
    if event not in WebhookEvent.values:
        raise ValueError(f"unknown webhook event {event!r}")
    if not generation.callback_url or event not in (generation.webhook_events or []):
        return None
    now = timezone.now()
    if (
        event == WebhookEvent.GENERATION_PROGRESS
        and WebhookDelivery.objects.filter(
            generation=generation, event=event, created_at__gt=now - PROGRESS_MIN_INTERVAL
        ).exists()
    ):
        return None
    payload = {
        "event": event,
        "generation_id": generation.public_id,
        "timestamp": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data": data,
    }
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            owner_id=generation.owner_id,
            generation=generation,
            event=event,
            url=generation.callback_url,
            payload=payload,
            stage="queued",
            next_attempt_at=now,
            enqueued_at=now,
        )
        job_enqueue(delivery)
    return delivery


def webhook_secret_rotate(*, user: Any) -> tuple[WebhookSecret, str]:
    """Create the user's signing secret, or replace it; returns the row and the new secret.

    The returned secret is the only time it is shown. Every delivery sent from now on (retries of
    older events included) is signed with it; the old secret stops working at once.
    """
    raw = new_webhook_secret()
    secret, _ = WebhookSecret.objects.update_or_create(
        user=user, defaults={"secret": raw, "created_at": timezone.now()}
    )
    return secret, raw


def webhook_secret_for_signing(*, user_id: int) -> str:
    """The secret to sign the user's deliveries with, created if the user never made one.

    A user may ask for webhooks before creating a secret; the deliveries are signed all the same
    and the user rotates the secret to learn one.
    """
    secret, _ = WebhookSecret.objects.get_or_create(
        user_id=user_id, defaults={"secret": new_webhook_secret(), "created_at": timezone.now()}
    )
    return secret.secret


def webhook_deliveries_send_due(*, now: datetime | None = None) -> int:
    """Queue every pending delivery whose next attempt is due and has no task on the way; how many.

    Celery beat runs this every few seconds. Retries further away than a countdown may safely
    wait in the broker are scheduled here, and a task lost on the way (a broker restart) is sent
    again :data:`LOST_TASK_AFTER` later.
    """
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(status=JobStatus.PENDING, next_attempt_at__lte=now).filter(
        _no_task_on_the_way(now)
    )
    sent = 0
    for delivery in due.order_by("next_attempt_at")[:SEND_DUE_BATCH]:
        # Conditional on the state just read, so two beats racing send it once.
        claimed = (
            WebhookDelivery.objects.filter(pk=delivery.pk, status=JobStatus.PENDING)
            .filter(_no_task_on_the_way(now))
            .update(enqueued_at=now)
        )
        if claimed:
            job_enqueue(delivery)
            sent += 1
    return sent


def _no_task_on_the_way(now: datetime) -> Q:
    return Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - LOST_TASK_AFTER)
