"""Webhook endpoints: the signing secret and the delivery log, in the Co-Prod and v1 shapes.

Co-Prod (``/api/user/...``): ``GET``/``POST /api/user/webhook-secret``,
``GET /api/user/webhook-deliveries`` (``page``/``per_page``). v1 (``/v1/ai/...``):
``GET /v1/ai/webhooks/deliveries`` (``limit``/``offset``) in the v1 envelope. Both list only
the caller's own deliveries.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.envelopes import v1_response
from coprod.api.pagination import paginate, paginate_offset
from coprod.api.responses import CoprodPaginationSerializer
from coprod.api.views import ApiView
from coprod.errors import ParameterError
from coprod.jobs.models import JobStatus

from .. import selectors, services
from ..models import WebhookEvent
from .serializers import (
    OffsetPaginationSerializer,
    WebhookDeliverySerializer,
    WebhookSecretCreatedSerializer,
    WebhookSecretStatusSerializer,
)

_FILTERS = [
    OpenApiParameter("generation_id", str, description="Only deliveries about this generation (`gen_…`)"),
    OpenApiParameter("status", str, enum=JobStatus.values, description="pending, processing, completed, failed"),
    OpenApiParameter("event", str, enum=WebhookEvent.values),
]


def _filters(query_params: Any) -> dict[str, str | None]:
    """The list filters, refused with a 400 naming the parameter when not one of the known values."""
    status_filter = query_params.get("status") or None
    if status_filter is not None and status_filter not in JobStatus.values:
        raise ParameterError("status", status_filter, ", ".join(JobStatus.values))
    event = query_params.get("event") or None
    if event is not None and event not in WebhookEvent.values:
        raise ParameterError("event", event, ", ".join(WebhookEvent.values))
    generation_id = query_params.get("generation_id") or None
    if generation_id is not None and len(generation_id) > 24:
        raise ParameterError("generation_id", generation_id[:24] + "...", "a generation id (gen_…)")
    return {"generation_public_id": generation_id, "status": status_filter, "event": event}


class WebhookSecretView(ApiView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "WebhookSecretStatusResponse",
                {"success": serializers.BooleanField(), "data": WebhookSecretStatusSerializer()},
            )
        },
        tags=["webhooks"],
    )
    def get(self, request: Request) -> Response:
        """Whether you have a webhook signing secret, and its prefix (never the secret itself)."""
        secret = selectors.webhook_secret_get(user=self.user_of(request))
        data = WebhookSecretStatusSerializer(WebhookSecretStatusSerializer.of(secret)).data
        return Response({"success": True, "data": data})

    @extend_schema(
        request=None,
        responses={
            201: inline_serializer(
                "WebhookSecretCreatedResponse",
                {
                    "success": serializers.BooleanField(),
                    "data": WebhookSecretCreatedSerializer(),
                    "message": serializers.CharField(),
                },
            )
        },
        description="Create the webhook signing secret, or replace it (the old one stops working at once). "
        "The answer is the only time the secret is shown.",
        tags=["webhooks"],
    )
    def post(self, request: Request) -> Response:
        """Create a new signing secret (the previous one stops signing); the only time it is shown."""
        secret, raw = services.webhook_secret_rotate(user=self.user_of(request))
        data = WebhookSecretCreatedSerializer({"secret": raw, "prefix": secret.prefix, "created_at": secret.created_at})
        return Response(
            {"success": True, "data": data.data, "message": "Store this secret now: it is not shown again."},
            status=status.HTTP_201_CREATED,
        )


class WebhookDeliveryListView(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter("page", int), OpenApiParameter("per_page", int), *_FILTERS],
        responses={
            200: inline_serializer(
                "WebhookDeliveryPage",
                {
                    "success": serializers.BooleanField(),
                    "data": WebhookDeliverySerializer(many=True),
                    "pagination": CoprodPaginationSerializer(),
                },
            )
        },
        tags=["webhooks"],
    )
    def get(self, request: Request) -> Response:
        """Your webhook deliveries, newest first, with each attempt (filter by event and status)."""
        deliveries = selectors.webhook_delivery_list(user=self.user_of(request), **_filters(request.query_params))
        items, pagination = paginate(deliveries, request.query_params)
        return Response(
            {"success": True, "data": WebhookDeliverySerializer(items, many=True).data, "pagination": pagination}
        )


class V1WebhookDeliveryListView(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter("limit", int), OpenApiParameter("offset", int), *_FILTERS],
        responses={
            200: inline_serializer(
                "V1WebhookDeliveryList",
                {
                    "success": serializers.BooleanField(),
                    "data": inline_serializer(
                        "V1WebhookDeliveryListData",
                        {
                            "deliveries": WebhookDeliverySerializer(many=True),
                            "pagination": OffsetPaginationSerializer(),
                        },
                    ),
                    "message": serializers.CharField(),
                    "timestamp": serializers.CharField(),
                    "request_id": serializers.CharField(),
                },
            )
        },
        tags=["v1 webhooks"],
    )
    def get(self, request: Request) -> Response:
        """Your webhook deliveries in the v1 envelope, newest first, with each attempt."""
        deliveries = selectors.webhook_delivery_list(user=self.user_of(request), **_filters(request.query_params))
        items, pagination = paginate_offset(deliveries, request.query_params)
        data = {"deliveries": WebhookDeliverySerializer(items, many=True).data, "pagination": pagination}
        return v1_response(request, data, "Webhook deliveries retrieved successfully")
