"""Co-Prod co-producer endpoints: ``POST /api/generate/<tool>``, status and cancel.

A generate request is validated, stored and queued; the view then waits briefly
(``GENERATION_INLINE_WAIT_SECONDS``) for the worker. Finished in time: the spec's 200
``{success, generation_id, data}``. Not yet: 202 ``{success, generation_id, status,
status_url}`` and the client polls the status URL or listens on ``/ws``. ``?async=true``
skips the wait.
"""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.views import ApiView
from coprod.errors import Conflict, ParameterError
from coprod.files import file_pending_response, file_response

from .. import selectors, services
from ..engine.tools import TOOLS_BY_SLUG
from ..models import Generation, GenerationStatus
from ..sources import generation_sources_resolve

_generated = inline_serializer(
    "Generated",
    {
        "success": serializers.BooleanField(),
        "generation_id": serializers.IntegerField(),
        "data": serializers.DictField(required=False),
        "status": serializers.CharField(required=False),
        "status_url": serializers.CharField(required=False),
    },
)
_file_pending = inline_serializer(
    "FilePending",
    {
        "success": serializers.BooleanField(),
        "status": serializers.CharField(),
        "retry_after": serializers.IntegerField(),
        "message": serializers.CharField(),
    },
)
FILE_TYPES = {"midi": ("audio/midi", "mid"), "musicxml": ("application/vnd.recordare.musicxml+xml", "musicxml")}


_status = inline_serializer(
    "GenerationStatus",
    {
        "success": serializers.BooleanField(),
        "status": serializers.ChoiceField(choices=GenerationStatus.choices),
        "error_message": serializers.CharField(allow_null=True),
        "generation_id": serializers.IntegerField(),
        "progress": serializers.IntegerField(),
        "stage": serializers.CharField(),
        "data": serializers.DictField(required=False),
    },
)


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "yes")


def generation_response(request: Request, generation: Generation) -> Response:
    """200 with the result, 200 with ``success: false`` for a failed job, or 202 while it runs."""
    if generation.status == GenerationStatus.COMPLETED:
        return Response({"success": True, "generation_id": generation.pk, "data": generation.result})
    body: dict[str, Any] = {
        "success": generation.status not in (GenerationStatus.FAILED, GenerationStatus.CANCELLED),
        "generation_id": generation.pk,
        "public_id": generation.public_id,
        "status": generation.status,
        "status_url": f"/api/generate/{generation.pk}/status",
    }
    if generation.status in (GenerationStatus.FAILED, GenerationStatus.CANCELLED):
        body["error_message"] = generation.error_message or generation.status
        return Response(body)
    return Response(body, status=status.HTTP_202_ACCEPTED)


class GenerateView(ApiView):
    """One class serves every tool; the URL names the tool."""

    tool_slug = ""

    def post(self, request: Request) -> Response:
        tool = TOOLS_BY_SLUG[self.tool_slug].name
        raw = self._resolve_references(request, tool, request.data)
        project = None
        if isinstance(raw, dict) and "project_id" in raw:
            # Not a musical parameter: the job is filed in one of the user's projects (404 for others').
            from projects.selectors import project_get

            raw = dict(raw)
            project = project_get(owner=ApiView.user_of(request), project_id=raw.pop("project_id"))
        generation = services.generation_start(
            owner=ApiView.user_of(request), tool=tool, raw_parameters=raw, project=project
        )
        wait = 0.0 if _truthy(request.query_params.get("async")) else None
        generation = services.generation_wait(generation=generation, timeout=wait)
        return generation_response(request, generation)

    @staticmethod
    def _resolve_references(request: Request, tool: str, raw: Any) -> Any:
        """Let clients name their own earlier generation instead of pasting its result.

        ``variations``: ``{"original": {"generation_id": 12}}``; ``counter_melody``:
        ``{"main_melody": {"generation_id": 12}}``. Another user's id is a 404. The tools on a
        producer's own music take ``midi_file_id``, ``generation_id`` or ``idea_id`` (generation.sources).
        """
        raw = generation_sources_resolve(user=ApiView.user_of(request), tool=tool, raw=raw)
        if not isinstance(raw, dict):
            return raw
        field = {"variations": "original", "counter_melody": "main_melody"}.get(tool)
        reference = raw.get(field) if field else None
        if isinstance(reference, dict) and set(reference) == {"generation_id"}:
            source = selectors.generation_get(user=ApiView.user_of(request), generation_id=reference["generation_id"])
            if source.status != GenerationStatus.COMPLETED or not source.result:
                raise ParameterError(f"{field}.generation_id", reference["generation_id"], "a completed generation")
            resolved = dict(raw)
            if tool == "counter_melody":
                resolved[field] = source.result.get("notes") or []
                for inherited in ("key", "scale"):
                    resolved.setdefault(inherited, source.result.get(inherited))
            else:
                resolved[field] = source.result
            return resolved
        return raw


def _make_generate_view(slug: str) -> type[GenerateView]:
    spec = TOOLS_BY_SLUG[slug]
    tool, summary = spec.name, f"{spec.label}: {spec.summary}"
    view: Any = type(f"Generate{slug.title().replace('-', '')}View", (GenerateView,), {"tool_slug": slug})
    view.post = extend_schema(
        operation_id=f"generate_{tool}",
        summary=summary,
        request=OpenApiTypes.OBJECT,
        parameters=[OpenApiParameter("async", bool, description="Answer 202 at once instead of waiting")],
        responses={200: _generated, 202: _generated},
        tags=["generate"],
    )(view.post)
    made: type[GenerateView] = view
    return made


GENERATE_VIEWS: dict[str, type[GenerateView]] = {slug: _make_generate_view(slug) for slug in TOOLS_BY_SLUG}


class GenerationStatusView(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("include", str, enum=["data"], description="Add the result (`data`) when completed")
        ],
        responses={200: _status},
        tags=["generate"],
    )
    def get(self, request: Request, generation_id: int) -> Response:
        include = request.query_params.get("include", "") in ("data", "result")
        generation = selectors.generation_get(
            user=ApiView.user_of(request), generation_id=generation_id, with_result=include
        )
        return Response(selectors.generation_status_data(generation=generation, include_result=include))


class GenerationCancelView(ApiView):
    @extend_schema(request=None, responses={200: _status}, tags=["generate"])
    def post(self, request: Request, generation_id: int) -> Response:
        generation = selectors.generation_get(user=ApiView.user_of(request), generation_id=generation_id)
        generation = services.generation_cancel(generation=generation)
        return Response(selectors.generation_status_data(generation=generation) | {"message": "Generation cancelled"})


class GenerationRetryView(ApiView):
    @extend_schema(request=None, responses={202: _generated}, tags=["generate"])
    def post(self, request: Request, generation_id: int) -> Response:
        generation = selectors.generation_get(user=ApiView.user_of(request), generation_id=generation_id)
        retry = services.generation_retry(generation=generation)
        return generation_response(request, services.generation_wait(generation=retry, timeout=0))


class GenerationFileView(ApiView):
    """``GET /api/generate/{id}/midi`` or ``/musicxml``: the finished result as a file for a DAW or notation app.

    Files are written on workers (MIDI with the job, MusicXML just after it). One not written yet
    answers ``202 {success, status: "processing", retry_after}`` with ``Retry-After``, and its
    writing is queued.
    """

    file_format = "midi"

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 202: _file_pending}, tags=["generate"]
    )
    def get(self, request: Request, generation_id: int) -> HttpResponseBase:
        generation = selectors.generation_get(user=ApiView.user_of(request), generation_id=generation_id)
        if generation.status != GenerationStatus.COMPLETED:
            raise Conflict(f"Generation {generation.pk} is {generation.status}; files exist once it completes")
        stored = generation.midi if self.file_format == "midi" else generation.musicxml
        if not stored:
            services.generation_files_request(generation=generation)
            return file_pending_response()
        content_type, extension = FILE_TYPES[self.file_format]
        filename = f"{selectors.generation_filename(generation=generation)}.{extension}"
        return file_response(stored, filename=filename, content_type=content_type)


class GenerationPreviewView(ApiView):
    """``GET /api/generate/{id}/preview``: the MP3 preview (404 until it has been rendered)."""

    @extend_schema(responses={(200, "audio/mpeg"): OpenApiTypes.BINARY}, tags=["generate"])
    def get(self, request: Request, generation_id: int) -> HttpResponseBase:
        generation = selectors.generation_get(
            user=ApiView.user_of(request), generation_id=generation_id, with_result=False
        )
        if not generation.preview:
            raise NotFound("The preview is not ready yet")
        filename = f"{selectors.generation_filename(generation=generation)}-preview.mp3"
        return file_response(generation.preview, filename=filename, content_type="audio/mpeg", as_attachment=False)


class ToolCatalogView(ApiView):
    """The tools and their parameters (types, ranges, choices, defaults) — the studio's form source."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, tags=["generate"])
    def get(self, request: Request) -> Response:
        return Response({"success": True, "data": selectors.tool_catalog()})
