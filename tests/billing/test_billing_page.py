"""The billing page: plan, renewal date, invoices, checkout and cancel through the page's forms."""

from __future__ import annotations

import pytest

from tests.billing.test_subscription_flow import _subscribe

pytestmark = pytest.mark.django_db


def test_page_shows_the_plan_renewal_and_invoices_and_cancels(auth_client, client, user, fake_stripe):
    paid = _subscribe(auth_client, fake_stripe)
    client.force_login(user)

    page = client.get("/account/billing/").content.decode()

    assert 'data-testid="plan-label">Pro<' in page
    assert "Renews on" in page
    assert "12.00 USD" in page
    assert paid["invoice"]["number"] in page

    response = client.post("/account/billing/", {"action": "cancel"})
    assert response.status_code == 302
    assert fake_stripe.objects[paid["subscription"]["id"]]["cancel_at_period_end"] is True
    assert "Ends on" in client.get("/account/billing/").content.decode()


def test_page_checkout_redirects_to_stripe_and_allows_that_form_action(client, user, fake_stripe):
    client.force_login(user)

    page = client.get("/account/billing/")
    response = client.post("/account/billing/", {"action": "checkout", "plan": "producer_plus", "interval": "monthly"})

    assert "https://checkout.stripe.com" in page["Content-Security-Policy"]
    assert response.status_code == 302
    [created] = fake_stripe.calls_to("POST", "checkout/sessions")
    session_id = next(key for key in fake_stripe.objects if key.startswith("cs_test"))
    assert response["Location"] == f"https://checkout.stripe.com/c/pay/{session_id}"
    assert created["line_items"] == [{"price": "price_pp_monthly", "quantity": "1"}]


def test_page_needs_login(client):
    response = client.get("/account/billing/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
