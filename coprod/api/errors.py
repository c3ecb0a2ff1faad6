"""API errors: the one handler that renders domain and DRF errors in each API's documented shape.

Two APIs share this project and document different error shapes:

* Co-Prod (``/api/...``): ``{"error": ..., "details": ...}`` (400), ``{"error"}`` (401, 404, 500),
  ``{"error", "reason"}`` (403), ``{"error", "retry_after"}`` (429, and 503 when a dependency is down).
* Music Generation v1 (``/v1/...``): ``{"success": false, "error": {"code", "message", "details"},
  "timestamp", "request_id"}`` with ``details.parameter/value/constraint`` on validation errors.

Services raise the domain errors of :mod:`coprod.errors` (no DRF in them), views raise DRF's own
exceptions; :func:`api_exception_handler` (DRF) and the Django-level handlers (404, 500, 413)
render through :func:`error_payload`, so no view builds an error response by hand.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from coprod.errors import (
    Conflict,
    DomainError,
    ParameterError,
    PayloadTooLarge,
    QuotaExceeded,
    ServiceUnavailable,
    TooManyRequests,
    UpgradeRequired,
)

from .envelopes import is_v1_path, request_id_of, utc_timestamp

logger = logging.getLogger(__name__)

# status -> (Co-Prod "error" text, v1 error code)
_STATUS_TEXT: dict[int, tuple[str, str]] = {
    400: ("Invalid request data", "VALIDATION_ERROR"),
    401: ("Authentication required", "UNAUTHORIZED"),
    403: ("Access denied", "FORBIDDEN"),
    404: ("Resource not found", "NOT_FOUND"),
    405: ("Method not allowed", "METHOD_NOT_ALLOWED"),
    406: ("Not acceptable", "NOT_ACCEPTABLE"),
    409: ("Conflict", "CONFLICT"),
    413: ("Request body too large", "PAYLOAD_TOO_LARGE"),
    415: ("Unsupported media type", "UNSUPPORTED_MEDIA_TYPE"),
    429: ("Rate limit exceeded", "RATE_LIMITED"),
    500: ("Internal server error", "INTERNAL_ERROR"),
    503: ("Service temporarily unavailable", "SERVICE_UNAVAILABLE"),
}


# What a 503 for an unreachable database tells the client to wait (seconds).
DATABASE_RETRY_AFTER_SECONDS = 5

# Kept for callers not yet switched to :mod:`coprod.errors`; new code raises DomainError subclasses.
ApiError = DomainError


def error_payload(
    request: HttpRequest,
    status_code: int,
    *,
    code: str | None = None,
    message: str | None = None,
    details: Any = None,
    reason: str | None = None,
    retry_after: int | None = None,
) -> dict[str, Any]:
    """The error body for ``request``'s API (v1 or Co-Prod) — the only place shapes are built."""
    default_text, default_code = _STATUS_TEXT.get(status_code, ("Error", "ERROR"))
    if is_v1_path(request.path):
        v1_details = dict(details) if isinstance(details, dict) else ({} if details is None else {"info": details})
        if reason:
            v1_details.setdefault("reason", reason)
        if retry_after is not None:
            v1_details.setdefault("retry_after", retry_after)
        return {
            "success": False,
            "error": {"code": code or default_code, "message": message or default_text, "details": v1_details},
            "timestamp": utc_timestamp(),
            "request_id": request_id_of(request),
        }
    # Co-Prod: "error" is the documented text for the status; the specifics go beside it.
    body: dict[str, Any] = {"error": default_text}
    if status_code == 400:
        body["details"] = details if details is not None else message
    elif status_code == 403:
        body["reason"] = reason or message or "Permission denied"
    elif status_code == 429:
        body["retry_after"] = retry_after if retry_after is not None else 60
    elif status_code == 503 and retry_after is not None:
        body["retry_after"] = retry_after
    elif status_code not in (404, 500) and message and message != default_text:
        body["details"] = message
    return body


def _validation_details(exc: exceptions.ValidationError, request: Any) -> tuple[str, Any]:
    """(v1 message, details) for a DRF ValidationError, naming its first bad field."""
    detail = exc.detail
    if isinstance(detail, dict) and detail:
        field, messages = next(iter(detail.items()))
        first = messages[0] if isinstance(messages, list) and messages else messages
        while isinstance(first, dict) and first:  # nested serializer errors
            sub_field, sub_messages = next(iter(first.items()))
            field = f"{field}.{sub_field}"
            first = sub_messages[0] if isinstance(sub_messages, list) and sub_messages else sub_messages
        value = None
        data = getattr(request, "data", None)
        if isinstance(data, dict):
            value = data.get(str(field).split(".")[0])
        return f"Invalid parameter: {field}: {first}", {
            "parameter": field,
            "value": value,
            "constraint": str(first),
            "fields": detail,
        }
    if isinstance(detail, list) and detail:
        return f"Invalid request: {detail[0]}", {"errors": detail}
    return "Invalid request", {"errors": detail}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF exception handler: every exception raised in an API view becomes a documented error."""
    request = context.get("request")
    django_request: Any = getattr(request, "_request", request)
    headers: dict[str, str] = {}
    message: str | None

    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, (OperationalError, InterfaceError)):
        # The database is unreachable (restarting, failing over): a clean 503, not a 500.
        logger.warning("Database unavailable: %s", exc)
        exc = ServiceUnavailable(retry_after=DATABASE_RETRY_AFTER_SECONDS)

    if isinstance(exc, DomainError):
        status_code = exc.status_code
        retry_after = getattr(exc, "retry_after", None)
        payload = error_payload(
            django_request,
            status_code,
            code=exc.error_code,
            message=exc.message,
            details=exc.details,
            reason=exc.reason,
            retry_after=retry_after,
        )
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
            if not is_v1_path(django_request.path) and exc.message != _STATUS_TEXT[status_code][0]:
                payload["details"] = exc.message
        if isinstance(exc, ParameterError) and not is_v1_path(django_request.path):
            payload["details"] = {field: [message] for field, message in exc.fields.items()}
    elif isinstance(exc, exceptions.ValidationError):
        status_code = 400
        v1_message, details = _validation_details(exc, request)
        coprod_details = exc.detail
        payload = error_payload(django_request, 400, message=v1_message, details=details)
        if not is_v1_path(django_request.path):
            payload["details"] = coprod_details
    elif isinstance(exc, exceptions.ParseError):
        status_code = 400
        payload = error_payload(
            django_request,
            400,
            code="MALFORMED_REQUEST",
            message=f"Malformed request body: {exc.detail}",
            details={"body": str(exc.detail)},
        )
        if not is_v1_path(django_request.path):
            payload["details"] = f"Malformed request body: {exc.detail}"
    elif isinstance(exc, exceptions.Throttled):
        status_code = 429
        retry_after = int(getattr(exc, "wait", None) or 60)
        headers["Retry-After"] = str(retry_after)
        payload = error_payload(django_request, 429, retry_after=retry_after)
    elif isinstance(exc, exceptions.APIException):
        status_code = exc.status_code
        message = str(exc.detail) if not isinstance(exc.detail, (list, dict)) else None
        if status_code == 401:
            # DRF's generic wording adds nothing to the documented {"error": "Authentication required"}.
            message = None if isinstance(exc, exceptions.NotAuthenticated) else message
        reason = message if status_code == 403 else None
        payload = error_payload(django_request, status_code, message=message, reason=reason)
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            auth_header = _authenticate_header(context)
            if auth_header:
                headers["WWW-Authenticate"] = auth_header
    else:
        logger.exception("Unhandled error in API view", exc_info=exc)
        status_code = 500
        payload = error_payload(django_request, 500)
    return Response(payload, status=status_code, headers=headers)


def _authenticate_header(context: dict[str, Any]) -> str | None:
    view = context.get("view")
    request = context.get("request")
    if view is None or request is None:
        return None
    try:
        header = view.get_authenticate_header(request)
        return str(header) if header else None
    except Exception:  # noqa: BLE001 - a header is a courtesy, never worth a 500
        return None


def json_error(request: HttpRequest, status_code: int, **kwargs: Any) -> JsonResponse:
    """A plain Django JSON error (for middleware and URL-level handlers outside DRF)."""
    return JsonResponse(error_payload(request, status_code, **kwargs), status=status_code)


__all__ = [
    "ApiError",
    "Conflict",
    "DomainError",
    "ParameterError",
    "PayloadTooLarge",
    "QuotaExceeded",
    "ServiceUnavailable",
    "TooManyRequests",
    "UpgradeRequired",
    "api_exception_handler",
    "error_payload",
    "json_error",
    "status",
]
