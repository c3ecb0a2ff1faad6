"""v1 endpoints: ``POST /generate``, generations (status, list, cancel, retry), tracks (detail,
edit, delete, download). Every answer is in the v1 envelope; every error in the v1 error shape
(the project's one handler); ids are public ids (``gen_…``, ``track_…``).
"""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.envelopes import v1_response
from coprod.api.errors import Conflict, ParameterError
from coprod.api.pagination import paginate_offset
from coprod.api.views import ApiView
from coprod.files import file_response

from ... import services, track_selectors, track_services
from ...engine.track.files import CONTENT_TYPES, EXTENSIONS
from ...models import Generation
from . import serializers as s

TAGS = ["v1"]
STEMS = ("drums", "bass", "melody", "chords", "vocals")
DOWNLOAD_FORMATS = ("wav", "mp3", "flac", "ogg", "midi", "musicxml", "pdf")
# The paging of every v1 list (section 2.2's limit/offset, answered as {total, limit, offset, has_more}).
LIST_PARAMETERS = [
    OpenApiParameter("limit", int, description="1-100, default 20"),
    OpenApiParameter("offset", int, description=">= 0, default 0"),
]


def _choice_param(request: Request, name: str, default: str | None, choices: tuple[str, ...]) -> str | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if raw not in choices:
        raise ParameterError(name, raw[:32], f"one of: {', '.join(choices)}")
    return raw


class GenerateView(ApiView):
    """Generate a full track from parameters (section 1.1): queued on a worker, answered at once."""

    @extend_schema(
        operation_id="v1_generate",
        request=s.GenerateRequest,
        responses={202: s.envelope("V1Generated", s.Generated())},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        generation = track_services.track_generation_start(owner=self.user_of(request), request=request.data)
        return v1_response(request, _generated(generation), "Music generation queued successfully", status=202)


def _generated(generation: Generation) -> dict[str, Any]:
    finish = track_selectors.estimated_completion(generation)
    return {
        "generation_id": generation.public_id,
        "task_id": generation.task_id,
        "status": track_selectors.v1_status(generation.status),
        "estimated_completion_time": finish.strftime("%Y-%m-%dT%H:%M:%SZ") if finish else None,
        "queue_position": track_selectors.queue_position(generation),
        "track_preview": {
            "title": str(generation.metadata.get("title") or "Untitled track"),
            "estimated_duration": generation.duration_seconds,
            "formats": list(generation.parameters.get("output_formats") or []),
        },
    }


class GenerationListView(ApiView):
    """The caller's generations (section 2.2), filtered, sorted and paged, with summary counts."""

    @extend_schema(
        operation_id="v1_generations_list",
        parameters=[
            OpenApiParameter("status", str, enum=list(track_selectors.V1_STATUSES)),
            *LIST_PARAMETERS,
            OpenApiParameter("sort_by", str, enum=list(track_selectors.SORT_FIELDS)),
            OpenApiParameter("sort_order", str, enum=["asc", "desc"]),
        ],
        responses={200: s.envelope("V1GenerationList", s.GenerationList())},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        status = _choice_param(request, "status", None, track_selectors.V1_STATUSES)
        sort_by = _choice_param(request, "sort_by", "created_at", tuple(track_selectors.SORT_FIELDS)) or "created_at"
        order = _choice_param(request, "sort_order", "desc", ("asc", "desc"))
        queryset, summary = track_selectors.generation_v1_list(
            user=self.user_of(request), status=status, sort_by=sort_by, descending=order == "desc"
        )
        # The shared v1 paging: an offset past the end is an empty page, never a database overflow.
        page, pagination = paginate_offset(queryset, request.query_params)
        data = {
            "generations": [track_selectors.generation_v1_summary(generation=g) for g in page],
            "pagination": pagination,
            "summary": summary,
        }
        return v1_response(request, data, "Generations retrieved successfully")


class GenerationDetailView(ApiView):
    """One generation's status (section 2.1): progress, estimate, formats, metrics, its track."""

    @extend_schema(
        operation_id="v1_generation_status",
        responses={200: s.envelope("V1GenerationStatus", s.GenerationStatus())},
        tags=TAGS,
    )
    def get(self, request: Request, generation_id: str) -> Response:
        generation = track_selectors.generation_get_public(user=self.user_of(request), public_id=generation_id)
        data = track_selectors.generation_v1_data(generation=generation)
        return v1_response(request, data, "Generation status retrieved successfully")


class GenerationCancelView(ApiView):
    """Cancel a queued or processing generation (section 2.3); a finished one is a 409."""

    @extend_schema(
        operation_id="v1_generation_cancel",
        request=None,
        responses={200: s.envelope("V1Cancelled", s.Cancelled())},
        tags=TAGS,
    )
    def post(self, request: Request, generation_id: str) -> Response:
        generation = track_selectors.generation_get_public(user=self.user_of(request), public_id=generation_id)
        previous = track_selectors.v1_status(generation.status)
        generation = services.generation_cancel(generation=generation)
        data = {
            "generation_id": generation.public_id,
            "previous_status": previous,
            "new_status": generation.status,
            "cancelled_at": (generation.completed_at or timezone.now()).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        return v1_response(request, data, "Generation cancelled successfully")


class GenerationRetryView(ApiView):
    """Retry a failed or cancelled generation with the same parameters (section 2.4): a new one, linked."""

    @extend_schema(
        operation_id="v1_generation_retry",
        request=None,
        responses={202: s.envelope("V1Retried", s.Retried())},
        tags=TAGS,
    )
    def post(self, request: Request, generation_id: str) -> Response:
        generation = track_selectors.generation_get_public(user=self.user_of(request), public_id=generation_id)
        if generation.tool == track_services.TRACK_TOOL:
            retry = track_services.track_generation_retry(generation=generation)
        else:
            retry = services.generation_retry(generation=generation)
        data = {
            "original_generation_id": generation.public_id,
            "new_generation_id": retry.public_id,
            "status": track_selectors.v1_status(retry.status),
        }
        return v1_response(request, data, "Generation retry queued successfully", status=202)


class TrackDetailView(ApiView):
    """A track (section 3.1) with every file; ``PATCH`` its title, description, tags or visibility;
    ``DELETE`` it with all its files (section 3.3)."""

    @extend_schema(operation_id="v1_track_get", responses={200: s.envelope("V1Track", s.TrackDetail())}, tags=TAGS)
    def get(self, request: Request, track_id: str) -> Response:
        track = track_selectors.track_get(user=self.user_of(request), public_id=track_id)
        data = track_selectors.track_data(track=track, request=request)
        return v1_response(request, data, "Track details retrieved successfully")

    @extend_schema(
        operation_id="v1_track_update",
        request=s.TrackUpdateRequest,
        responses={200: s.envelope("V1TrackUpdated", s.TrackDetail())},
        tags=TAGS,
    )
    def patch(self, request: Request, track_id: str) -> Response:
        track = track_selectors.track_get(user=self.user_of(request), public_id=track_id)
        track = track_services.track_update(track=track, data=request.data)
        data = track_selectors.track_data(track=track, request=request)
        return v1_response(request, data, "Track updated successfully")

    @extend_schema(
        operation_id="v1_track_delete", responses={200: s.envelope("V1TrackDeleted", s.TrackDeleted())}, tags=TAGS
    )
    def delete(self, request: Request, track_id: str) -> Response:
        track = track_selectors.track_get(user=self.user_of(request), public_id=track_id)
        public_id = track.public_id
        files = track_services.track_delete(track=track)
        data = {
            "track_id": public_id,
            "deleted": True,
            "deleted_at": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "files_deleted": files,
        }
        return v1_response(request, data, "Track deleted successfully")


class TrackDownloadView(ApiView):
    """Download the track (section 3.2) in a format, or one stem of it; each download is counted."""

    @extend_schema(
        operation_id="v1_track_download",
        parameters=[
            OpenApiParameter("format", str, enum=list(DOWNLOAD_FORMATS), required=True),
            OpenApiParameter("stem", str, enum=list(STEMS)),
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        tags=TAGS,
    )
    def get(self, request: Request, track_id: str) -> HttpResponseBase:
        track = track_selectors.track_get(user=self.user_of(request), public_id=track_id)
        file_format = _choice_param(request, "format", None, DOWNLOAD_FORMATS)
        if file_format is None:
            raise ParameterError("format", None, f"one of: {', '.join(DOWNLOAD_FORMATS)}")
        stem = _choice_param(request, "stem", None, STEMS)
        row = (
            track_services.track_stem_file(track=track, stem=stem, file_format=file_format)
            if stem
            else track_selectors.track_file_get(track=track, file_format=file_format, stem=None)
        )
        if row is None:
            made = "stem " + stem if stem else "track"
            raise Conflict(
                f"This {made} has no {file_format} file (ask for it in output_formats when generating)",
                details={"format": file_format, "stem": stem},
            )
        track_services.track_count_download(track=track)
        name = f"{track.title}{'-' + stem if stem else ''}.{EXTENSIONS[file_format]}"
        return file_response(row.file, filename=name, content_type=CONTENT_TYPES[file_format])


class TrackPlayView(ApiView):
    """Count one play of the track (the track page calls it on the first play); answers the count."""

    @extend_schema(
        operation_id="v1_track_play",
        request=None,
        responses={200: s.envelope("V1TrackPlayed", s.TrackPlayed())},
        tags=TAGS,
    )
    def post(self, request: Request, track_id: str) -> Response:
        track = track_selectors.track_get(user=self.user_of(request), public_id=track_id)
        track_services.track_count_play(track=track)
        track.refresh_from_db(fields=["play_count"])
        return v1_response(request, {"track_id": track.public_id, "play_count": track.play_count}, "Play counted")
