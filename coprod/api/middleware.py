"""Middleware: request ids, body-size limits, rate limits on page posts, rate-limit headers.

API rate limits are counted by :class:`coprod.api.throttling.PlanRateThrottle` inside DRF;
:class:`RateLimitHeadersMiddleware` only copies the counter's state onto the response, so that
responses that never reach a DRF view (an unknown URL, a 413) still carry the headers. Page form
posts are counted by :class:`PageRateLimitMiddleware` against the same per-caller budget.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from coprod.errors import ServiceUnavailable

from .envelopes import is_api_path, new_request_id
from .errors import json_error
from .throttling import (
    RateLimitState,
    count_request,
    is_write,
    limit_for_user,
    peek_anonymous_state,
    request_identity,
)

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


def _page_refusal(request: HttpRequest, status: int, message: str, retry_after: int | None = None) -> HttpResponse:
    """A small standalone HTML page for a refused page request (no layout: nothing else has run)."""
    html = render_to_string("refused.html", {"status": status, "message": message, "retry_after": retry_after})
    response = HttpResponse(html, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


class BodySizeMiddleware:
    """Refuses bodies over the limit with a 413 before anything reads them.

    API paths allow ``API_MAX_BODY_BYTES`` (413 in the API's error shape); pages, whose only big
    bodies are uploads, allow ``PAGE_MAX_BODY_BYTES`` (a 413 page). The size is the declared
    ``Content-Length``; a body without one is read by Django only up to the upload limits.

    An API body sent without ``Content-Length`` (``Transfer-Encoding: chunked``) is read here, at
    most one byte past the limit, and given its length: DRF reads a request without a length as
    having no body, so a chunked ``POST /api/generate/melody {"bpm": 100}`` made a 140 BPM melody
    from the defaults instead.
    """

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if is_api_path(request.path):
            if length == 0 and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
                length = _read_unsized_body(request, settings.API_MAX_BODY_BYTES)
            if length > settings.API_MAX_BODY_BYTES:
                refusal = json_error(request, 413, message=f"Request body exceeds {settings.API_MAX_BODY_BYTES} bytes")
                # Refused before the rate-limit headers' middleware runs: add them here.
                return rate_limit_headers_add(request, refusal)
        elif length > settings.PAGE_MAX_BODY_BYTES:
            limit_mib = settings.PAGE_MAX_BODY_BYTES / (1024 * 1024)
            return _page_refusal(request, 413, f"The form is too large: at most {limit_mib:g} MiB, uploads included.")
        return self.get_response(request)


def _read_unsized_body(request: HttpRequest, limit: int) -> int:
    """Read a body sent without a length (at most ``limit + 1`` bytes) and declare its length.

    The bytes are kept as the request's body, exactly as ``HttpRequest.body`` keeps what it reads,
    so every later reader (DRF's parsers, multipart) sees them. Returns the length read.
    """
    body = request.read(limit + 1)
    request._body = body  # what HttpRequest.body caches
    request._stream = io.BytesIO(body)
    request.META["CONTENT_LENGTH"] = str(len(body))
    return len(body)


class PageRateLimitMiddleware:
    """Counts page form posts (not API calls, which DRF counts) against the caller's per-minute limit.

    Over the limit: a 429 page with ``Retry-After``. With the counter unreachable: a 503 page
    (posts are writes and fail closed). Page reads are not counted.
    """

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_write(request.method) and not is_api_path(request.path):
            user = getattr(request, "user", None)
            try:
                state, allowed = count_request(request_identity(user, request), limit_for_user(user), fail_closed=True)
            except ServiceUnavailable as exc:
                return _page_refusal(request, 503, "Please try again in a moment.", exc.retry_after)
            if not allowed:
                retry_after = max(1, state.reset_epoch - int(time.time()))
                return _page_refusal(request, 429, "Too many requests. Please slow down.", retry_after)
        return self.get_response(request)


class RateLimitHeadersMiddleware:
    """Adds ``X-RateLimit-Limit/Remaining/Reset`` to every API response."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_api_path(request.path):
            rate_limit_headers_add(request, response)
        return response


def rate_limit_headers_add(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Copy the caller's counter state (DRF's, else the anonymous caller's, uncounted) onto ``response``."""
    state: RateLimitState | None = getattr(request, "rate_limit", None)
    if state is None:
        state = peek_anonymous_state(request)
    if state is not None:
        for header, value in state.headers().items():
            response[header] = value
    return response
