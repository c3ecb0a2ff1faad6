"""How the API's views appear in ``/api/schema/``: summaries from docstrings and the error responses.

:class:`ApiAutoSchema` is the project's ``DEFAULT_SCHEMA_CLASS``:

* The summary is the first line of the method's docstring (else the view's own), the
  description the rest. A view's docstring is never taken from the project's base classes
  (``ApiView``), so an undocumented view shows no text rather than the base class's.
* Co-Prod operations (``/api/...``) list the error responses they can give, in the shapes
  of :mod:`coprod.api.responses`: 400 for bodies and query parameters, 401 and 403 for
  authenticated views, 404 for paths with an id, 413 and 503 for writes, 429 for every
  rate-limited view.
  A view that declares a code itself (e.g. ``409``) keeps its own declaration.
"""

from __future__ import annotations

import inspect
from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import AllowAny

from .responses import (
    ErrorResponseSerializer,
    ForbiddenErrorResponseSerializer,
    RateLimitedErrorResponseSerializer,
    ValidationErrorResponseSerializer,
)
from .views import ApiGenericView, ApiView

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _doc_of(obj: Any) -> str:
    return inspect.cleandoc(obj.__doc__) if obj is not None and obj.__doc__ else ""


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema with the project's summaries and documented error shapes."""

    def _own_doc(self) -> str:
        """The method's docstring, else the docstring written on the view class itself (not inherited)."""
        method = getattr(self.view, getattr(self.view, "action", self.method.lower()), None)
        return _doc_of(method) or _doc_of_view_class(type(self.view))

    def get_summary(self) -> str | None:
        first_line = self._own_doc().split("\n\n", 1)[0].replace("\n", " ").strip()
        return first_line or None

    def get_description(self) -> str:  # type: ignore[override]
        parts = self._own_doc().split("\n\n", 1)
        return parts[1].strip() if len(parts) > 1 else ""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if not self.path.startswith("/api/"):
            return responses
        for code, serializer in self._error_responses().items():
            response = self._get_response_for_code(serializer, code, direction=direction)  # type: ignore[no-untyped-call]
            responses.setdefault(code, response)
        return responses

    def _error_responses(self) -> dict[str, Any]:
        authenticated = not any(
            isinstance(permission, AllowAny) or permission is AllowAny
            for permission in getattr(self.view, "permission_classes", [])
        )
        writes = self.method in WRITE_METHODS
        errors: dict[str, Any] = {}
        query_parameters = [p for p in self._get_parameters() if p.get("in") == "query"]
        if writes or query_parameters:
            errors["400"] = ValidationErrorResponseSerializer
        if authenticated:
            errors["401"] = ErrorResponseSerializer
            if writes:  # plan gates and the CSRF check of session-authenticated writes
                errors["403"] = ForbiddenErrorResponseSerializer
        if "{" in self.path:
            errors["404"] = ErrorResponseSerializer
        if writes:
            errors["413"] = ErrorResponseSerializer
        if getattr(self.view, "throttle_classes", None):  # e.g. Stripe's signed webhook is not rate limited
            errors["429"] = RateLimitedErrorResponseSerializer
        if writes:  # the rate-limit counter unreachable: writes are refused rather than unmetered
            errors["503"] = ErrorResponseSerializer
        return errors


def _doc_of_view_class(view_class: type) -> str:
    """The docstring of ``view_class`` or of a base class below the project's API base classes."""
    for cls in view_class.__mro__:
        if cls in (ApiView, ApiGenericView):
            return ""
        doc = cls.__dict__.get("__doc__")
        if doc:
            return inspect.cleandoc(doc)
    return ""
