"""Response envelopes and request ids.

The v1 API wraps every success in ``{success, data, message, timestamp, request_id}``;
the Co-Prod API's success bodies differ per endpoint and are built by its views.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest
from rest_framework.response import Response

V1_PREFIX = "/v1/"
API_PREFIXES = ("/api/", V1_PREFIX)
_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")


def is_v1_path(path: str) -> bool:
    return path.startswith(V1_PREFIX)


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIXES) or path in ("/api", "/v1")


def new_request_id(incoming: str | None = None) -> str:
    """Keep a well-formed client ``X-Request-ID`` (for tracing), else mint ``req_<16 hex>``."""
    if incoming and _CLIENT_REQUEST_ID.match(incoming):
        return incoming
    return f"req_{secrets.token_hex(8)}"


def request_id_of(request: Any) -> str:
    django_request = getattr(request, "_request", request)
    request_id = getattr(django_request, "request_id", None)
    if not request_id:
        request_id = new_request_id()
        if isinstance(django_request, HttpRequest):
            django_request.request_id = request_id  # type: ignore[attr-defined]
    return str(request_id)


def utc_timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def v1_response(
    request: Any, data: Any, message: str, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A v1 success response in the documented envelope."""
    return Response(
        {
            "success": True,
            "data": data,
            "message": message,
            "timestamp": utc_timestamp(),
            "request_id": request_id_of(request),
        },
        status=status,
        headers=headers,
    )
