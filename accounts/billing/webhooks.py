"""Stripe webhooks: verify, let dj-stripe store the event and sync its object, then apply it once.

``POST /api/subscription/webhook`` hands the request to :func:`webhook_receive`:

1. The ``Stripe-Signature`` header is checked against the endpoint's signing secret
   (``STRIPE_WEBHOOK_SECRET``) with Stripe's own verifier, timestamp tolerance included, before
   anything is stored: unsigned, badly signed, stale or malformed requests are a 400 and change
   nothing. Without a configured secret nothing can be verified, so every request is a 400.
2. dj-stripe's :meth:`WebhookEventTrigger.from_request` verifies it again, stores the ``Event``
   and syncs the object it is about (fetching its current state from Stripe).
3. The first time an event id is seen, the handlers registered for its type run
   (:func:`billing_event_handler_register`); a repeat delivery stores a trigger row and runs none.
   Steps 2 and 3 share one transaction: if a handler fails, the event is not kept, so Stripe's
   retry processes it again.

Other apps (the marketplace) register their handlers from their ``AppConfig.ready``, so accounts
imports none of them.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

import stripe
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from djstripe.models import Customer, Event, WebhookEndpoint, WebhookEventTrigger

from accounts.models import User
from accounts.services import notification_create
from coprod.errors import DomainError, ServiceUnavailable

from . import selectors, services

logger = logging.getLogger(__name__)

EventHandler = Callable[[Event], None]
_HANDLERS: dict[str, list[EventHandler]] = {}

# The dj-stripe endpoint row standing for /api/subscription/webhook (its id is ours, not Stripe's).
LOCAL_ENDPOINT_ID = "we_coprod_api_subscription_webhook"
LOCAL_ENDPOINT_UUID = uuid.UUID("6f1d3b52-4c1e-4f0e-9d7a-2c0b5e1a9c01")


class WebhookInvalid(DomainError):
    """400: the request is not a verifiable Stripe event; nothing was stored or changed."""

    status_code = 400
    default_code = "WEBHOOK_INVALID"
    default_detail = "Invalid webhook"


def billing_event_handler_register(event_type: str, handler: EventHandler) -> None:
    """Run ``handler(event)`` for each new Stripe event of ``event_type`` (idempotent registration)."""
    handlers = _HANDLERS.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


def _endpoint() -> WebhookEndpoint:
    """dj-stripe's endpoint row carrying the configured signing secret (kept in step with settings)."""
    secret = settings.DJSTRIPE_WEBHOOK_SECRET
    endpoint, created = WebhookEndpoint.objects.get_or_create(
        id=LOCAL_ENDPOINT_ID,
        defaults={
            "djstripe_uuid": LOCAL_ENDPOINT_UUID,
            "livemode": settings.STRIPE_LIVE_MODE,
            "secret": secret,
            "url": f"{settings.SITE_URL.rstrip('/')}/api/subscription/webhook",
            "enabled_events": ["*"],
            "status": "enabled",
            "djstripe_tolerance": settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        },
    )
    if not created and (
        endpoint.secret != secret or endpoint.djstripe_tolerance != settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS
    ):
        endpoint.secret = secret
        endpoint.djstripe_tolerance = settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS
        endpoint.save(update_fields=["secret", "djstripe_tolerance"])
    return endpoint


def webhook_verify(*, payload: bytes, signature: str | None) -> dict[str, Any]:
    """The event a signed payload carries. Raises :class:`WebhookInvalid` (nothing stored)."""
    secret = settings.DJSTRIPE_WEBHOOK_SECRET
    if not signature:
        raise WebhookInvalid("Missing Stripe-Signature header", details="Missing Stripe-Signature header")
    if not secret:
        raise WebhookInvalid(
            "No webhook signing secret is configured",
            details="No webhook signing secret is configured (STRIPE_WEBHOOK_SECRET)",
        )
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, signature, secret, settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS)
    except (UnicodeDecodeError, stripe.SignatureVerificationError) as exc:
        raise WebhookInvalid("Bad signature", details=f"Signature verification failed: {exc}") from None
    try:
        data = json.loads(text)
    except ValueError:
        raise WebhookInvalid("Malformed event", details="The body is not JSON") from None
    obj = data.get("data", {}).get("object") if isinstance(data, dict) else None
    if not (
        isinstance(data, dict)
        and isinstance(data.get("id"), str)
        and data["id"].startswith("evt_")
        and isinstance(data.get("type"), str)
        and isinstance(data.get("livemode"), bool)
        and isinstance(obj, dict)
        and isinstance(obj.get("object"), str)
    ):
        raise WebhookInvalid("Malformed event", details="Not a Stripe event: id, type, livemode and data.object needed")
    return data


def webhook_receive(*, request: HttpRequest) -> tuple[Event, bool]:
    """Verify, store and apply one webhook request. Returns (event, whether it was new).

    Raises :class:`WebhookInvalid` (400) or a 503 (``ServiceUnavailable``: Stripe could not be
    reached to sync the object; ``BillingNotConfigured``: no Stripe keys): Stripe retries later.
    """
    payload = request.body
    data = webhook_verify(payload=payload, signature=request.headers.get("Stripe-Signature"))
    if not selectors.billing_configured():
        # A signing secret without API keys: dj-stripe cannot store the event (it needs the key's
        # account), so the event is left for Stripe's retry, as when Stripe cannot be reached.
        raise services.BillingNotConfigured(
            "Billing is not configured on this server: no Stripe keys are set; the event will be retried."
        )
    seen = Event.objects.filter(id=data["id"]).exists()
    try:
        with transaction.atomic():
            trigger = WebhookEventTrigger.from_request(request, webhook_endpoint=_endpoint())
            if not trigger.valid or trigger.event is None:
                raise WebhookInvalid("Invalid event", details="The event did not verify")
            event = trigger.event
            if not seen:
                for handler in _HANDLERS.get(event.type, []):
                    handler(event)
    except stripe.StripeError as exc:
        logger.warning("webhook %s: Stripe could not be reached: %s", data["id"], exc)
        raise ServiceUnavailable(
            "The payment provider could not be reached; the event will be retried.",
            retry_after=services.STRIPE_RETRY_AFTER_SECONDS,
        ) from exc
    return event, not seen


def event_user(event: Event) -> User | None:
    """The user whose Stripe customer the event is about (``None`` for customers not ours)."""
    obj = event.data.get("object", {})
    customer_id = obj.get("id") if obj.get("object") == "customer" else obj.get("customer")
    if isinstance(customer_id, dict):
        customer_id = customer_id.get("id")
    if not customer_id:
        return None
    customer = Customer.objects.filter(id=customer_id).select_related("subscriber").first()
    subscriber = customer.subscriber if customer else None
    return subscriber if isinstance(subscriber, User) else None


def _subscription_changed(event: Event) -> None:
    user = event_user(event)
    if user is not None:
        services.user_plan_sync(user=user)


def _invoice_paid(event: Event) -> None:
    user = event_user(event)
    if user is None:
        return
    services.billing_grace_clear(user=user)
    services.user_plan_sync(user=user)
    invoice = event.data["object"]
    if invoice.get("billing_reason") == "subscription_cycle":
        notification_create(
            user=user,
            kind="subscription_renewed",
            title=f"{selectors.plan_label(user.subscription_tier)} renewed",
            body=f"Paid {invoice.get('amount_paid', 0)} {str(invoice.get('currency', '')).upper()} cents.",
            data={"invoice_id": invoice.get("id"), "url": reverse("billing:billing")},
        )


def _invoice_payment_failed(event: Event) -> None:
    user = event_user(event)
    if user is None:
        return
    grace_until = services.billing_grace_start(user=user, failed_at=event.created)
    plan = services.user_plan_sync(user=user)
    notification_create(
        user=user,
        kind="payment_failed",
        title="Your payment failed",
        body=(
            f"We could not renew your subscription. You keep {selectors.plan_label(plan)} until "
            f"{grace_until:%Y-%m-%d} while the payment is retried; update your card on the billing page."
        ),
        data={
            "invoice_id": event.data["object"].get("id"),
            "grace_until": grace_until.isoformat(),
            "url": reverse("billing:billing"),
        },
    )


for _type in (
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "customer.subscription.paused",
    "customer.subscription.resumed",
):
    billing_event_handler_register(_type, _subscription_changed)
billing_event_handler_register("invoice.paid", _invoice_paid)
billing_event_handler_register("invoice.payment_failed", _invoice_payment_failed)
