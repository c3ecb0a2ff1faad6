"""Marketplace pages: browse with filters, sell through the form, buy a free item and review it."""

from __future__ import annotations

import pytest

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

    detail = client.get(f"/marketplace/{listing['id']}/").content.decode()
    assert 'data-testid="buy"' in detail and "Get it free" in detail
    assert client.post(f"/marketplace/{listing['id']}/", {"action": "buy"}).status_code == 302
    assert Purchase.objects.get().status == "completed"
    after = client.get(f"/marketplace/{listing['id']}/").content.decode()
    assert 'data-testid="download"' in after and 'data-testid="review-form"' in after

    client.post(f"/marketplace/{listing['id']}/", {"action": "review", "rating": "4", "text": "Nice"})
    assert Review.objects.get().rating == 4
    assert "Rated 4.00 / 5 by 1 buyer" in client.get(f"/marketplace/{listing['id']}/").content.decode()


def test_the_seller_sees_no_buy_button(client, seller, seller_client, idea):
    listing = list_item(seller_client, idea)
    client.force_login(seller)

    page = client.get(f"/marketplace/{listing['id']}/").content.decode()

    assert 'data-testid="buy"' not in page
    assert 'data-testid="download"' in page
