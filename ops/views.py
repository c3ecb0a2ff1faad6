"""``/readyz`` (readiness) and ``/metrics`` (Prometheus)."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from .health import readiness_checks
from .metrics import metrics_registry


def readiness_view(request: HttpRequest) -> JsonResponse:
    """200 when the database, Redis and a worker on every queue answer; else 503 naming what failed."""
    checks = readiness_checks()
    ready = all(check.ok for check in checks)
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
    }
    return JsonResponse(body, status=200 if ready else 503)


def _is_loopback_unproxied(request: HttpRequest) -> bool:
    if request.headers.get("X-Forwarded-For"):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def metrics_view(request: HttpRequest) -> HttpResponse:
    """The metrics in Prometheus' text format.

    With ``COPROD_METRICS_TOKEN`` set, only ``Authorization: Bearer <token>`` is let in (401
    otherwise); without it, only requests from this machine that did not come through a proxy.
    """
    token = settings.METRICS_TOKEN
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(sent.encode(), token.encode()):
            response = HttpResponse("metrics token required\n", status=401, content_type="text/plain")
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
    elif not _is_loopback_unproxied(request):
        return HttpResponse("metrics are served to this machine only\n", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(metrics_registry()), content_type=CONTENT_TYPE_LATEST)
