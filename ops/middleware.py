"""Per-request context (request id, client IP), request metrics and the JSON request log line."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from coprod.api.throttling import client_ip

from .context import client_ip_var, request_id_var
from .metrics import http_request_observe

logger = logging.getLogger("ops.requests")
Handler = Callable[[HttpRequest], HttpResponse]


class RequestContextMiddleware:
    """Runs just inside :class:`coprod.api.middleware.RequestIdMiddleware` (which names the request).

    Puts the request id and client IP in :mod:`ops.context` for the log filter and audit rows,
    counts the request for ``/metrics`` and logs one ``request`` line (method, route, status,
    duration) on the ``ops.requests`` logger.
    """

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        id_token = request_id_var.set(getattr(request, "request_id", ""))
        ip_token = client_ip_var.set(client_ip(request))
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            # The URL pattern ("" is the home page), never the raw path: the label set stays small.
            route = (str(match.route) or "/") if match is not None else "unmatched"
            http_request_observe(method=request.method or "", route=route, status=response.status_code, seconds=seconds)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(id_token)
            client_ip_var.reset(ip_token)
