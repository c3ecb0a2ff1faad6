"""Middleware for the APIs: request ids, body-size limit, rate-limit headers.

Rate limits are counted by :class:`coprod.api.throttling.PlanRateThrottle` inside DRF; this
middleware only copies the counter's state onto the response, so that responses that never
reach a DRF view (an unknown URL, a 413) still carry the headers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .envelopes import is_api_path, new_request_id
from .errors import json_error
from .throttling import RateLimitState, peek_anonymous_state

Handler = Callable[[HttpRequest], HttpResponse]


class RequestIdMiddleware:
    """Gives every request an id (``request.request_id``) and every response ``X-Request-ID``."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = new_request_id(request.headers.get("X-Request-ID"))  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response


class ApiBodySizeMiddleware:
    """Refuses API bodies over ``API_MAX_BODY_BYTES`` with a 413 before anything reads them."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api_path(request.path):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.API_MAX_BODY_BYTES:
                return json_error(request, 413, message=f"Request body exceeds {settings.API_MAX_BODY_BYTES} bytes")
        return self.get_response(request)


class RateLimitHeadersMiddleware:
    """Adds ``X-RateLimit-Limit/Remaining/Reset`` to every API response."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_api_path(request.path):
            state: RateLimitState | None = getattr(request, "rate_limit", None)
            if state is None:
                state = peek_anonymous_state(request)
            if state is not None:
                for header, value in state.headers().items():
                    response[header] = value
        return response
