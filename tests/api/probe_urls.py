"""A test-only URLconf: the project's URLs plus probe views that raise each kind of error
under both API prefixes, so the handler's output can be checked for every status."""

from __future__ import annotations

from django.urls import include, path
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.envelopes import v1_response
from coprod.api.views import ApiView
from coprod.errors import ParameterError, UpgradeRequired
from coprod.urls import handler400, handler403, handler404, handler500  # noqa: F401 - used by Django
from coprod.urls import urlpatterns as project_urlpatterns


class ProbeView(ApiView):
    """GET ?raise=<kind> raises that error; POST echoes the JSON body (for 413, malformed JSON)."""

    permission_classes = [AllowAny]

    def get(self, request: Request, api: str) -> Response:
        kind = request.query_params.get("raise", "")
        if kind == "validation":
            raise ParameterError("tempo", 300, "40-240", "Invalid parameter: tempo must be between 40 and 240")
        if kind == "forbidden":
            raise PermissionDenied("Not yours")
        if kind == "upgrade":
            raise UpgradeRequired("stems")
        if kind == "crash":
            raise RuntimeError("boom")
        if api == "v1":
            return v1_response(request, {"ok": True}, "Probe retrieved successfully")
        return Response({"success": True, "data": {"ok": True}})

    def post(self, request: Request, api: str) -> Response:
        return Response({"success": True, "data": request.data})


class AuthProbeView(ApiView):
    """Needs authentication (the project's default); answers with the caller's user id."""

    def get(self, request: Request, api: str) -> Response:
        data = {"user_id": self.user_of(request).pk}
        if api == "v1":
            return v1_response(request, data, "Caller retrieved successfully")
        return Response({"success": True, "data": data})


urlpatterns = [
    path("api/_probe", ProbeView.as_view(), {"api": "coprod"}),
    path("api/_probe/auth", AuthProbeView.as_view(), {"api": "coprod"}),
    path("v1/ai/_probe", ProbeView.as_view(), {"api": "v1"}),
    path("v1/ai/_probe/auth", AuthProbeView.as_view(), {"api": "v1"}),
    path("", include(project_urlpatterns)),
]
