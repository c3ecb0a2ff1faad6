"""Project-level views: the home page, a health check, and error handlers that speak each API's shape."""

from __future__ import annotations

import sys
from typing import Any

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

from .api.envelopes import is_api_path
from .api.errors import DATABASE_RETRY_AFTER_SECONDS, json_error


def home_view(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


def pricing_view(request: HttpRequest) -> HttpResponse:
    """The plans and what each includes, straight from :mod:`coprod.plans`."""
    from .plans import PLAN_LABELS, PLAN_ORDER, PLAN_PRICES, plan_matrix

    plans = [{"tier": t, "label": PLAN_LABELS[t], "price": PLAN_PRICES[t]} for t in PLAN_ORDER]
    return render(request, "pricing.html", {"plans": plans, "rows": plan_matrix()})


def health_view(request: HttpRequest) -> JsonResponse:
    """Liveness + database reachability, for load balancers and ``make run``'s wait loop."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request_view(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api_path(request.path):
        return json_error(request, 400, message="Bad request")
    return defaults.bad_request(request, exception)


def permission_denied_view(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api_path(request.path):
        return json_error(request, 403, reason=str(exception) if exception else "Permission denied")
    return defaults.permission_denied(request, exception)


def not_found_view(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api_path(request.path):
        return json_error(request, 404)
    return defaults.page_not_found(request, exception)


def server_error_view(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception: a database that is down (raised in a view or
    # a middleware) is a 503 the client may retry, not a 500.
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response: HttpResponse
        if is_api_path(request.path):
            response = json_error(request, 503, retry_after=DATABASE_RETRY_AFTER_SECONDS)
        else:
            response = HttpResponse("Service temporarily unavailable. Please try again in a moment.", status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    if is_api_path(request.path):
        return json_error(request, 500)
    return defaults.server_error(request)
