"""Reviews: buyers only, one each, rating 1-5 with text; the listing keeps its average and count."""

from __future__ import annotations

import pytest

from accounts.models import Notification
from marketplace.models import Listing, Review
from tests.conftest import bearer_client
from tests.factories import UserFactory
from tests.marketplace.conftest import list_item

pytestmark = pytest.mark.django_db


def _buy(client, listing_id):
    assert client.post(f"/api/marketplace/{listing_id}/purchase").status_code == 201


def test_buyers_review_once_and_the_average_follows(seller_client, seller, buyer_client, idea):
    listing = list_item(seller_client, idea)
    second = bearer_client(UserFactory())
    _buy(buyer_client, listing["id"])
    _buy(second, listing["id"])

    first = buyer_client.post(f"/api/marketplace/{listing['id']}/review", {"rating": 5, "text": "Great"}, format="json")
    other = second.post(f"/api/marketplace/{listing['id']}/review", {"rating": 4, "text": "Good"}, format="json")
    again = buyer_client.post(
        f"/api/marketplace/{listing['id']}/review", {"rating": 1, "text": "Changed my mind"}, format="json"
    )

    assert first.status_code == 201
    assert first.json()["listing"] == {"id": listing["id"], "rating_average": 5.0, "rating_count": 1}
    assert other.json()["listing"] == {"id": listing["id"], "rating_average": 4.5, "rating_count": 2}
    assert again.status_code == 409
    stored = Listing.objects.get(pk=listing["id"])
    assert (str(stored.rating_average), stored.rating_count) == ("4.50", 2)
    assert Notification.objects.filter(user=seller, kind="marketplace_review").count() == 2


def test_average_rounds_to_two_places(seller_client, idea):
    listing = list_item(seller_client, idea)
    for rating in (5, 4, 4):
        client = bearer_client(UserFactory())
        _buy(client, listing["id"])
        client.post(f"/api/marketplace/{listing['id']}/review", {"rating": rating, "text": "ok"}, format="json")

    assert str(Listing.objects.get(pk=listing["id"]).rating_average) == "4.33"


def test_non_buyers_and_the_seller_cannot_review(seller_client, buyer_client, idea):
    listing = list_item(seller_client, idea)

    stranger = buyer_client.post(f"/api/marketplace/{listing['id']}/review", {"rating": 5, "text": "x"}, format="json")
    own = seller_client.post(f"/api/marketplace/{listing['id']}/review", {"rating": 5, "text": "x"}, format="json")

    assert stranger.status_code == 403
    assert stranger.json() == {"error": "Access denied", "reason": "Only buyers of this item can review it"}
    assert own.status_code == 403
    assert Review.objects.count() == 0
    assert Listing.objects.get(pk=listing["id"]).rating_count == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rating": 6, "text": "x"}, "rating"),
        ({"rating": 0, "text": "x"}, "rating"),
        ({"rating": 4.5, "text": "x"}, "rating"),
        ({"rating": "5", "text": "x"}, "rating"),
        ({"rating": True, "text": "x"}, "rating"),
        ({"rating": 5, "text": ""}, "text"),
        ({"rating": 5}, "text"),
    ],
)
def test_bad_reviews_name_the_field(seller_client, buyer_client, idea, body, field):
    listing = list_item(seller_client, idea)
    _buy(buyer_client, listing["id"])

    response = buyer_client.post(f"/api/marketplace/{listing['id']}/review", body, format="json")

    assert response.status_code == 400
    assert list(response.json()["details"]) == [field]
    assert Review.objects.count() == 0
