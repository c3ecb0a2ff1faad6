"""The webhook accepts only events signed with the endpoint's secret; everything else is a 400 that changes nothing."""

from __future__ import annotations

import json
import time

import pytest
from djstripe.models import Event, WebhookEventTrigger

from accounts.models import Notification
from tests.fake_stripe import post_event, signed_headers

pytestmark = pytest.mark.django_db

URL = "/api/subscription/webhook"


@pytest.fixture
def paid_event(auth_client, user, fake_stripe):
    """A genuine customer.subscription.created event for ``user`` (not yet delivered)."""
    body = auth_client.post("/api/subscription/checkout", {"plan": "pro"}, format="json").json()
    paid = fake_stripe.pay_subscription_session(body["session_id"])
    return fake_stripe.event("customer.subscription.created", paid["subscription"])


def _assert_nothing_changed(user):
    user.refresh_from_db()
    assert user.subscription_tier == "free"
    assert Event.objects.count() == 0
    assert WebhookEventTrigger.objects.count() == 0
    assert Notification.objects.filter(user=user).count() == 0


def test_unsigned_event_is_refused(api_client, user, paid_event):
    response = api_client.post(URL, data=json.dumps(paid_event), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"] == "Invalid request data"
    assert "Stripe-Signature" in response.json()["details"]
    _assert_nothing_changed(user)


def test_event_signed_with_another_secret_is_refused(api_client, user, paid_event):
    response = post_event(api_client, paid_event, secret="whsec_someone_else")

    assert response.status_code == 400
    _assert_nothing_changed(user)


def test_tampered_body_is_refused(api_client, user, paid_event):
    payload = json.dumps(paid_event)
    headers = signed_headers(payload)
    tampered = payload.replace('"status": "active"', '"status": "trialing"')
    assert tampered != payload

    response = api_client.post(URL, data=tampered, content_type="application/json", **headers)

    assert response.status_code == 400
    _assert_nothing_changed(user)


def test_stale_event_is_refused_as_a_replay(api_client, user, paid_event, settings):
    settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300

    response = post_event(api_client, paid_event, timestamp=int(time.time()) - 301)

    assert response.status_code == 400
    assert "timestamp" in response.json()["details"].lower()
    _assert_nothing_changed(user)


def test_signed_but_malformed_bodies_are_refused(api_client, user, fake_stripe):
    for payload in (
        "not json",
        "[]",
        json.dumps({"id": "evt_1", "type": "x"}),
        json.dumps({"id": 5, "type": "t", "livemode": False, "data": {"object": {"object": "x"}}}),
    ):
        response = api_client.post(URL, data=payload, content_type="application/json", **signed_headers(payload))
        assert response.status_code == 400, payload
    _assert_nothing_changed(user)


def test_without_a_configured_secret_nothing_verifies(api_client, user, paid_event, settings):
    settings.DJSTRIPE_WEBHOOK_SECRET = ""

    response = post_event(api_client, paid_event)

    assert response.status_code == 400
    _assert_nothing_changed(user)


def test_get_is_method_not_allowed(api_client):
    response = api_client.get(URL)

    assert response.status_code == 405
    assert response.json()["error"] == "Method not allowed"


def test_a_repeated_failure_event_notifies_once(auth_client, user, fake_stripe, paid_event):
    post_event(auth_client, paid_event)
    subscription = fake_stripe.objects[paid_event["data"]["object"]["id"]]
    failed = fake_stripe.invoice(subscription, paid=False, billing_reason="subscription_cycle")
    event = fake_stripe.event("invoice.payment_failed", failed)

    assert post_event(auth_client, event).json()["duplicate"] is False
    assert post_event(auth_client, event).json()["duplicate"] is True

    assert Notification.objects.get(user=user, kind="payment_failed").data["url"] == "/account/billing/"
    assert WebhookEventTrigger.objects.filter(event_id=event["id"]).count() == 2  # both deliveries recorded


def test_stripe_unreachable_while_syncing_is_a_503_and_the_event_is_not_kept(
    auth_client, user, fake_stripe, paid_event
):
    fake_stripe.down = True

    response = post_event(auth_client, paid_event)

    assert response.status_code == 503
    assert Event.objects.filter(id=paid_event["id"]).count() == 0  # Stripe's retry will process it
    user.refresh_from_db()
    assert user.subscription_tier == "free"

    fake_stripe.down = False
    assert post_event(auth_client, paid_event).status_code == 200
    user.refresh_from_db()
    assert user.subscription_tier == "pro"
