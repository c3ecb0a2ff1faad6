"""Producer DNA, creativity score and analytics endpoints of the Co-Prod API."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.views import ApiView

from ..analytics import analytics_record, analytics_summary, analytics_validate
from ..selectors import producer_profile_get


class ProducerDnaView(ApiView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, tags=["user"])
    def get(self, request: Request) -> Response:
        return Response({"success": True, "data": producer_profile_get(user=self.user_of(request)).dna})


class CreativityScoreView(ApiView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, tags=["user"])
    def get(self, request: Request) -> Response:
        return Response({"success": True, "data": producer_profile_get(user=self.user_of(request)).creativity})


class AnalyticsView(ApiView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT}, tags=["analytics"])
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
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, tags=["analytics"])
    def get(self, request: Request) -> Response:
        return Response({"success": True, "data": analytics_summary(user=self.user_of(request))})
