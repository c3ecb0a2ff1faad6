"""The billing page: plan, renewal date, invoices, checkout and cancel through the page's forms.

Each form posts to its own URL (checkout, cancel) and is redirected (POST-redirect-GET); CSRF applies.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

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

    assert 'action="/account/billing/cancel/"' in page
    response = client.post("/account/billing/cancel/")
    assert (response.status_code, response["Location"]) == (302, "/account/billing/")
    assert fake_stripe.objects[paid["subscription"]["id"]]["cancel_at_period_end"] is True
    assert "Ends on" in client.get("/account/billing/").content.decode()


def test_page_checkout_redirects_to_stripe_and_allows_that_form_action(client, user, fake_stripe):
    client.force_login(user)

    page = client.get("/account/billing/")
    response = client.post("/account/billing/checkout/", {"plan": "producer_plus", "interval": "monthly"})

    assert 'action="/account/billing/checkout/"' in page.content.decode()
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


def test_checkout_of_an_unknown_plan_goes_back_to_the_page_and_calls_nothing(client, user, fake_stripe):
    client.force_login(user)

    response = client.post("/account/billing/checkout/", {"plan": "platinum", "interval": "monthly"}, follow=True)

    assert response.redirect_chain == [("/account/billing/", 302)]
    assert "Choose a plan and an interval." in response.content.decode()
    assert fake_stripe.calls_to("POST", "checkout/sessions") == []


def test_cancel_without_a_subscription_says_why_on_the_page(client, user, fake_stripe):
    client.force_login(user)

    response = client.post("/account/billing/cancel/", follow=True)

    assert response.redirect_chain == [("/account/billing/", 302)]
    assert '<p class="message error">You have no active subscription to cancel.</p>' in response.content.decode()
    assert fake_stripe.calls == []


def test_each_action_has_its_own_url_and_method(client, user):
    client.force_login(user)

    assert client.post("/account/billing/", {"action": "cancel"}).status_code == 405
    assert client.get("/account/billing/cancel/").status_code == 405
    assert client.get("/account/billing/checkout/").status_code == 405


def test_the_forms_need_the_csrf_token(auth_client, user, fake_stripe):
    paid = _subscribe(auth_client, fake_stripe)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)

    assert browser.post("/account/billing/cancel/").status_code == 403
    assert fake_stripe.objects[paid["subscription"]["id"]].get("cancel_at_period_end") is not True

    page = browser.get("/account/billing/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert browser.post("/account/billing/cancel/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert fake_stripe.objects[paid["subscription"]["id"]]["cancel_at_period_end"] is True
