"""Billing use cases: Stripe Checkout for plans (and for other apps' one-off sales), cancel, and keeping
each user's plan in step with their subscription.

The plan follows the subscription's state, recomputed from dj-stripe's copies each time an event
arrives (:func:`user_plan_sync`), so handling the same event twice changes nothing more:

* ``active`` / ``trialing`` — the plan the subscription's price sells;
* ``past_due`` — a renewal payment failed: the plan stays until the grace period
  (``BILLING_GRACE_DAYS`` after the first failure) ends, while Stripe retries the payment;
* ``unpaid``, ``canceled``, ``incomplete_expired``, or past due past the grace — free.

Every call to Stripe goes through :func:`stripe_call`, which turns "Stripe is not configured" into
a 503 saying so and "Stripe could not be reached" into a 503 with ``retry_after``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

import stripe
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from djstripe.models import Customer, Session, Subscription
from djstripe.settings import djstripe_settings

from accounts.auth_cache import auth_user_forget
from accounts.models import User
from accounts.services import notification_create
from coprod.errors import Conflict, DomainError, ServiceUnavailable
from coprod.plans import PLAN_ORDER
from ops.models import AuditAction
from ops.services import audit_record

from . import selectors
from .models import BillingProfile

logger = logging.getLogger(__name__)

T = TypeVar("T")

STRIPE_RETRY_AFTER_SECONDS = 30


class BillingNotConfigured(DomainError):
    """503: no Stripe keys (or no price for the plan) on this server; nothing else is affected."""

    status_code = 503
    default_code = "BILLING_NOT_CONFIGURED"
    default_detail = "Billing is not configured on this server: no Stripe keys are set."


def stripe_call(call: Callable[[], T]) -> T:
    """Run one call to Stripe; its failures become 503s with a reason, never 500s."""
    if not selectors.billing_configured():
        raise BillingNotConfigured()
    try:
        return call()
    except stripe.AuthenticationError as exc:
        logger.error("Stripe refused our API key: %s", exc)
        raise BillingNotConfigured("Billing is misconfigured: Stripe refused the API key.") from exc
    except stripe.StripeError as exc:
        logger.warning("Stripe call failed: %s", exc)
        raise ServiceUnavailable(
            "The payment provider could not be reached; try again shortly.",
            retry_after=STRIPE_RETRY_AFTER_SECONDS,
            code="STRIPE_UNAVAILABLE",
        ) from exc


def customer_for(*, user: User) -> Customer:
    """The user's Stripe customer, created on Stripe (and in dj-stripe) the first time."""
    customer, _ = stripe_call(lambda: Customer.get_or_create(subscriber=user))
    return customer


def checkout_session_create(
    *,
    user: User,
    mode: str,
    line_items: list[dict[str, Any]],
    metadata: dict[str, str],
    success_url: str,
    cancel_url: str,
    subscription_metadata: dict[str, str] | None = None,
) -> Session:
    """Create a Stripe Checkout Session for ``user`` and keep dj-stripe's copy of it.

    ``metadata`` comes back on the ``checkout.session.completed`` event: it is how the webhook
    knows what was paid for. Raises :class:`BillingNotConfigured` or ``ServiceUnavailable``.
    """
    customer = customer_for(user=user)
    params: dict[str, Any] = {
        "mode": mode,
        "customer": customer.id,
        "client_reference_id": str(user.pk),
        "line_items": line_items,
        "metadata": metadata,
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    if subscription_metadata:
        params["subscription_data"] = {"metadata": subscription_metadata}
    data = stripe_call(
        lambda: stripe.checkout.Session.create(
            api_key=djstripe_settings.STRIPE_SECRET_KEY,
            stripe_version=djstripe_settings.STRIPE_API_VERSION,
            **params,
        )
    )
    return stripe_call(lambda: Session.sync_from_stripe_data(data, api_key=djstripe_settings.STRIPE_SECRET_KEY))


def subscription_checkout_start(*, user: User, plan: str, interval: str, success_url: str, cancel_url: str) -> Session:
    """A Checkout Session that subscribes ``user`` to ``plan`` billed every ``interval``.

    Raises :class:`BillingNotConfigured` (no keys or no price for the plan), :class:`Conflict`
    when the user already has a subscription (cancel it, or wait for it to end, first).
    """
    if not selectors.billing_configured():
        raise BillingNotConfigured()
    price_id = selectors.price_id_for(plan=plan, interval=interval)
    if not price_id:
        raise BillingNotConfigured(f"Billing is not configured for {plan} {interval}: no Stripe price is set.")
    current = selectors.subscription_current(user=user)
    if current is not None and current.status in ("active", "trialing", "past_due"):
        raise Conflict(
            f"You already have a {current.status} subscription; cancel it or let it end before starting another."
        )
    metadata = {"kind": "subscription", "user_id": str(user.pk), "plan": plan, "interval": interval}
    return checkout_session_create(
        user=user,
        mode="subscription",
        line_items=[{"price": price_id, "quantity": 1}],
        metadata=metadata,
        subscription_metadata=metadata,
        success_url=success_url,
        cancel_url=cancel_url,
    )


def subscription_cancel(*, user: User) -> Subscription:
    """Cancel the user's subscription at the end of the paid period (the plan stays until then).

    Idempotent: a subscription already set to cancel is returned as it is. Raises :class:`Conflict`
    when there is no subscription to cancel.
    """
    subscription = selectors.subscription_current(user=user)
    if subscription is None or subscription.status not in ("active", "trialing", "past_due"):
        raise Conflict("You have no active subscription to cancel.")
    if subscription.cancel_at_period_end:
        return subscription
    updated = stripe_call(lambda: subscription.cancel(at_period_end=True))
    return updated


def _profile(user: User) -> BillingProfile:
    profile, _ = BillingProfile.objects.get_or_create(user=user)
    return profile


def billing_grace_start(*, user: User, failed_at: datetime) -> datetime:
    """A renewal payment failed: start the grace period unless one is running. Returns its end."""
    with transaction.atomic():
        profile = BillingProfile.objects.select_for_update().filter(user=user).first() or _profile(user)
        if profile.grace_until is None:
            profile.grace_until = failed_at + timedelta(days=settings.BILLING_GRACE_DAYS)
            profile.save(update_fields=["grace_until", "updated_at"])
        return profile.grace_until


def billing_grace_clear(*, user: User) -> None:
    """An invoice was paid: no grace period runs any more."""
    BillingProfile.objects.filter(user=user, grace_until__isnull=False).update(grace_until=None)


def plan_entitled(*, user: User, now: datetime | None = None) -> str:
    """The plan ``user``'s subscriptions give them now (see the module docstring)."""
    now = now or timezone.now()
    grace_until = selectors.grace_until_of(user=user)
    best = "free"
    for subscription in selectors.subscriptions_of(user=user):
        sold = selectors.plan_of_price(selectors.subscription_price(subscription))
        if sold is None:
            continue
        status = subscription.status
        entitled = status in ("active", "trialing") or (
            status == "past_due" and (grace_until is None or now < grace_until)
        )
        if entitled and PLAN_ORDER.index(sold[0]) > PLAN_ORDER.index(best):
            best = sold[0]
    return best


def user_plan_sync(*, user: User, now: datetime | None = None) -> str:
    """Set the user's plan to what their subscriptions give (:func:`plan_entitled`); notify on a change.

    Safe to call any number of times: the plan is computed from stored state, and only a change
    writes or notifies. Returns the plan.
    """
    plan = plan_entitled(user=user, now=now)
    previous = user.subscription_tier
    if plan == previous:
        return plan
    User.objects.filter(pk=user.pk).update(subscription_tier=plan)
    user.subscription_tier = plan
    auth_user_forget(user_id=user.pk)  # the rate limiter reads the plan from the auth cache
    audit_record(actor=user, action=AuditAction.PLAN_CHANGED, target=user, details={"from": previous, "to": plan})
    upgraded = PLAN_ORDER.index(plan) > PLAN_ORDER.index(previous if previous in PLAN_ORDER else "free")
    notification_create(
        user=user,
        kind="plan_changed",
        title=f"You are on {selectors.plan_label(plan)}"
        if upgraded
        else f"Your plan is now {selectors.plan_label(plan)}",
        body=(
            f"Welcome to {selectors.plan_label(plan)}: the paid features are open."
            if upgraded
            else f"Your {selectors.plan_label(previous)} subscription has ended; you keep everything you made."
        ),
        data={"plan": plan, "previous_plan": previous, "url": reverse("billing:billing")},
    )
    return plan


def billing_grace_expire(*, now: datetime | None = None) -> int:
    """Downgrade every user whose grace period is over and who still has not paid. Returns how many changed."""
    now = now or timezone.now()
    changed = 0
    for profile in BillingProfile.objects.filter(grace_until__lte=now).select_related("user"):
        before = profile.user.subscription_tier
        if user_plan_sync(user=profile.user, now=now) != before:
            changed += 1
    return changed
