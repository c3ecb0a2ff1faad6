"""Response shapes of the webhooks API (typed, so the OpenAPI schema describes them)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..models import WebhookDelivery, WebhookEvent, WebhookSecret


class WebhookSecretStatusSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Whether the user has a secret, and how to recognise it (never the secret itself)."""

    exists = serializers.BooleanField()
    prefix = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField(allow_null=True)

    @staticmethod
    def of(secret: WebhookSecret | None) -> dict[str, Any]:
        return {
            "exists": secret is not None,
            "prefix": secret.prefix if secret else None,
            "created_at": secret.created_at if secret else None,
        }


class WebhookSecretCreatedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The answer to a rotation: the only time the secret is shown."""

    secret = serializers.CharField()
    prefix = serializers.CharField()
    created_at = serializers.DateTimeField()


class WebhookAttemptSerializer(serializers.Serializer):  # type: ignore[type-arg]
    attempt = serializers.IntegerField()
    at = serializers.DateTimeField()
    status = serializers.IntegerField(allow_null=True, help_text="HTTP status received, null if none came back")
    duration_ms = serializers.IntegerField()
    error = serializers.CharField(allow_blank=True, help_text="Why no status came back (timeout, refused...)")


class WebhookDeliverySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """One delivery: what was sent, what came back, every attempt and when the next one is due."""

    delivery_id = serializers.CharField(source="public_id")
    generation_id = serializers.CharField(source="generation.public_id")
    event = serializers.ChoiceField(choices=WebhookEvent.choices)
    response_status = serializers.IntegerField(allow_null=True, help_text="HTTP status of the last attempt")
    response_body = serializers.CharField(allow_blank=True, help_text="First 2 KiB of the last response body")
    duration_ms = serializers.IntegerField(allow_null=True, help_text="Duration of the last attempt")
    attempts = serializers.IntegerField(source="delivery_attempts")
    attempt_log = WebhookAttemptSerializer(many=True)
    request_headers = serializers.DictField(child=serializers.CharField())
    payload = serializers.JSONField()
    error = serializers.CharField(source="error_message", allow_blank=True)

    class Meta:
        model = WebhookDelivery
        fields = (
            "delivery_id",
            "generation_id",
            "event",
            "url",
            "status",
            "attempts",
            "response_status",
            "response_body",
            "duration_ms",
            "error",
            "created_at",
            "completed_at",
            "next_attempt_at",
            "payload",
            "request_headers",
            "attempt_log",
        )
        read_only_fields = fields


class OffsetPaginationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()
    has_more = serializers.BooleanField()
