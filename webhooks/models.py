"""The per-user webhook signing secret and the webhook deliveries (a kind of job).

A :class:`WebhookDelivery` is one event about one generation sent to its ``callback_url``: the
job lifecycle (:mod:`coprod.jobs`) runs it, and the row keeps what was sent and what came back
for every attempt, so the user can see each delivery and its response (API and account page).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models

from coprod.jobs.models import Job

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix of every secret, not a secret
# How much of the secret lists show, so a user can tell which secret signed a delivery.
SECRET_SHOWN_LENGTH = 12


def new_webhook_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def new_delivery_public_id() -> str:
    return f"whd_{secrets.token_hex(8)}"


class WebhookEvent(models.TextChoices):
    """The events a v1 generation can ask for in ``webhook_events``."""

    GENERATION_STARTED = "generation_started", "Generation started"
    GENERATION_PROGRESS = "generation_progress", "Generation progress"
    GENERATION_COMPLETED = "generation_completed", "Generation completed"
    GENERATION_FAILED = "generation_failed", "Generation failed"
    # A v1 batch (generate-batch with a callback_url): sent once, when every generation finished.
    BATCH_COMPLETED = "batch_completed", "Batch completed"


class WebhookSecret(models.Model):
    """The key a user's webhook deliveries are signed with (one per user, replaced on rotation).

    The secret itself has to be kept to sign with (an HMAC key cannot be stored as a hash); it is
    shown to the user once, when created or rotated, and never returned afterwards.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_secret")
    secret = models.CharField(max_length=80)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"webhook secret of user {self.user_id} ({self.prefix}…)"

    @property
    def prefix(self) -> str:
        return self.secret[:SECRET_SHOWN_LENGTH]


class WebhookDelivery(Job):
    """One event sent (or to be sent) to a generation's callback URL, with every attempt.

    The job's ``status`` is the delivery's: ``pending`` while waiting for its first attempt or
    a retry, ``completed`` once a 2xx came back, ``failed`` when it gave up (the reason in
    ``error_message``). The ``response_*`` and ``duration_ms`` fields describe the last
    attempt; ``attempt_log`` holds all of them.
    """

    job_kind = "webhook_delivery"

    public_id = models.CharField(max_length=24, unique=True, default=new_delivery_public_id, editable=False)
    generation = models.ForeignKey("generation.Generation", on_delete=models.CASCADE, related_name="webhook_deliveries")
    event = models.CharField(max_length=32, choices=WebhookEvent.choices)
    url = models.URLField(max_length=500)
    payload = models.JSONField()
    request_headers = models.JSONField(default=dict, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    # [{"attempt", "at", "status", "duration_ms", "error"}], oldest first.
    attempt_log = models.JSONField(default=list, blank=True)
    # When the next attempt is due; None once the delivery has finished.
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When a task for the next attempt was sent (None: none is on the way, the beat sends one).
    enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta(Job.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["status", "next_attempt_at"])]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.public_id} {self.event} ({self.status})"

    @property
    def delivery_attempts(self) -> int:
        return len(self.attempt_log)

    @property
    def last_attempt(self) -> dict[str, Any] | None:
        return self.attempt_log[-1] if self.attempt_log else None
