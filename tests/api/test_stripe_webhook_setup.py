"""``POST /api/subscription/webhook`` on a server with a signing secret but no Stripe keys: a 503, never a 500."""

from __future__ import annotations

import time

import pytest
from djstripe.models import Event

from tests.fake_stripe import WEBHOOK_SECRET, post_event

pytestmark = pytest.mark.django_db

EVENT = {
    "id": "evt_specaudit0001",
    "object": "event",
    "type": "customer.updated",
    "api_version": "2024-06-20",
    "created": int(time.time()),
    "livemode": False,
    "pending_webhooks": 1,
    "request": {"id": None, "idempotency_key": None},
    "data": {"object": {"id": "cus_specaudit0001", "object": "customer"}},
}


@pytest.fixture
def secret_without_keys(settings):
    settings.DJSTRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = ""


def test_a_verified_event_without_stripe_keys_is_a_503_and_stores_nothing(api_client, secret_without_keys):
    response = post_event(api_client, EVENT)

    assert response.status_code == 503
    assert response.json() == {
        "error": "Service temporarily unavailable",
        "details": "Billing is not configured on this server: no Stripe keys are set; the event will be retried.",
    }
    assert not Event.objects.exists()


def test_a_replayed_event_is_still_refused_first(api_client, secret_without_keys):
    response = post_event(api_client, EVENT, timestamp=int(time.time()) - 3600)

    assert response.status_code == 400
    assert "Timestamp outside the tolerance zone" in response.json()["details"]
