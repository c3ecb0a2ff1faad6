"""Domain errors: what services, selectors and quotas raise when a request cannot be honoured.

Each class carries an HTTP ``status_code``, a stable machine ``code``, a human ``message`` and
optional ``details`` (and ``reason`` for the Co-Prod 403). Nothing here knows about DRF or
about either API's error shape: :mod:`coprod.api.errors` is the one handler that maps these to
responses, and pages (forms, the login view) read ``message`` / ``retry_after`` directly.
"""

from __future__ import annotations

from typing import Any, Protocol


class DomainError(Exception):
    """Base of the project's domain errors: a status, a stable ``code`` and a message.

    ``reason`` is the Co-Prod 403 ``reason``; ``details`` goes to both APIs' ``details``.
    """

    status_code = 400
    default_code = "BAD_REQUEST"
    default_detail = "Bad request"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        details: Any = None,
        reason: str | None = None,
    ):
        self.error_code = code or self.default_code
        self.message = str(message or self.default_detail)
        self.details = details
        self.reason = reason
        super().__init__(self.message)


class FieldProblem(Protocol):
    """What :meth:`ParameterError.from_engine` reads: the engine's ``EngineParameterError`` (this
    module imports no other app, the engine included)."""

    parameter: str
    value: Any
    constraint: str


class ParameterError(DomainError):
    """A request parameter is invalid (v1: ``details.parameter/value/constraint`` of the first).

    ``fields`` names every bad field with its message when there are several (Co-Prod's
    ``details`` then lists each: ``{field: [message]}``).
    """

    status_code = 400
    default_code = "VALIDATION_ERROR"

    def __init__(
        self,
        parameter: str,
        value: Any,
        constraint: str,
        message: str | None = None,
        *,
        fields: dict[str, str] | None = None,
    ):
        message = message or f"Invalid parameter: {parameter} must be {constraint}"
        super().__init__(message, details={"parameter": parameter, "value": value, "constraint": constraint})
        self.parameter = parameter
        self.fields = fields or {parameter: message}

    @classmethod
    def from_engine(cls, error: FieldProblem) -> ParameterError:
        """The engine's parameter error as a request's: the same field, value, limit and message
        (every bad field in ``fields`` when the engine found several)."""
        several: dict[str, Exception] | None = getattr(error, "errors", None)
        fields = {name: str(each) for name, each in several.items()} if several else None
        return cls(error.parameter, error.value, error.constraint, str(error), fields=fields)


class Conflict(DomainError):
    """The request is valid but the resource is in a state that forbids it (e.g. cancel a finished job)."""

    status_code = 409
    default_code = "CONFLICT"
    default_detail = "The resource is not in a state that allows this"


class UpgradeRequired(DomainError):
    """The user's plan does not include the feature (Co-Prod 403 with the documented reason)."""

    status_code = 403
    default_code = "UPGRADE_REQUIRED"
    default_detail = "Access denied"

    def __init__(self, feature: str | None = None):
        details = {"feature": feature} if feature else None
        super().__init__("Access denied", details=details, reason="Subscription upgrade required")


class TooManyRequests(DomainError):
    """429: a limit or quota is used up; ``retry_after`` says when to try again (seconds)."""

    status_code = 429
    default_code = "RATE_LIMITED"
    default_detail = "Rate limit exceeded"

    def __init__(self, message: str, *, retry_after: int, details: Any = None, code: str | None = None):
        super().__init__(message, details=details, code=code)
        self.retry_after = max(1, int(retry_after))


class QuotaExceeded(TooManyRequests):
    """A plan's quota on expensive work (active jobs, audio minutes a day) is used up."""

    default_code = "QUOTA_EXCEEDED"


class PayloadTooLarge(DomainError):
    """413: a body or upload is over its documented limit."""

    status_code = 413
    default_code = "PAYLOAD_TOO_LARGE"
    default_detail = "Request body too large"


class ServiceUnavailable(DomainError):
    """503: a dependency the request needs (e.g. the rate-limit counter) cannot be reached."""

    status_code = 503
    default_code = "SERVICE_UNAVAILABLE"
    default_detail = "Service temporarily unavailable"

    def __init__(self, message: str | None = None, *, retry_after: int, code: str | None = None):
        super().__init__(message, code=code)
        self.retry_after = max(1, int(retry_after))


__all__ = [
    "Conflict",
    "DomainError",
    "ParameterError",
    "PayloadTooLarge",
    "QuotaExceeded",
    "ServiceUnavailable",
    "TooManyRequests",
    "UpgradeRequired",
]
