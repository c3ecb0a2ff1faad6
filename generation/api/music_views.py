"""A result's music on its own: one part as a MIDI file (drag it to a DAW), and the result's analysis.

``GET /api/generate/{id}/parts/{index}/midi`` and ``GET /api/generate/{id}/analysis``.
"""

from __future__ import annotations

from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.responses import ErrorResponseSerializer
from coprod.api.views import ApiView
from coprod.errors import Conflict

from .. import selectors
from ..engine.results import idea_from_result
from ..models import GenerationStatus
from ..part_files import part_midi_response
from ..sources import music_analysis
from .responses import MusicAnalysisResponseSerializer


class GenerationPartMidiView(ApiView):
    """One part of a completed generation (``index`` in its ``parts``) as a MIDI file, to drag into a DAW."""

    @extend_schema(
        responses={(200, "audio/midi"): OpenApiTypes.BINARY, 409: ErrorResponseSerializer}, tags=["generate"]
    )
    def get(self, request: Request, generation_id: int, index: int) -> HttpResponseBase:
        generation = selectors.generation_get(user=ApiView.user_of(request), generation_id=generation_id)
        if generation.status != GenerationStatus.COMPLETED or not generation.result:
            raise Conflict(f"Generation {generation.pk} is {generation.status}; files exist once it completes")
        music = idea_from_result(generation.result)
        return part_midi_response(music, index, selectors.generation_filename(generation=generation))


class GenerationAnalysisView(ApiView):
    """The result analysed like an uploaded file: key and mode with confidence, metre, roles, chords."""

    @extend_schema(responses={200: MusicAnalysisResponseSerializer, 409: ErrorResponseSerializer}, tags=["generate"])
    def get(self, request: Request, generation_id: int) -> Response:
        generation = selectors.generation_get(user=ApiView.user_of(request), generation_id=generation_id)
        if generation.status != GenerationStatus.COMPLETED or not generation.result:
            raise Conflict(f"Generation {generation.pk} is {generation.status}; it can be analysed once it completes")
        return Response({"success": True, "data": music_analysis(data=generation.result, parameter="generation_id")})
