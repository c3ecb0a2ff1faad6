"""Project-level views: the home page, a health check, and error handlers that speak each API's shape."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static

from .api.envelopes import is_api_path
from .api.errors import DATABASE_RETRY_AFTER_SECONDS, json_error


def home_view(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


def pricing_view(request: HttpRequest) -> HttpResponse:
    """The plans and what each includes, straight from :mod:`coprod.plans`."""
    from .plans import PLAN_LABELS, PLAN_ORDER, PLAN_PRICES, plan_limits, plan_matrix

    plans = [{"tier": t, "label": PLAN_LABELS[t], "price": PLAN_PRICES[t]} for t in PLAN_ORDER]
    return render(request, "pricing.html", {"plans": plans, "rows": plan_matrix(), "limits": plan_limits()})


def health_view(request: HttpRequest) -> JsonResponse:
    """Liveness + database reachability, for load balancers and ``make run``'s wait loop."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon_view(request: HttpRequest) -> HttpResponse:
    """Browsers ask for ``/favicon.ico`` on every page; the icon is an SVG among the static files."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


# status -> (title, what to tell the person who asked)
ERROR_PAGES: dict[int, tuple[str, str]] = {
    400: ("That request did not make sense", "The page could not read what your browser sent. Go back and try again."),
    403: ("You cannot open this page", "This page belongs to another account, or your session expired. Log in again."),
    404: ("Page not found", "There is nothing at this address. It may have been deleted, or the link is mistyped."),
    500: ("Something broke on our side", "We could not finish that. Nothing you saved is lost; try again in a moment."),
    503: ("We are back in a moment", "The site cannot reach its database just now. Nothing saved is lost; try again."),
}
# A form whose CSRF token no longer matches (open too long, or the session changed in another tab).
CSRF_PAGE = (
    "That form has expired",
    "It was open too long, or you logged in or out in another tab. Go back, reload the page and send it again.",
)


def _error_page(request: HttpRequest | None, status: int, page: tuple[str, str] | None = None) -> HttpResponse:
    title, message = page or ERROR_PAGES[status]
    context = {"status": status, "title": title, "message": message}
    if request is None:
        # A server error may come from the database or a context processor: render without them.
        html = loader.get_template("errors/error.html").render(context | {"SITE_NAME": settings.SITE_NAME})
        return HttpResponse(html, status=status)
    return render(request, "errors/error.html", context, status=status)


def bad_request_view(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api_path(request.path):
        return json_error(request, 400, message="Bad request")
    return _error_page(request, 400)


def permission_denied_view(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api_path(request.path):
        return json_error(request, 403, reason=str(exception) if exception else "Permission denied")
    return _error_page(request, 403)


def csrf_failure_view(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's ``CSRF_FAILURE_VIEW``: a 403 in the site's layout (or the API's shape) saying what to do."""
    if is_api_path(request.path):
        return json_error(request, 403, reason=f"CSRF check failed: {reason}" if reason else "CSRF check failed")
    return _error_page(request, 403, CSRF_PAGE)


def not_found_view(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api_path(request.path):
        return json_error(request, 404)
    return _error_page(request, 404)


def server_error_view(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception: a database that is down (raised in a view or
    # a middleware) is a 503 the client may retry, not a 500.
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response: HttpResponse
        if is_api_path(request.path):
            response = json_error(request, 503, retry_after=DATABASE_RETRY_AFTER_SECONDS)
        else:
            response = _error_page(None, 503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    if is_api_path(request.path):
        return json_error(request, 500)
    return _error_page(None, 500)
