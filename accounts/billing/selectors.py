"""Reads for billing: is Stripe configured, which plan a Stripe price sells, the user's subscription and invoices.

Reads never write and never call Stripe: they read dj-stripe's copies, which the webhooks keep current.
Amounts are Stripe's integer minor units (cents), never floats.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from djstripe.models import Invoice, Subscription

from coprod.plans import PLAN_LABELS

from .models import BillingProfile

PAID_PLANS = ("pro", "producer_plus")
INTERVALS = {"monthly": "month", "yearly": "year"}
# Subscriptions that still give (or may soon give again) their plan; the others have ended.
LIVE_STATUSES = ("active", "trialing", "past_due", "unpaid", "incomplete", "paused")


def billing_configured() -> bool:
    """Whether Stripe keys are set: without them checkout answers 503 and nothing calls Stripe."""
    return bool(settings.STRIPE_SECRET_KEY)


def price_id_for(*, plan: str, interval: str) -> str:
    """The Stripe Price id selling ``plan`` every ``interval`` ("" when not configured)."""
    return str(settings.STRIPE_PRICES.get((plan, interval), ""))


def plan_of_price(price: dict[str, Any] | None) -> tuple[str, str] | None:
    """(plan, interval) a Stripe price sells: by its id in ``STRIPE_PRICES`` or a lookup key
    ``<plan>_<interval>``; ``None`` for a price we do not sell (it grants nothing)."""
    if not price:
        return None
    for (plan, interval), price_id in settings.STRIPE_PRICES.items():
        if price_id and price.get("id") == price_id:
            return plan, interval
    lookup_key = str(price.get("lookup_key") or "")
    for plan in PAID_PLANS:
        for interval in INTERVALS:
            if lookup_key == f"{plan}_{interval}":
                return plan, interval
    return None


def subscription_price(subscription: Subscription) -> dict[str, Any] | None:
    items = (subscription.stripe_data.get("items") or {}).get("data") or []
    price = items[0].get("price") if items else None
    return price if isinstance(price, dict) else None


def subscription_period_end(subscription: Subscription) -> datetime | None:
    """When the paid period ends: on the item since Stripe API 2025-03-31, on the subscription before."""
    items = (subscription.stripe_data.get("items") or {}).get("data") or []
    stamp = (items[0].get("current_period_end") if items else None) or subscription.stripe_data.get(
        "current_period_end"
    )
    return datetime.fromtimestamp(int(stamp), tz=UTC) if stamp else None


def subscriptions_of(*, user: Any) -> list[Subscription]:
    """The user's subscriptions, newest first."""
    return list(Subscription.objects.filter(customer__subscriber=user).order_by("-created", "-djstripe_id"))


def subscription_current(*, user: Any) -> Subscription | None:
    """The user's newest subscription that has not ended, else ``None``."""
    for subscription in subscriptions_of(user=user):
        if subscription.status in LIVE_STATUSES:
            return subscription
    return None


def grace_until_of(*, user: Any) -> datetime | None:
    profile = BillingProfile.objects.filter(user=user).first()
    return profile.grace_until if profile else None


def subscription_data(*, user: Any) -> dict[str, Any]:
    """The user's plan and subscription as ``GET /api/subscription`` and the billing page show them."""
    subscription = subscription_current(user=user)
    sold = plan_of_price(subscription_price(subscription)) if subscription else None
    period_end = subscription_period_end(subscription) if subscription else None
    grace_until = grace_until_of(user=user)
    tier = user.subscription_tier
    return {
        "plan": tier,
        "subscription_tier": tier,
        "plan_label": PLAN_LABELS.get(tier, tier),
        "status": subscription.status if subscription else ("active" if tier != "free" else "none"),
        "subscription_id": subscription.id if subscription else None,
        "subscribed_plan": sold[0] if sold else None,
        "interval": sold[1] if sold else None,
        "current_period_end": period_end.isoformat() if period_end else None,
        "renews": bool(subscription and not subscription.cancel_at_period_end and subscription.status == "active"),
        "cancel_at_period_end": bool(subscription and subscription.cancel_at_period_end),
        "grace_until": grace_until.isoformat() if grace_until and subscription else None,
        "billing_configured": billing_configured(),
    }


def invoice_list(*, user: Any, limit: int = 24) -> list[dict[str, Any]]:
    """The user's invoices from Stripe's data, newest first; amounts in integer cents."""
    invoices = Invoice.objects.filter(customer__subscriber=user).order_by("-created", "-djstripe_id")[:limit]
    rows = []
    for invoice in invoices:
        data = invoice.stripe_data
        created = data.get("created")
        rows.append(
            {
                "id": invoice.id,
                "number": data.get("number") or "",
                "status": data.get("status") or "",
                "amount_due": int(data.get("amount_due") or 0),
                "amount_paid": int(data.get("amount_paid") or 0),
                "currency": str(data.get("currency") or "usd"),
                "created": datetime.fromtimestamp(int(created), tz=UTC).isoformat() if created else None,
                "hosted_invoice_url": data.get("hosted_invoice_url") or "",
                "invoice_pdf": data.get("invoice_pdf") or "",
            }
        )
    return rows


def plan_label(plan: str) -> str:
    return PLAN_LABELS.get(plan, plan)
