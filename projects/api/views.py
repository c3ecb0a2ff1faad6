"""Projects, MIDI files and exports endpoints of the Co-Prod API."""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.pagination import paginate
from coprod.api.parsers import BoundedJSONParser
from coprod.api.responses import ErrorResponseSerializer, MessageResponseSerializer
from coprod.api.views import ApiView
from coprod.errors import Conflict, ParameterError
from coprod.files import file_response
from generation.models import Generation
from generation.part_files import part_midi_response
from generation.selectors import generation_get
from vault.selectors import idea_get

from .. import selectors, services
from ..models import ExportStatus, ProjectStatus
from .responses import (
    ExportResponseSerializer,
    ExportStartedResponseSerializer,
    MidiFileAnalysisResponseSerializer,
    MidiFileListResponseSerializer,
    MidiFileSavedResponseSerializer,
    MidiFileVersionsResponseSerializer,
    ProjectIdeaResponseSerializer,
    ProjectListResponseSerializer,
    ProjectResponseSerializer,
)
from .serializers import (
    ExportSerializer,
    MidiFromGenerationSerializer,
    MidiUploadSerializer,
    MidiVersionSerializer,
    ProjectIdeaSerializer,
    ProjectSerializer,
)


class ProjectListView(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("page", int),
            OpenApiParameter("per_page", int),
            OpenApiParameter("genre", str),
            OpenApiParameter("status", str, enum=list(ProjectStatus.values)),
        ],
        operation_id="projects_list",
        responses={200: ProjectListResponseSerializer},
        tags=["projects"],
    )
    def get(self, request: Request) -> Response:
        """The user's projects, most recently updated first (filter by ``genre`` and ``status``)."""
        status_filter = request.query_params.get("status") or None
        if status_filter is not None and status_filter not in ProjectStatus.values:
            # A misspelt status would otherwise look like "no projects": say which values there are.
            raise ParameterError("status", status_filter[:20], f"one of: {', '.join(ProjectStatus.values)}")
        queryset = selectors.project_list(
            owner=self.user_of(request), genre=request.query_params.get("genre"), status=status_filter
        )
        items, pagination = paginate(queryset, request.query_params)
        return Response(
            {"success": True, "data": [selectors.project_data(project=p) for p in items], "pagination": pagination}
        )

    @extend_schema(request=ProjectSerializer, responses={201: ProjectResponseSerializer}, tags=["projects"])
    def post(self, request: Request) -> Response:
        """Create a project."""
        serializer = ProjectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = services.project_create(owner=self.user_of(request), data=serializer.validated_data)
        return Response(
            {
                "success": True,
                "data": selectors.project_data(project=project, detail=True),
                "message": "Project created",
            },
            status=status.HTTP_201_CREATED,
        )


class ProjectDetailView(ApiView):
    @extend_schema(responses={200: ProjectResponseSerializer}, tags=["projects"])
    def get(self, request: Request, project_id: int) -> Response:
        """A project with its generations and MIDI files."""
        project = selectors.project_get(owner=self.user_of(request), project_id=project_id)
        return Response({"success": True, "data": selectors.project_data(project=project, detail=True)})

    @extend_schema(request=ProjectSerializer, responses={200: ProjectResponseSerializer}, tags=["projects"])
    def put(self, request: Request, project_id: int) -> Response:
        """Update a project: send any subset of its fields."""
        project = selectors.project_get(owner=self.user_of(request), project_id=project_id)
        serializer = ProjectSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        project = services.project_update(project=project, data=serializer.validated_data)
        return Response(
            {
                "success": True,
                "data": selectors.project_data(project=project, detail=True),
                "message": "Project updated",
            }
        )

    @extend_schema(request=None, responses={200: MessageResponseSerializer}, tags=["projects"])
    def delete(self, request: Request, project_id: int) -> Response:
        """Delete a project (its generations and MIDI files are kept, outside any project)."""
        project = selectors.project_get(owner=self.user_of(request), project_id=project_id)
        services.project_delete(project=project)
        return Response({"success": True, "message": "Project deleted"})


class ProjectIdeasView(ApiView):
    """``POST /api/projects/{id}/ideas {generation_id | idea_id}``: put a result into a project.

    From the studio (a generation) or the vault (an idea: the generation it was saved from, or the
    idea itself when it has none, as a merge); another user's project, generation or idea is a 404.
    """

    @extend_schema(
        summary="Add a result to a project",
        description=(
            "Files a completed generation (`generation_id`) or a vault idea (`idea_id`) in the project. A "
            "generation, or the one an idea was saved from, leaves any project it was in; a merged idea has no "
            "generation and is filed itself (`generation_id` null). Another user's project, generation or idea "
            "is a 404."
        ),
        request=ProjectIdeaSerializer,
        responses={200: ProjectIdeaResponseSerializer},
        tags=["projects"],
    )
    def post(self, request: Request, project_id: int) -> Response:
        user = self.user_of(request)
        project = selectors.project_get(owner=user, project_id=project_id)
        body = ProjectIdeaSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        idea_id = body.validated_data.get("idea_id")
        if idea_id is None:
            generation: Generation | None = services.project_add_generation(
                project=project,
                generation=generation_get(user=user, generation_id=body.validated_data["generation_id"]),
            )
        else:
            generation = services.project_add_idea(project=project, idea=idea_get(owner=user, idea_id=idea_id))
        return Response(
            {
                "success": True,
                "data": {
                    "project_id": project.pk,
                    "generation_id": generation.pk if generation else None,
                    "idea_id": idea_id,
                },
                "message": f"Added to {project.name}",
            }
        )


def _project_or_none(request: Request, project_id: Any) -> Any:
    if project_id in (None, ""):
        return None
    return selectors.project_get(owner=ApiView.user_of(request), project_id=project_id)


class MidiListView(ApiView):
    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        parameters=[OpenApiParameter("page", int), OpenApiParameter("per_page", int)],
        responses={200: MidiFileListResponseSerializer},
        tags=["midi"],
    )
    def get(self, request: Request) -> Response:
        """The user's MIDI files, newest first."""
        items, pagination = paginate(selectors.midi_file_list(owner=self.user_of(request)), request.query_params)
        return Response(
            {"success": True, "data": [selectors.midi_file_data(midi_file=m) for m in items], "pagination": pagination}
        )

    @extend_schema(
        request={"multipart/form-data": MidiUploadSerializer, "application/json": MidiFromGenerationSerializer},
        responses={201: MidiFileSavedResponseSerializer},
        tags=["midi"],
    )
    def post(self, request: Request) -> Response:
        """Store a MIDI file: upload one (multipart ``file``) or save a generation's (JSON ``generation_id``)."""
        user = self.user_of(request)
        if "file" in request.FILES or request.content_type.startswith("multipart/"):
            upload = MidiUploadSerializer(data=request.data)
            upload.is_valid(raise_exception=True)
            uploaded = upload.validated_data["file"]
            project = _project_or_none(request, upload.validated_data.get("project_id"))
            name = upload.validated_data["name"] or uploaded.name.rsplit(".", 1)[0]
            data = uploaded.read(services.MAX_MIDI_BYTES + 1)
            midi_file = services.midi_file_upload(owner=user, data=data, name=name, project=project)
        else:
            body = MidiFromGenerationSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            generation = generation_get(user=user, generation_id=body.validated_data["generation_id"])
            project = _project_or_none(request, body.validated_data.get("project_id"))
            midi_file = services.midi_file_from_generation(
                owner=user, generation=generation, name=body.validated_data["name"], project=project
            )
        return Response(
            {"success": True, "data": selectors.midi_file_data(midi_file=midi_file), "message": "MIDI file saved"},
            status=status.HTTP_201_CREATED,
        )


class MidiDownloadView(ApiView):
    """Download a stored MIDI file."""

    @extend_schema(responses={(200, "audio/midi"): OpenApiTypes.BINARY}, tags=["midi"])
    def get(self, request: Request, midi_id: int) -> HttpResponseBase:
        midi_file = selectors.midi_file_get(owner=self.user_of(request), midi_id=midi_id)
        return file_response(midi_file.file, filename=f"{midi_file.name}.mid", content_type="audio/midi")


class MidiAnalysisView(ApiView):
    """``GET /api/midi/{id}/analysis``: key and mode (with confidence), tempo, metre, bars, roles, chords."""

    @extend_schema(
        parameters=[OpenApiParameter("include", str, enum=["data"], description="Add the music itself (`data`)")],
        responses={200: MidiFileAnalysisResponseSerializer},
        tags=["midi"],
    )
    def get(self, request: Request, midi_id: int) -> Response:
        midi_file = selectors.midi_file_get(owner=self.user_of(request), midi_id=midi_id)
        include = request.query_params.get("include", "") == "data"
        return Response(
            {"success": True, "data": selectors.midi_file_analysis(midi_file=midi_file, include_data=include)}
        )


class MidiVersionsView(ApiView):
    """``GET /api/midi/{id}/versions``: the file's history; ``POST``: save an edit as its next version."""

    @extend_schema(responses={200: MidiFileVersionsResponseSerializer}, tags=["midi"])
    def get(self, request: Request, midi_id: int) -> Response:
        """The file's history of versions, its origin first."""
        midi_file = selectors.midi_file_get(owner=self.user_of(request), midi_id=midi_id)
        history = selectors.midi_file_history(midi_file=midi_file)
        return Response({"success": True, "data": [selectors.midi_file_data(midi_file=m) for m in history]})

    @extend_schema(request=MidiVersionSerializer, responses={201: MidiFileSavedResponseSerializer}, tags=["midi"])
    def post(self, request: Request, midi_id: int) -> Response:
        """Save an edit of the file as its next version."""
        midi_file = selectors.midi_file_get(owner=self.user_of(request), midi_id=midi_id)
        body = MidiVersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        edit = services.midi_file_save_version(
            midi_file=midi_file, data=body.validated_data["data"], name=body.validated_data["name"]
        )
        return Response(
            {"success": True, "data": selectors.midi_file_data(midi_file=edit), "message": "New version saved"},
            status=status.HTTP_201_CREATED,
        )


class MidiPartDownloadView(ApiView):
    """``GET /api/midi/{id}/parts/{index}/download``: one part of the file as its own MIDI file (drag it to a DAW)."""

    @extend_schema(responses={(200, "audio/midi"): OpenApiTypes.BINARY}, tags=["midi"])
    def get(self, request: Request, midi_id: int, index: int) -> HttpResponseBase:
        midi_file = selectors.midi_file_get(owner=self.user_of(request), midi_id=midi_id)
        music = selectors.midi_file_music(midi_file=midi_file)
        return part_midi_response(music, index, midi_file.name)


class ExportView(ApiView):
    """Start an export (MIDI, WAV, MP3 or a project ZIP) of a generation, a vault idea or a project; poll its status."""

    @extend_schema(request=ExportSerializer, responses={202: ExportStartedResponseSerializer}, tags=["export"])
    def post(self, request: Request) -> Response:
        serializer = ExportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = self.user_of(request)
        generation_id = serializer.validated_data.get("generation_id")
        generation = generation_get(user=user, generation_id=generation_id) if generation_id else None
        idea_id = serializer.validated_data.get("idea_id")
        idea = idea_get(owner=user, idea_id=idea_id) if idea_id else None
        project = _project_or_none(request, serializer.validated_data.get("project_id"))
        export = services.export_start(
            owner=user,
            export_type=serializer.validated_data["type"],
            generation=generation,
            idea=idea,
            project=project,
            export_format=serializer.validated_data["format"],
        )
        return Response(
            {
                "success": True,
                "export_id": export.pk,
                "data": selectors.export_data(export=export),
                "status_url": reverse("api-export-status", kwargs={"export_id": export.pk}),
            },
            status=status.HTTP_202_ACCEPTED,
        )


class ExportStatusView(ApiView):
    """An export's status and progress, and its download URL once completed."""

    @extend_schema(responses={200: ExportResponseSerializer}, tags=["export"])
    def get(self, request: Request, export_id: int) -> Response:
        export = selectors.export_get(owner=self.user_of(request), export_id=export_id)
        return Response({"success": True, "data": selectors.export_data(export=export)})


class ExportDownloadView(ApiView):
    """Download a completed export (one not completed yet is a 409)."""

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 409: ErrorResponseSerializer},
        tags=["export"],
    )
    def get(self, request: Request, export_id: int) -> HttpResponseBase:
        export = selectors.export_get(owner=self.user_of(request), export_id=export_id)
        if export.status != ExportStatus.COMPLETED:
            raise Conflict(f"Export {export.pk} is {export.status}; download it once it has completed")
        return file_response(export.file, filename=export.filename, content_type=export.content_type)
