"""Without Stripe keys: checkout is a clear 503, the rest of the product (and of billing) works."""

from __future__ import annotations

import pytest

from accounts.billing.money import money_format

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_stripe(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.DJSTRIPE_WEBHOOK_SECRET = ""


def test_checkout_without_keys_is_a_503_saying_billing_is_not_configured(auth_client):
    response = auth_client.post("/api/subscription/checkout", {"plan": "pro", "interval": "monthly"}, format="json")

    assert response.status_code == 503
    assert response.json() == {
        "error": "Service temporarily unavailable",
        "details": "Billing is not configured on this server: no Stripe keys are set.",
    }


def test_checkout_validates_before_anything_else(auth_client):
    response = auth_client.post("/api/subscription/checkout", {"plan": "gold", "interval": "weekly"}, format="json")

    assert response.status_code == 400
    assert set(response.json()["details"]) == {"plan", "interval"}


def test_subscription_and_billing_page_work_without_keys(auth_client, client, user):
    data = auth_client.get("/api/subscription").json()["data"]
    assert data["plan"] == "free"
    assert data["status"] == "none"
    assert data["billing_configured"] is False
    assert data["invoices"] == []

    client.force_login(user)
    page = client.get("/account/billing/")
    assert page.status_code == 200
    assert b"Billing is not configured on this server" in page.content


def test_anonymous_callers_get_401(api_client):
    assert api_client.get("/api/subscription").status_code == 401
    assert api_client.post("/api/subscription/checkout", {"plan": "pro"}, format="json").status_code == 401
    assert api_client.post("/api/subscription/cancel").status_code == 401


def test_checkout_with_keys_but_no_price_for_the_plan_is_a_503(auth_client, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_" + "x" * 24
    settings.STRIPE_PRICES = {("pro", "monthly"): "price_1"}

    response = auth_client.post("/api/subscription/checkout", {"plan": "pro", "interval": "yearly"}, format="json")

    assert response.status_code == 503
    assert response.json()["details"] == "Billing is not configured for pro yearly: no Stripe price is set."


def test_money_is_formatted_from_integer_cents():
    assert money_format(1250, "usd") == "12.50 USD"
    assert money_format(5, "eur") == "0.05 EUR"
    assert money_format(0, "usd") == "Free"
    assert money_format(500, "jpy") == "500 JPY"
