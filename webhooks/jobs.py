"""The webhook delivery job kind: one HTTP attempt per run of the job, retried with backoff.

Registered in :class:`webhooks.apps.WebhooksConfig.ready`. Each run checks the callback URL again
(a name may now resolve somewhere private), signs the stored payload with the owner's current
secret and a fresh timestamp, POSTs it to the checked address and records the attempt. A 2xx
completes the job; anything else is retried after :data:`RETRY_DELAYS_SECONDS` until
:data:`MAX_DELIVERY_ATTEMPTS`, then the job fails with the last outcome as its reason.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from coprod.jobs.kinds import JobFailed, JobKind, JobRetryLater, Progress

from .models import WebhookDelivery
from .services import webhook_secret_for_signing
from .signing import SIGNATURE_HEADER, webhook_signature_header
from .targets import CallbackUrlRefused, CallbackUrlUnresolved, callback_url_check
from .transport import DeliveryResponse, webhook_post

# Waits before the 2nd, 3rd... attempt: 30 s, 2 min, 10 min, 1 h, 6 h (about 7 h 13 min in all).
RETRY_DELAYS_SECONDS = (30, 120, 600, 3600, 21600)
MAX_DELIVERY_ATTEMPTS = len(RETRY_DELAYS_SECONDS) + 1
USER_AGENT = "CoProd-Webhooks/1.0"
# A task waiting in Redis longer than the visibility timeout is delivered twice, so longer waits
# are left to the beat (webhook_deliveries_send_due) instead of a countdown.
COUNTDOWN_MARGIN_SECONDS = 60
# A copy of the task arriving this much before the attempt is due is a duplicate and does nothing.
EARLY_SLACK = timedelta(seconds=5)


def webhook_delivery_attempt(delivery: WebhookDelivery, progress: Progress) -> dict[str, Any]:
    """Make one attempt; the fields to store on success. Raises JobRetryLater or JobFailed otherwise."""
    now = timezone.now()
    if delivery.next_attempt_at is not None and delivery.next_attempt_at > now + EARLY_SLACK:
        # A second copy of a task whose attempt already ran and was rescheduled: leave it be.
        raise JobRetryLater(delivery.error_message, countdown=None)
    try:
        target = callback_url_check(delivery.url, resolve=True)
    except CallbackUrlUnresolved as exc:
        _finish_attempt(delivery, DeliveryResponse(status=None, body="", duration_ms=0, error=f"refused: {exc}"), {})
        raise _retry_or_fail(delivery, f"callback_url must be {exc}") from None
    except CallbackUrlRefused as exc:
        # Not worth retrying: the rules will say no again. Nothing was sent.
        _finish_attempt(delivery, DeliveryResponse(status=None, body="", duration_ms=0, error=f"refused: {exc}"), {})
        raise JobFailed(f"Not sent: callback_url must be {exc}") from None
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-CoProd-Event": delivery.event,
        "X-CoProd-Delivery": delivery.public_id,
        SIGNATURE_HEADER: webhook_signature_header(webhook_secret_for_signing(user_id=delivery.owner_id), body),
    }
    progress(10, "sending")
    response = webhook_post(target, body=body, headers=headers)
    _finish_attempt(delivery, response, headers)
    if response.delivered:
        return {"next_attempt_at": None, "enqueued_at": None}
    outcome = f"HTTP {response.status}" if response.status is not None else response.error
    raise _retry_or_fail(delivery, outcome)


def _finish_attempt(delivery: WebhookDelivery, response: DeliveryResponse, headers: dict[str, str]) -> None:
    """Record the attempt on the row (the last one's fields and the log) before the outcome is decided."""
    delivery.attempt_log = [
        *delivery.attempt_log,
        {
            "attempt": len(delivery.attempt_log) + 1,
            # As the API writes times: ISO 8601 in UTC with a Z.
            "at": timezone.now().isoformat().replace("+00:00", "Z"),
            "status": response.status,
            "duration_ms": response.duration_ms,
            "error": response.error,
        },
    ]
    delivery.response_status = response.status
    delivery.response_body = response.body
    delivery.duration_ms = response.duration_ms
    if headers:
        delivery.request_headers = headers
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempt_log=delivery.attempt_log,
        response_status=response.status,
        response_body=response.body,
        duration_ms=response.duration_ms,
        request_headers=delivery.request_headers,
        updated_at=timezone.now(),
    )


def _retry_or_fail(delivery: WebhookDelivery, outcome: str) -> Exception:
    """The exception that ends this run: a retry after the next delay, or the final failure."""
    attempts = delivery.delivery_attempts
    if attempts >= MAX_DELIVERY_ATTEMPTS:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=None, enqueued_at=None)
        return JobFailed(f"Gave up after {attempts} attempts; the last: {outcome}")
    delay = RETRY_DELAYS_SECONDS[attempts - 1]
    now = timezone.now()
    by_countdown = delay <= _countdown_limit_seconds()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=now + timedelta(seconds=delay), enqueued_at=now if by_countdown else None
    )
    reason = f"Attempt {attempts} of {MAX_DELIVERY_ATTEMPTS}: {outcome}; next attempt in {delay} s"
    return JobRetryLater(reason, countdown=delay if by_countdown else None)


def _countdown_limit_seconds() -> int:
    visibility = int(settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600))
    return max(0, visibility - COUNTDOWN_MARGIN_SECONDS)


WEBHOOK_DELIVERY_JOBS = JobKind(
    name="webhook_delivery",
    model=WebhookDelivery,
    task_name="webhooks.deliver",
    # Takes the job or nothing: fits JobKind.queue whether or not it is given the job.
    queue=lambda *_: settings.CELERY_TASK_DEFAULT_QUEUE,
    run=webhook_delivery_attempt,
    label=lambda d: f"Webhook {d.event}",
    identity=lambda d: {"delivery_id": d.public_id, "event": d.event},
    describe=lambda d: d.url,
    notification_data=lambda d: {
        "delivery_id": d.public_id,
        "event": d.event,
        "url": reverse("accounts:account") + "#webhooks",
    },
    # A delivered webhook needs no notification; one given up on does (it happened in the background).
    notify=lambda d: False,
    notify_failed=lambda d: True,
    # Retries waiting for hours must not use up the user's active-jobs quota.
    counts_toward_quota=False,
)
