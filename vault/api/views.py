"""Idea Vault endpoints of the Co-Prod API (``/api/vault``)."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.pagination import paginate
from coprod.api.query import query_flag
from coprod.api.responses import FilePendingResponseSerializer, MessageResponseSerializer
from coprod.api.views import ApiView
from coprod.files import file_pending_response, file_response
from generation.api.responses import MusicAnalysisResponseSerializer
from generation.selectors import generation_get
from generation.sources import music_analysis

from .. import selectors, services
from .responses import (
    FavoriteResponseSerializer,
    IdeaListResponseSerializer,
    IdeaResponseSerializer,
    IdeaWithMusicResponseSerializer,
)


class IdeaCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    generation_id = serializers.IntegerField(min_value=1, required=False)
    data = serializers.DictField(required=False)  # type: ignore[assignment]  # the API field is called "data"
    title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    tags = serializers.ListField(child=serializers.CharField(max_length=32), max_length=20, required=False)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict) -> dict:  # type: ignore[type-arg]
        if not attrs.get("generation_id") and not attrs.get("data"):
            raise serializers.ValidationError({"generation_id": ["Send a generation_id or the idea's data."]})
        return attrs


class IdeaUpdateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField(max_length=120, required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=32), max_length=20, required=False)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MergeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    idea_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=5)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class IdeaListView(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter(n, str) for n in ("favorite", "genre", "type", "tag", "q")]
        + [OpenApiParameter("page", int), OpenApiParameter("per_page", int)],
        operation_id="vault_list",
        responses={200: IdeaListResponseSerializer},
        tags=["vault"],
    )
    def get(self, request: Request) -> Response:
        """The user's saved ideas, newest first (filter by favourite, genre, type, tag or text ``q``)."""
        params = request.query_params
        ideas = selectors.idea_list(
            owner=self.user_of(request),
            favorite=query_flag(params, "favorite"),
            genre=params.get("genre"),
            idea_type=params.get("type"),
            tag=params.get("tag"),
            search=params.get("q"),
        )
        items, pagination = paginate(ideas, params)
        return Response(
            {"success": True, "data": [selectors.idea_data(idea=i) for i in items], "pagination": pagination}
        )

    @extend_schema(request=IdeaCreateSerializer, responses={201: IdeaResponseSerializer}, tags=["vault"])
    def post(self, request: Request) -> Response:
        """Save an idea: one of your generations (``generation_id``) or music you send (``data``)."""
        serializer = IdeaCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = self.user_of(request)
        values = serializer.validated_data
        generation = (
            generation_get(user=user, generation_id=values["generation_id"]) if values.get("generation_id") else None
        )
        idea = services.idea_save(
            owner=user,
            generation=generation,
            data=values.get("data"),
            title=values["title"],
            tags=values.get("tags"),
            notes=values["notes"],
        )
        return Response(
            {"success": True, "data": selectors.idea_data(idea=idea), "message": "Idea saved"},
            status=status.HTTP_201_CREATED,
        )


class IdeaDetailView(ApiView):
    @extend_schema(responses={200: IdeaWithMusicResponseSerializer}, tags=["vault"])
    def get(self, request: Request, idea_id: int) -> Response:
        """One idea with its music."""
        idea = selectors.idea_get(owner=self.user_of(request), idea_id=idea_id)
        return Response({"success": True, "data": selectors.idea_data(idea=idea, with_music=True)})

    @extend_schema(request=IdeaUpdateSerializer, responses={200: IdeaResponseSerializer}, tags=["vault"])
    def patch(self, request: Request, idea_id: int) -> Response:
        """Update an idea's title, tags or notes."""
        idea = selectors.idea_get(owner=self.user_of(request), idea_id=idea_id)
        serializer = IdeaUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        idea = services.idea_update(idea=idea, **serializer.validated_data)
        return Response({"success": True, "data": selectors.idea_data(idea=idea), "message": "Idea updated"})

    @extend_schema(
        summary="Delete a saved idea",
        description="Deletes the idea and its MIDI and preview files; its generation and merges made from it stay.",
        request=None,
        responses={200: MessageResponseSerializer},
        tags=["vault"],
    )
    def delete(self, request: Request, idea_id: int) -> Response:
        idea = selectors.idea_get(owner=self.user_of(request), idea_id=idea_id)
        services.idea_delete(idea=idea)
        return Response({"success": True, "message": "Idea deleted"})


class IdeaFavoriteView(ApiView):
    """Toggle an idea's favourite flag."""

    @extend_schema(request=None, responses={200: FavoriteResponseSerializer}, tags=["vault"])
    def post(self, request: Request, idea_id: int) -> Response:
        idea = services.idea_toggle_favorite(idea=selectors.idea_get(owner=self.user_of(request), idea_id=idea_id))
        return Response({"success": True, "data": {"id": idea.pk, "is_favorite": idea.is_favorite}})


class IdeaMergeView(ApiView):
    """Merge other ideas (``idea_ids``) into this one, as a new idea; the originals are kept."""

    @extend_schema(request=MergeSerializer, responses={201: IdeaWithMusicResponseSerializer}, tags=["vault"])
    def post(self, request: Request, idea_id: int) -> Response:
        user = self.user_of(request)
        base = selectors.idea_get(owner=user, idea_id=idea_id)
        serializer = MergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = [i for i in serializer.validated_data["idea_ids"] if i != base.pk]
        others = [selectors.idea_get(owner=user, idea_id=i) for i in dict.fromkeys(ids)]
        idea = services.idea_merge(owner=user, base=base, others=others, title=serializer.validated_data["title"])
        return Response(
            {"success": True, "data": selectors.idea_data(idea=idea, with_music=True), "message": "Ideas merged"},
            status=status.HTTP_201_CREATED,
        )


class IdeaMidiView(ApiView):
    """Download an idea as MIDI (``202`` with ``Retry-After`` while a worker writes the file)."""

    @extend_schema(
        responses={(200, "audio/midi"): OpenApiTypes.BINARY, 202: FilePendingResponseSerializer}, tags=["vault"]
    )
    def get(self, request: Request, idea_id: int) -> HttpResponseBase:
        idea = selectors.idea_get(owner=self.user_of(request), idea_id=idea_id)
        stored = idea.midi or (idea.generation.midi if idea.generation else None)
        if not stored:
            services.idea_files_enqueue(idea_id=idea.pk)
            return file_pending_response()
        return file_response(stored, filename=f"{selectors.idea_filename(idea=idea)}.mid", content_type="audio/midi")


class IdeaPreviewView(ApiView):
    """The idea's MP3 preview, to play in a browser (404 until a worker has rendered it)."""

    @extend_schema(responses={(200, "audio/mpeg"): OpenApiTypes.BINARY}, tags=["vault"])
    def get(self, request: Request, idea_id: int) -> HttpResponseBase:
        idea = selectors.idea_get(owner=self.user_of(request), idea_id=idea_id)
        stored = idea.preview or (idea.generation.preview if idea.generation else None)
        if not stored:
            raise NotFound("The preview is not ready yet")
        filename = f"{selectors.idea_filename(idea=idea)}-preview.mp3"
        return file_response(stored, filename=filename, content_type="audio/mpeg", as_attachment=False)


class IdeaAnalysisView(ApiView):
    """The idea analysed like an uploaded MIDI file: key and mode with confidence, metre, roles, chords."""

    @extend_schema(responses={200: MusicAnalysisResponseSerializer}, tags=["vault"])
    def get(self, request: Request, idea_id: int) -> Response:
        idea = selectors.idea_get(owner=self.user_of(request), idea_id=idea_id)
        return Response({"success": True, "data": music_analysis(data=idea.data, parameter="idea_id")})
