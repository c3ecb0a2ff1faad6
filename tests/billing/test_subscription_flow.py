"""The paid flow end to end: checkout, Stripe's signed events, renewal, failed payment, grace, cancel, end."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from djstripe.models import Event, Subscription

from accounts.billing.models import BillingProfile
from accounts.billing.services import billing_grace_expire
from accounts.models import Notification, User
from tests.fake_stripe import post_event

pytestmark = pytest.mark.django_db


def _checkout(auth_client, fake_stripe, plan="pro", interval="monthly"):
    response = auth_client.post("/api/subscription/checkout", {"plan": plan, "interval": interval}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def _subscribe(auth_client, fake_stripe, plan="pro", interval="monthly"):
    """Checkout, pay, and deliver the events Stripe sends, in the order it usually sends them."""
    body = _checkout(auth_client, fake_stripe, plan, interval)
    paid = fake_stripe.pay_subscription_session(body["session_id"])
    for event_type, obj in (
        ("checkout.session.completed", paid["session"]),
        ("customer.subscription.created", paid["subscription"]),
        ("invoice.paid", paid["invoice"]),
    ):
        response = post_event(auth_client, fake_stripe.event(event_type, obj))
        assert response.status_code == 200, response.content
    return paid


def test_checkout_answers_a_stripe_checkout_url_for_the_plans_price(auth_client, user, fake_stripe):
    body = _checkout(auth_client, fake_stripe, "producer_plus", "yearly")

    assert body["checkout_url"] == f"https://checkout.stripe.com/c/pay/{body['session_id']}"
    [created] = fake_stripe.calls_to("POST", "checkout/sessions")
    assert created["mode"] == "subscription"
    assert created["line_items"] == [{"price": "price_pp_yearly", "quantity": "1"}]
    assert created["metadata"] == {
        "kind": "subscription",
        "user_id": str(user.pk),
        "plan": "producer_plus",
        "interval": "yearly",
    }
    customer = fake_stripe.objects[created["customer"]]
    assert customer["email"] == user.email
    user.refresh_from_db()
    assert user.subscription_tier == "free"  # nothing changes until Stripe says it was paid


def test_paid_checkout_upgrades_through_the_webhook(auth_client, user, fake_stripe):
    paid = _subscribe(auth_client, fake_stripe)

    user.refresh_from_db()
    assert user.subscription_tier == "pro"
    data = auth_client.get("/api/subscription").json()["data"]
    assert data["plan"] == "pro"
    assert data["status"] == "active"
    assert data["interval"] == "monthly"
    assert data["subscription_id"] == paid["subscription"]["id"]
    end = paid["subscription"]["items"]["data"][0]["current_period_end"]
    assert data["current_period_end"] == datetime.fromtimestamp(end, tz=UTC).isoformat()
    assert data["renews"] is True
    [invoice] = data["invoices"]
    assert invoice["amount_paid"] == 1200 and isinstance(invoice["amount_paid"], int)
    assert invoice["currency"] == "usd"
    assert Notification.objects.get(user=user, kind="plan_changed").data["url"] == "/account/billing/"


def test_the_same_event_twice_changes_nothing_more(auth_client, user, fake_stripe):
    body = _checkout(auth_client, fake_stripe)
    paid = fake_stripe.pay_subscription_session(body["session_id"])
    event = fake_stripe.event("customer.subscription.created", paid["subscription"])

    first = post_event(auth_client, event)
    second = post_event(auth_client, event)

    assert first.status_code == 200 and first.json()["duplicate"] is False
    assert second.status_code == 200 and second.json()["duplicate"] is True
    assert Event.objects.filter(id=event["id"]).count() == 1
    assert Notification.objects.filter(user=user, kind="plan_changed").count() == 1
    user.refresh_from_db()
    assert user.subscription_tier == "pro"


def test_renewal_keeps_the_plan_and_tells_the_user(auth_client, user, fake_stripe):
    paid = _subscribe(auth_client, fake_stripe)
    renewal = fake_stripe.invoice(paid["subscription"], paid=True, billing_reason="subscription_cycle")

    assert post_event(auth_client, fake_stripe.event("invoice.paid", renewal)).status_code == 200

    user.refresh_from_db()
    assert user.subscription_tier == "pro"
    assert Notification.objects.get(user=user, kind="subscription_renewed").title == "Pro renewed"


def test_failed_payment_keeps_the_plan_during_grace_then_downgrades(auth_client, user, fake_stripe, settings):
    settings.BILLING_GRACE_DAYS = 7
    paid = _subscribe(auth_client, fake_stripe)
    subscription = paid["subscription"]
    failed = fake_stripe.invoice(subscription, paid=False, billing_reason="subscription_cycle")
    subscription["status"] = "past_due"

    post_event(auth_client, fake_stripe.event("invoice.payment_failed", failed))
    post_event(auth_client, fake_stripe.event("customer.subscription.updated", subscription))

    user.refresh_from_db()
    assert user.subscription_tier == "pro"  # grace
    grace_until = BillingProfile.objects.get(user=user).grace_until
    assert timedelta(days=7) - timedelta(seconds=5) < grace_until - timezone.now() <= timedelta(days=7)
    assert Notification.objects.filter(user=user, kind="payment_failed").count() == 1
    assert auth_client.get("/api/subscription").json()["data"]["grace_until"] == grace_until.isoformat()

    assert billing_grace_expire(now=grace_until - timedelta(minutes=1)) == 0
    user.refresh_from_db()
    assert user.subscription_tier == "pro"
    assert billing_grace_expire(now=grace_until + timedelta(minutes=1)) == 1
    user.refresh_from_db()
    assert user.subscription_tier == "free"


def test_a_second_failure_does_not_extend_the_grace(auth_client, user, fake_stripe):
    paid = _subscribe(auth_client, fake_stripe)
    first = fake_stripe.invoice(paid["subscription"], paid=False, billing_reason="subscription_cycle")
    post_event(auth_client, fake_stripe.event("invoice.payment_failed", first, created=int(time.time()) - 86400))
    grace_until = BillingProfile.objects.get(user=user).grace_until

    post_event(auth_client, fake_stripe.event("invoice.payment_failed", first))

    assert BillingProfile.objects.get(user=user).grace_until == grace_until


def test_payment_recovered_clears_the_grace(auth_client, user, fake_stripe):
    paid = _subscribe(auth_client, fake_stripe)
    subscription = paid["subscription"]
    failed = fake_stripe.invoice(subscription, paid=False, billing_reason="subscription_cycle")
    subscription["status"] = "past_due"
    post_event(auth_client, fake_stripe.event("invoice.payment_failed", failed))
    failed.update(status="paid", amount_paid=failed["amount_due"])
    subscription["status"] = "active"

    post_event(auth_client, fake_stripe.event("invoice.paid", failed))

    assert BillingProfile.objects.get(user=user).grace_until is None
    assert billing_grace_expire(now=timezone.now() + timedelta(days=30)) == 0
    user.refresh_from_db()
    assert user.subscription_tier == "pro"


def test_stripe_gives_up_on_payment_downgrades_at_once(auth_client, user, fake_stripe):
    paid = _subscribe(auth_client, fake_stripe)
    paid["subscription"]["status"] = "unpaid"

    post_event(auth_client, fake_stripe.event("customer.subscription.updated", paid["subscription"]))

    user.refresh_from_db()
    assert user.subscription_tier == "free"


def test_cancel_at_period_end_keeps_the_plan_until_the_subscription_ends(auth_client, user, fake_stripe):
    paid = _subscribe(auth_client, fake_stripe)
    subscription_id = paid["subscription"]["id"]

    response = auth_client.post("/api/subscription/cancel")

    assert response.status_code == 200, response.content
    assert response.json()["data"]["cancel_at_period_end"] is True
    assert fake_stripe.calls_to("POST", f"subscriptions/{subscription_id}") == [{"cancel_at_period_end": "true"}]
    assert Subscription.objects.get(id=subscription_id).cancel_at_period_end is True
    user.refresh_from_db()
    assert user.subscription_tier == "pro"

    again = auth_client.post("/api/subscription/cancel")
    assert again.status_code == 200
    assert len(fake_stripe.calls_to("POST", f"subscriptions/{subscription_id}")) == 1  # nothing sent twice

    fake_stripe.objects[subscription_id].update(status="canceled", ended_at=int(time.time()))
    post_event(auth_client, fake_stripe.event("customer.subscription.deleted", fake_stripe.objects[subscription_id]))
    user.refresh_from_db()
    assert user.subscription_tier == "free"
    assert Notification.objects.filter(user=user, kind="plan_changed").count() == 2


def test_cancel_without_a_subscription_is_a_conflict(auth_client, user, fake_stripe):
    response = auth_client.post("/api/subscription/cancel")

    assert response.status_code == 409
    assert fake_stripe.calls == []


def test_checkout_when_already_subscribed_is_a_conflict(auth_client, user, fake_stripe):
    _subscribe(auth_client, fake_stripe)
    sessions_before = len(fake_stripe.calls_to("POST", "checkout/sessions"))

    response = auth_client.post("/api/subscription/checkout", {"plan": "producer_plus"}, format="json")

    assert response.status_code == 409
    assert len(fake_stripe.calls_to("POST", "checkout/sessions")) == sessions_before


def test_an_event_about_someone_elses_customer_changes_nobody(auth_client, user, other_user, fake_stripe):
    paid = _subscribe(auth_client, fake_stripe)
    stranger = fake_stripe.add("customers", {"email": "stranger@example.com"})
    foreign = dict(paid["subscription"], id="sub_foreign", customer=stranger["id"])
    fake_stripe.objects["sub_foreign"] = foreign

    assert post_event(auth_client, fake_stripe.event("customer.subscription.created", foreign)).status_code == 200

    assert User.objects.get(pk=other_user.pk).subscription_tier == "free"
    assert User.objects.get(pk=user.pk).subscription_tier == "pro"


def test_subscription_reads_never_call_stripe(auth_client, fake_stripe):
    assert auth_client.get("/api/subscription").status_code == 200
    assert fake_stripe.calls == []
    assert json.loads(auth_client.get("/api/subscription").content)["data"]["plan"] == "free"
