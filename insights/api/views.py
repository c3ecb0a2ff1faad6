"""Producer DNA, creativity score and analytics endpoints of the Co-Prod API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.views import ApiView

from ..analytics import analytics_record, analytics_summary, analytics_validate
from ..selectors import producer_profile_get
from .responses import (
    AnalyticsEventRequestSerializer,
    AnalyticsEventResponseSerializer,
    AnalyticsSummaryResponseSerializer,
    CreativityScoreResponseSerializer,
    ProducerDnaResponseSerializer,
)


class ProducerDnaView(ApiView):
    """The user's Producer DNA: favourite genres, tempos, scales, keys, chords and melodic tendencies."""

    @extend_schema(responses={200: ProducerDnaResponseSerializer}, tags=["user"])
    def get(self, request: Request) -> Response:
        return Response({"success": True, "data": producer_profile_get(user=self.user_of(request)).dna})


class CreativityScoreView(ApiView):
    """The user's creativity index, its breakdown, growth trend and creative-block risk."""

    @extend_schema(responses={200: CreativityScoreResponseSerializer}, tags=["user"])
    def get(self, request: Request) -> Response:
        return Response({"success": True, "data": producer_profile_get(user=self.user_of(request)).creativity})


class AnalyticsView(ApiView):
    """Record a client event (a daily quota per user applies)."""

    @extend_schema(
        request=AnalyticsEventRequestSerializer, responses={201: AnalyticsEventResponseSerializer}, tags=["analytics"]
    )
    def post(self, request: Request) -> Response:
        body = request.data if isinstance(request.data, dict) else {}
        event_type, event_data = analytics_validate(
            event_type=body.get("event_type"), event_data=body.get("event_data")
        )
        event = analytics_record(
            user=self.user_of(request), event_type=event_type, event_data=event_data, source="client"
        )
        return Response(
            {"success": True, "data": {"id": event.pk, "event_type": event.event_type}}, status=status.HTTP_201_CREATED
        )


class UserAnalyticsView(ApiView):
    """The user's activity: events by type, by genre and by day (last 30 days) and streaks."""

    @extend_schema(responses={200: AnalyticsSummaryResponseSerializer}, tags=["analytics"])
    def get(self, request: Request) -> Response:
        return Response({"success": True, "data": analytics_summary(user=self.user_of(request))})
