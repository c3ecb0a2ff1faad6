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
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.query import query_flag
from coprod.api.responses import ErrorResponseSerializer, FilePendingResponseSerializer
from coprod.api.schema import ApiAutoSchema
from coprod.api.views import ApiView
from coprod.errors import Conflict, ParameterError
from coprod.files import file_pending_response, file_response

from .. import selectors, services
from ..engine.boundary import idea_from_data
from ..engine.errors import EngineParameterError
from ..engine.results import part_data
from ..engine.tools import TOOLS_BY_SLUG
from ..models import Generation, GenerationStatus
from ..sources import generation_sources_resolve
from .responses import (
    GeneratedResponseSerializer,
    GenerationAcceptedResponseSerializer,
    GenerationCancelledResponseSerializer,
    GenerationStatusResponseSerializer,
    ToolCatalogResponseSerializer,
)
from .tool_requests import REFERENCE_FIELDS, tool_request_serializer

FILE_TYPES = {"midi": ("audio/midi", "mid"), "musicxml": ("application/vnd.recordare.musicxml+xml", "musicxml")}
GENERATE_RESPONSES = {200: GeneratedResponseSerializer, 202: GenerationAcceptedResponseSerializer}


def generation_response(request: Request, generation: Generation) -> Response:
    """200 with the result, 200 with ``success: false`` for a failed job, or 202 while it runs."""
    if generation.status == GenerationStatus.COMPLETED:
        return Response({"success": True, "generation_id": generation.pk, "data": generation.result})
    body: dict[str, Any] = {
        "success": generation.status not in (GenerationStatus.FAILED, GenerationStatus.CANCELLED),
        "generation_id": generation.pk,
        "public_id": generation.public_id,
        "status": generation.status,
        "status_url": reverse("api-generation-status", kwargs={"generation_id": generation.pk}),
    }
    if generation.status in (GenerationStatus.FAILED, GenerationStatus.CANCELLED):
        body["error_message"] = generation.error_message or generation.status
        return Response(body)
    return Response(body, status=status.HTTP_202_ACCEPTED)


class GenerateSchema(ApiAutoSchema):
    """One operation per tool: its own operation id, summary and request body (the tool's parameters)."""

    def get_operation_id(self) -> str:
        return f"generate_{TOOLS_BY_SLUG[self.view.tool_slug].name}"

    def get_summary(self) -> str:
        tool = TOOLS_BY_SLUG[self.view.tool_slug]
        return f"{tool.label}: {tool.summary}"

    def get_request_serializer(self) -> Any:
        return tool_request_serializer(self.view.tool_slug)

    def map_parsers(self) -> list[str]:
        # The engine's types are strict ("140" is not a tempo): form encodings cannot express them.
        return ["application/json"]

    def get_response_serializers(self) -> Any:
        return GENERATE_RESPONSES

    def get_override_parameters(self) -> list[Any]:
        return [OpenApiParameter("async", bool, description="Answer 202 at once instead of waiting")]

    def get_tags(self) -> list[str]:
        return ["generate"]


class GenerateView(ApiView):
    """Start a generation with this tool's parameters.

    The job runs on a worker; the request waits up to a few seconds for it. Finished in time:
    ``200 {success, generation_id, data}``; failed: ``200 {success: false, status, error_message}``;
    still running (or ``?async=true``): ``202`` with ``status_url`` to poll (or listen on ``/ws``).
    Every body may also carry ``seed`` (reproducible results) and ``project_id`` (file the result
    in one of your projects). Unknown fields are a 400 naming the field.
    """

    # Set per URL: ``GenerateView.as_view(tool_slug="melody")`` (see urls.py).
    tool_slug = ""
    schema = GenerateSchema()

    def post(self, request: Request) -> Response:
        tool = TOOLS_BY_SLUG[self.tool_slug].name
        raw = self._resolve_references(request, tool, request.data)
        project = None
        if isinstance(raw, dict) and "project_id" in raw:
            # Not a musical parameter: the job is filed in one of the user's projects (404 for others').
            from projects.selectors import project_get

            raw = dict(raw)
            project = project_get(owner=ApiView.user_of(request), project_id=raw.pop("project_id"))
        background = query_flag(request.query_params, "async")
        generation = services.generation_start(
            owner=ApiView.user_of(request), tool=tool, raw_parameters=raw, project=project, foreground=not background
        )
        wait = 0.0 if background else None
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
        field = REFERENCE_FIELDS.get(tool)
        reference = raw.get(field) if field else None
        if isinstance(reference, dict) and set(reference) == {"generation_id"}:
            source = selectors.generation_get(user=ApiView.user_of(request), generation_id=reference["generation_id"])
            if source.status != GenerationStatus.COMPLETED or not source.result:
                raise ParameterError(f"{field}.generation_id", reference["generation_id"], "a completed generation")
            resolved = dict(raw)
            if tool == "counter_melody":
                resolved[field] = _melodic_line(source.result, f"{field}.generation_id", reference["generation_id"])
                for inherited in ("key", "scale"):
                    resolved.setdefault(inherited, source.result.get(inherited))
            else:
                resolved[field] = source.result
            return resolved
        return raw


def _melodic_line(result: dict[str, Any], parameter: str, value: Any) -> list[dict[str, Any]]:
    """The notes of the result's lead line, for a counter-melody to answer.

    A drum pattern's ``notes`` are its hits: answered as a melody, a kick and a hi-hat (MIDI 36, 42)
    became a "melody" in C major. A result with no lead line (drums, chords, pads) is refused.
    """
    try:
        lead = idea_from_data(result, "main_melody").lead_part()
    except EngineParameterError as exc:
        raise ParameterError.from_engine(exc) from None
    if lead is None:
        raise ParameterError(
            parameter,
            value,
            "a result with a melodic line",
            "That result has no melody to answer (drums, chords and pads have none): choose a melody or a song.",
        )
    return part_data(lead)


class GenerationStatusView(ApiView):
    """A generation's status and progress; add ``?include=data`` for the result once completed.

    Statuses: ``pending``, ``processing``, ``completed``, ``failed``, ``cancelled``.
    """

    @extend_schema(
        parameters=[
            OpenApiParameter("include", str, enum=["data"], description="Add the result (`data`) when completed")
        ],
        responses={200: GenerationStatusResponseSerializer},
        tags=["generate"],
    )
    def get(self, request: Request, generation_id: int) -> Response:
        include = request.query_params.get("include", "") in ("data", "result")
        generation = selectors.generation_status_get(
            user=ApiView.user_of(request), generation_id=generation_id, include_result=include
        )
        return Response(selectors.generation_status_data(generation=generation, include_result=include))


class GenerationCancelView(ApiView):
    """Cancel a pending or processing generation (a finished one is a 409).

    A processing job stops at the engine's next step; its partial work is discarded.
    """

    @extend_schema(
        request=None,
        responses={200: GenerationCancelledResponseSerializer, 409: ErrorResponseSerializer},
        tags=["generate"],
    )
    def post(self, request: Request, generation_id: int) -> Response:
        generation = selectors.generation_get(user=ApiView.user_of(request), generation_id=generation_id)
        generation = services.generation_cancel(generation=generation)
        return Response(selectors.generation_status_data(generation=generation) | {"message": "Generation cancelled"})


class GenerationRetryView(ApiView):
    """Queue a failed or cancelled generation again, with the same parameters and seed (others are a 409)."""

    @extend_schema(request=None, responses={**GENERATE_RESPONSES, 409: ErrorResponseSerializer}, tags=["generate"])
    def post(self, request: Request, generation_id: int) -> Response:
        generation = selectors.generation_get(user=ApiView.user_of(request), generation_id=generation_id)
        retry = services.generation_retry(generation=generation)
        return generation_response(request, services.generation_wait(generation=retry, timeout=0))


class GenerationFileSchema(ApiAutoSchema):
    """The file view answers in its own format's content type (one URL per format)."""

    def get_operation_id(self) -> str:
        return f"generate_file_{self.view.file_format}"

    def get_response_serializers(self) -> Any:
        content_type = FILE_TYPES[self.view.file_format][0]
        return {
            (200, content_type): OpenApiTypes.BINARY,
            202: FilePendingResponseSerializer,
            409: ErrorResponseSerializer,
        }

    def get_tags(self) -> list[str]:
        return ["generate"]


class GenerationFileView(ApiView):
    """Download a completed generation as a file for a DAW (MIDI) or a notation app (MusicXML).

    Files are written on workers (MIDI with the job, MusicXML just after it). One not written yet
    answers ``202 {success, status: "processing", retry_after}`` with ``Retry-After``, and its
    writing is queued. A generation that has not completed is a 409.
    """

    # Set per URL: ``GenerationFileView.as_view(file_format="musicxml")`` (see urls.py).
    file_format = "midi"
    schema = GenerationFileSchema()

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
    """The generation's MP3 preview, to play in a browser (404 until a worker has rendered it)."""

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

    @extend_schema(responses={200: ToolCatalogResponseSerializer}, tags=["generate"])
    def get(self, request: Request) -> Response:
        return Response({"success": True, "data": selectors.tool_catalog()})
