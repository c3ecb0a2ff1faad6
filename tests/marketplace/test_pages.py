"""Marketplace pages: browse with filters, sell through the form, buy a free item and review it.

A listing's buy and review forms post to their own URLs and are redirected (POST-redirect-GET); CSRF applies.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from marketplace.models import Listing, Purchase, Review
from tests.marketplace.conftest import list_item

pytestmark = pytest.mark.django_db


def test_sell_through_the_form(client, seller, idea):
    client.force_login(seller)
    assert idea.public_id in client.get("/marketplace/new/").content.decode()

    response = client.post(
        "/marketplace/new/",
        {
            "kind": "midi_pack",
            "title": "Form pack",
            "price_cents": "1250",
            "currency": "usd",
            "license": "royalty_free",
            "tags": "Trap, dark",
            "generations": [str(idea.pk)],
        },
    )

    listing = Listing.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/marketplace/{listing.pk}/"
    assert (listing.title, listing.price_cents, listing.tags) == ("Form pack", 1250, ["trap", "dark"])
    assert "12.50 USD" in client.get(response["Location"]).content.decode()


def test_the_form_refuses_prices_under_stripes_minimum(client, seller, idea):
    client.force_login(seller)

    response = client.post(
        "/marketplace/new/",
        {
            "kind": "midi_pack",
            "title": "Pack",
            "price_cents": "10",
            "currency": "usd",
            "license": "personal",
            "generations": [str(idea.pk)],
        },
    )

    assert response.status_code == 200
    assert "0 (free) or at least 50 cents." in response.content.decode()
    assert Listing.objects.count() == 0


def test_browse_buy_free_and_review_on_the_pages(client, seller_client, buyer, idea):
    listing = list_item(seller_client, idea, title="Free page pack", tags=["chill"])
    client.force_login(buyer)

    browse = client.get("/marketplace/", {"q": "page", "free": "true"}).content.decode()
    assert "Free page pack" in browse
    assert "Free page pack" not in client.get("/marketplace/", {"q": "nothing-like-it"}).content.decode()

    page = f"/marketplace/{listing['id']}/"
    detail = client.get(page).content.decode()
    assert 'data-testid="buy"' in detail and "Get it free" in detail
    assert f'action="{page}buy/"' in detail
    bought = client.post(f"{page}buy/")
    assert (bought.status_code, bought["Location"]) == (302, page)
    assert Purchase.objects.get().status == "completed"
    after = client.get(page).content.decode()
    assert 'data-testid="download"' in after and 'data-testid="review-form"' in after
    assert f'action="{page}review/"' in after

    reviewed = client.post(f"{page}review/", {"rating": "4", "text": "Nice"})
    assert (reviewed.status_code, reviewed["Location"]) == (302, page)
    assert Review.objects.get().rating == 4
    assert "Rated 4.00 / 5 by 1 buyer" in client.get(f"/marketplace/{listing['id']}/").content.decode()


def test_the_seller_sees_no_buy_button(client, seller, seller_client, idea):
    listing = list_item(seller_client, idea)
    client.force_login(seller)

    page = client.get(f"/marketplace/{listing['id']}/").content.decode()

    assert 'data-testid="buy"' not in page
    assert 'data-testid="download"' in page


def test_an_invalid_review_shows_the_page_with_its_errors_and_stores_nothing(client, seller_client, buyer, idea):
    listing = list_item(seller_client, idea)
    client.force_login(buyer)
    page = f"/marketplace/{listing['id']}/"
    client.post(f"{page}buy/")

    response = client.post(f"{page}review/", {"rating": "9", "text": "Too good"})

    assert response.status_code == 200
    assert "Select a valid choice. 9 is not one of the available choices." in response.content.decode()
    assert 'data-testid="review-form"' in response.content.decode()
    assert Review.objects.count() == 0


def test_a_review_before_buying_is_refused_with_a_message(client, seller_client, buyer, idea):
    listing = list_item(seller_client, idea)
    client.force_login(buyer)
    page = f"/marketplace/{listing['id']}/"

    response = client.post(f"{page}review/", {"rating": "4", "text": "Never had it"}, follow=True)

    assert response.redirect_chain == [(page, 302)]
    assert 'class="message error"' in response.content.decode()
    assert Review.objects.count() == 0


def test_each_action_has_its_own_url_and_method(client, seller_client, buyer, idea):
    listing = list_item(seller_client, idea)
    client.force_login(buyer)
    page = f"/marketplace/{listing['id']}/"

    assert client.post(page, {"action": "buy"}).status_code == 405
    assert client.get(f"{page}buy/").status_code == 405
    assert client.get(f"{page}review/").status_code == 405
    assert Purchase.objects.count() == 0


def test_buying_needs_the_csrf_token(seller_client, buyer, idea):
    listing = list_item(seller_client, idea)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(buyer)
    page = f"/marketplace/{listing['id']}/"

    assert browser.post(f"{page}buy/").status_code == 403
    assert Purchase.objects.count() == 0

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get(page).content.decode()).group(1)
    assert browser.post(f"{page}buy/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert Purchase.objects.get().status == "completed"
