"""v1 playlist endpoints: ``POST /generate-playlist`` (section 1.4), the playlist, the list, cancel, and the
continuous mix's download."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.envelopes import v1_response
from coprod.api.errors import Conflict
from coprod.api.pagination import paginate_offset
from coprod.api.views import ApiView
from coprod.files import file_response

from ... import playlist_selectors, playlist_services
from ...track_selectors import _iso
from . import group_serializers as g
from . import serializers as s
from .views import LIST_PARAMETERS, TAGS, _choice_param

MIX_FORMATS = ("mp3",)


class GeneratePlaylistView(ApiView):
    """A cohesive playlist: tracks within the cohesion bounds, in the smoothest order, then one mix."""

    @extend_schema(
        operation_id="v1_generate_playlist",
        request=g.PlaylistRequest,
        responses={202: s.envelope("V1PlaylistStarted", g.PlaylistStarted())},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        playlist = playlist_services.playlist_start(owner=self.user_of(request), request=request.data)
        data = {
            "playlist_id": playlist.public_id,
            "generation_ids": list(playlist.items.order_by("position").values_list("generation__public_id", flat=True)),
            "estimated_completion_time": _iso(playlist_selectors.playlist_estimated_completion(playlist)),
            "track_order": list(playlist.track_order),
        }
        return v1_response(request, data, "Playlist generation started successfully", status=202)


class PlaylistListView(ApiView):
    """The caller's playlists, newest first, paged like section 2.2 (``limit`` 1-100, default 20; ``offset``)."""

    @extend_schema(
        operation_id="v1_playlists_list",
        parameters=LIST_PARAMETERS,
        responses={200: s.envelope("V1PlaylistList", g.PlaylistList())},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        owned = playlist_selectors.playlist_list(user=self.user_of(request))
        playlists, pagination = paginate_offset(owned, request.query_params)
        data = {
            "playlists": [playlist_selectors.playlist_data(playlist=p, request=request) for p in playlists],
            "pagination": pagination,
        }
        return v1_response(request, data, "Playlists retrieved successfully")


class PlaylistDetailView(ApiView):
    """A playlist: its tracks in play order, the cohesion bounds kept, the transitions and the mix."""

    @extend_schema(
        operation_id="v1_playlist_get", responses={200: s.envelope("V1Playlist", g.PlaylistDetail())}, tags=TAGS
    )
    def get(self, request: Request, playlist_id: str) -> Response:
        playlist = playlist_selectors.playlist_get(user=self.user_of(request), public_id=playlist_id)
        data = playlist_selectors.playlist_data(playlist=playlist, request=request)
        return v1_response(request, data, "Playlist retrieved successfully")


class PlaylistCancelView(ApiView):
    """Cancel a playlist and every track of it not finished (409 once it has ended)."""

    @extend_schema(
        operation_id="v1_playlist_cancel",
        request=None,
        responses={200: s.envelope("V1PlaylistCancelled", g.PlaylistCancelled())},
        tags=TAGS,
    )
    def post(self, request: Request, playlist_id: str) -> Response:
        playlist = playlist_selectors.playlist_get(user=self.user_of(request), public_id=playlist_id)
        previous = playlist_selectors.playlist_data(playlist=playlist)["status"]
        cancelled = playlist_services.playlist_cancel(playlist=playlist)
        data = {
            "playlist_id": playlist.public_id,
            "previous_status": previous,
            "new_status": playlist.status,
            "cancelled_generation_ids": [generation.public_id for generation in cancelled],
            "cancelled_at": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        return v1_response(request, data, "Playlist cancelled successfully")


class PlaylistDownloadView(ApiView):
    """Download the playlist's continuous mix (counted); 409 until it is mixed."""

    @extend_schema(
        operation_id="v1_playlist_download",
        parameters=[OpenApiParameter("format", str, enum=list(MIX_FORMATS))],
        responses={(200, "audio/mpeg"): OpenApiTypes.BINARY},
        tags=TAGS,
    )
    def get(self, request: Request, playlist_id: str) -> HttpResponseBase:
        playlist = playlist_selectors.playlist_get(user=self.user_of(request), public_id=playlist_id)
        _choice_param(request, "format", "mp3", MIX_FORMATS)
        if not playlist.mix:
            raise Conflict(
                f"The playlist's mix is not ready (the playlist is {playlist.status})",
                details={"status": playlist.status},
            )
        playlist_services.playlist_count_download(playlist=playlist)
        return file_response(playlist.mix, filename=f"{playlist.name}.mp3", content_type="audio/mpeg")
