"""``/api/subscription``, ``/checkout``, ``/cancel`` and the Stripe ``/webhook``."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.responses import ErrorResponseSerializer, ValidationErrorResponseSerializer
from coprod.api.views import ApiView

from .. import selectors, services, webhooks
from .responses import (
    CancelledResponseSerializer,
    CheckoutResponseSerializer,
    StripeEventReceivedResponseSerializer,
    SubscriptionResponseSerializer,
)
from .serializers import CheckoutSerializer


class SubscriptionView(ApiView):
    @extend_schema(responses={200: SubscriptionResponseSerializer}, tags=["subscription"])
    def get(self, request: Request) -> Response:
        """The current plan, the subscription's state and renewal date, and the recent invoices."""
        user = self.user_of(request)
        return Response(
            {
                "success": True,
                "data": {**selectors.subscription_data(user=user), "invoices": selectors.invoice_list(user=user)},
            }
        )


class CheckoutView(ApiView):
    @extend_schema(
        request=CheckoutSerializer,
        responses={
            200: CheckoutResponseSerializer,
            409: OpenApiResponse(ErrorResponseSerializer, description="Already subscribed"),
            503: OpenApiResponse(
                ErrorResponseSerializer, description="Billing is not configured, or Stripe cannot be reached"
            ),
        },
        tags=["subscription"],
    )
    def post(self, request: Request) -> Response:
        """Start a Stripe Checkout Session for a plan; the client sends the user to ``checkout_url``."""
        serializer = CheckoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        billing_page = request.build_absolute_uri(reverse("billing:billing"))
        session = services.subscription_checkout_start(
            user=self.user_of(request),
            plan=serializer.validated_data["plan"],
            interval=serializer.validated_data["interval"],
            success_url=f"{billing_page}?checkout=success&session_id={{CHECKOUT_SESSION_ID}}",
            cancel_url=f"{billing_page}?checkout=cancelled",
        )
        return Response(
            {
                "success": True,
                "checkout_url": session.stripe_data.get("url"),
                "session_id": session.id,
                "plan": serializer.validated_data["plan"],
                "interval": serializer.validated_data["interval"],
            }
        )


class CancelView(ApiView):
    @extend_schema(
        request=None,
        responses={
            200: CancelledResponseSerializer,
            409: OpenApiResponse(ErrorResponseSerializer, description="No active subscription"),
        },
        tags=["subscription"],
    )
    def post(self, request: Request) -> Response:
        """Cancel at the end of the paid period; the plan stays until then."""
        user = self.user_of(request)
        services.subscription_cancel(user=user)
        data = selectors.subscription_data(user=user)
        return Response(
            {
                "success": True,
                "message": f"Your subscription ends on {data['current_period_end'] or 'the end of the period'}; "
                "you keep your plan until then.",
                "data": data,
            }
        )


class WebhookView(ApiView):
    # Stripe signs its requests: the signature is the authentication, and its retries must not
    # meet the per-IP limit meant for people.
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={
            200: StripeEventReceivedResponseSerializer,
            400: OpenApiResponse(
                ValidationErrorResponseSerializer, description="Unsigned, badly signed, stale or malformed"
            ),
        },
        tags=["subscription"],
        auth=[],
    )
    def post(self, request: Request) -> Response:
        """A Stripe event, verified with the endpoint's signing secret (``Stripe-Signature``)."""
        event, new = webhooks.webhook_receive(request=request._request)
        return Response({"success": True, "event_id": event.id, "type": event.type, "duplicate": not new})
