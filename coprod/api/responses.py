"""Response serializers shared by every Co-Prod endpoint: messages, pagination, file-pending and errors.

These describe bodies for the OpenAPI schema (``/api/schema/``); the views build the bodies
themselves (selectors return plain dicts), and ``tests/api/test_openapi.py`` checks real
responses against these descriptions. The error serializers are the shapes
:mod:`coprod.api.errors` renders; :mod:`coprod.api.schema` attaches them to every operation.
"""

from __future__ import annotations

from rest_framework import serializers

# Serializers here are never used to validate input: plain ``Serializer`` subclasses whose
# fields name and type each key of a body.
Base = serializers.Serializer


class MessageResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, message}``: an action that returns nothing else."""

    success = serializers.BooleanField()
    message = serializers.CharField()


class CoprodPaginationSerializer(Base):  # type: ignore[type-arg]
    """The ``pagination`` block of every list: ``page``/``per_page`` query parameters select the page."""

    total = serializers.IntegerField(min_value=0)
    per_page = serializers.IntegerField(min_value=1, max_value=100)
    current_page = serializers.IntegerField(min_value=1)
    last_page = serializers.IntegerField(min_value=1)


class FilePendingResponseSerializer(Base):  # type: ignore[type-arg]
    """``202`` while a worker writes a file; ask again after ``retry_after`` seconds (also ``Retry-After``)."""

    success = serializers.BooleanField()
    status = serializers.ChoiceField(choices=["processing"])
    retry_after = serializers.IntegerField(min_value=1)
    message = serializers.CharField()


class ErrorResponseSerializer(Base):  # type: ignore[type-arg]
    """401, 404, 409, 413, 500, 503: the documented text for the status, and specifics when there are any."""

    error = serializers.CharField()
    details = serializers.JSONField(required=False, help_text="What went wrong, when there is more to say")
    retry_after = serializers.IntegerField(
        required=False, min_value=1, help_text="503 only: seconds until the service should be back"
    )


class ValidationErrorResponseSerializer(Base):  # type: ignore[type-arg]
    """400: ``details`` maps each bad field to its messages (or says what was malformed)."""

    error = serializers.CharField()
    details = serializers.JSONField()


class ForbiddenErrorResponseSerializer(Base):  # type: ignore[type-arg]
    """403: ``reason`` says why (e.g. ``Subscription upgrade required``, a CSRF failure)."""

    error = serializers.CharField()
    reason = serializers.CharField()
    details = serializers.JSONField(required=False)


class RateLimitedErrorResponseSerializer(Base):  # type: ignore[type-arg]
    """429: a rate limit or quota is used up; try again after ``retry_after`` seconds."""

    error = serializers.CharField()
    retry_after = serializers.IntegerField(min_value=1)
    details = serializers.JSONField(required=False)
