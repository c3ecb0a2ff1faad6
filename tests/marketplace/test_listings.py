"""Listing work for sale (validation names the field; only your own work) and browsing it."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from generation.models import Generation
from marketplace.models import Listing, ListingPack
from projects.models import Project
from tests.conftest import bearer_client
from tests.factories import UserFactory
from tests.marketplace.conftest import list_item
from tests.projects.test_exports import _generation

pytestmark = pytest.mark.django_db


def test_listing_a_generation(seller_client, seller, idea):
    data = list_item(
        seller_client,
        idea,
        kind="stem_pack",
        title="Lo-fi stems",
        price_cents=1250,
        currency="EUR",
        license="royalty_free_credit",
        tags=["Lofi", "chill", "lofi"],
        description="Four parts.",
    )

    assert data["price_cents"] == 1250 and type(data["price_cents"]) is int
    assert data["currency"] == "eur"
    assert data["kind"] == "stem_pack"
    assert data["tags"] == ["lofi", "chill"]
    assert data["license"] == "royalty_free_credit"
    assert data["license_terms"].startswith("Royalty-free with credit")
    assert data["seller"] == {"id": seller.pk, "username": seller.username}
    assert data["rating_average"] == 0.0 and data["rating_count"] == 0
    assert data["preview_url"] == f"/api/marketplace/{data['id']}/preview"
    listing = Listing.objects.get(pk=data["id"])
    assert list(listing.generations.all()) == [idea]
    assert listing.genre == idea.genre
    pack = ListingPack.objects.get(listing=listing)
    assert (pack.status, pack.owner_id) == ("pending", seller.pk)
    assert pack.audio_seconds > 0  # a stem pack renders audio: it counts against the seller's minutes


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"price_cents": 12.5}, "price_cents"),
        ({"price_cents": "12.50"}, "price_cents"),
        ({"price_cents": 12.0}, "price_cents"),
        ({"price_cents": -1}, "price_cents"),
        ({"price_cents": 30}, "price_cents"),
        ({"price_cents": None}, "price_cents"),
        ({"kind": "sample_pack"}, "kind"),
        ({"title": ""}, "title"),
        ({"currency": "btc"}, "currency"),
        ({"license": "whatever"}, "license"),
        ({"tags": ["x" * 33]}, "tags"),
        ({"generation_ids": []}, "generation_ids"),
        ({"generation_ids": ["abc"]}, "generation_ids"),
        ({"project_id": "x", "generation_ids": []}, "project_id"),
    ],
)
def test_validation_errors_name_the_field(seller_client, idea, fields, field):
    body = {"kind": "midi_pack", "title": "Pack", "price_cents": 0, "generation_ids": [idea.pk], **fields}
    if fields.get("price_cents", 0) is None:
        del body["price_cents"]

    response = seller_client.post("/api/marketplace", body, format="json")

    assert response.status_code == 400, response.content
    assert response.json()["error"] == "Invalid request data"
    assert list(response.json()["details"]) == [field]
    assert Listing.objects.count() == 0


def test_only_your_own_work_can_be_listed(seller_client, buyer):
    theirs = _generation(buyer)
    their_project = Project.objects.create(owner=buyer, name="theirs")

    by_generation = seller_client.post(
        "/api/marketplace",
        {"kind": "midi_pack", "title": "Stolen", "price_cents": 0, "generation_ids": [theirs.pk]},
        format="json",
    )
    by_project = seller_client.post(
        "/api/marketplace",
        {"kind": "template", "title": "Stolen", "price_cents": 0, "project_id": their_project.pk},
        format="json",
    )

    assert by_generation.status_code == 404
    assert by_project.status_code == 404
    assert Listing.objects.count() == 0 and ListingPack.objects.count() == 0


def test_unfinished_generations_and_empty_projects_are_refused(seller_client, seller, idea):
    Generation.objects.filter(pk=idea.pk).update(status="processing")
    empty = Project.objects.create(owner=seller, name="empty")

    unfinished = seller_client.post(
        "/api/marketplace",
        {"kind": "midi_pack", "title": "Pack", "price_cents": 0, "generation_ids": [idea.pk]},
        format="json",
    )
    no_music = seller_client.post(
        "/api/marketplace",
        {"kind": "template", "title": "Pack", "price_cents": 0, "project_id": empty.pk},
        format="json",
    )

    assert unfinished.status_code == 400 and list(unfinished.json()["details"]) == ["generation_ids"]
    assert no_music.status_code == 400 and list(no_music.json()["details"]) == ["project_id"]
    assert Listing.objects.count() == 0


def test_a_project_can_be_listed_as_a_template(seller_client, seller):
    project = Project.objects.create(owner=seller, name="Night Drive", genre="synthwave")
    _generation(seller, project)

    response = seller_client.post(
        "/api/marketplace",
        {"kind": "template", "title": "Night Drive template", "price": 499, "project_id": project.pk},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["data"]["price_cents"] == 499
    assert Listing.objects.get().project == project


def test_browse_search_filter_sort_and_paginate(seller_client, buyer_client, idea):
    cheap = list_item(seller_client, idea, title="Trap melodies vol 1", price_cents=500, tags=["trap"])
    dear = list_item(seller_client, idea, title="House chords", price_cents=2500, kind="template", tags=["house"])
    free = list_item(seller_client, idea, title="Free trap drums", price_cents=0, tags=["trap", "drums"])

    def ids(**params):
        response = buyer_client.get("/api/marketplace", params)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["data"]]

    assert ids() == [free["id"], dear["id"], cheap["id"]]
    assert ids(q="trap") == [free["id"], cheap["id"]]
    assert ids(tag="drums") == [free["id"]]
    assert ids(kind="template") == [dear["id"]]
    assert ids(free="true") == [free["id"]]
    assert ids(min_price=600) == [dear["id"]]
    assert ids(max_price=500, sort="price_desc") == [cheap["id"], free["id"]]
    assert ids(sort="price_asc") == [free["id"], cheap["id"], dear["id"]]
    page = buyer_client.get("/api/marketplace", {"per_page": 2, "page": 2}).json()
    assert [item["id"] for item in page["data"]] == [cheap["id"]]
    assert page["pagination"] == {"total": 3, "per_page": 2, "current_page": 2, "last_page": 2}
    for bad in ({"sort": "cheapest"}, {"kind": "x"}, {"min_price": "1.5"}):
        response = buyer_client.get("/api/marketplace", bad)
        assert response.status_code == 400
        assert list(response.json()["details"]) == list(bad)


def test_withdrawn_listings_are_hidden(seller_client, buyer_client, idea):
    data = list_item(seller_client, idea)
    Listing.objects.filter(pk=data["id"]).update(status="withdrawn")

    assert buyer_client.get("/api/marketplace").json()["data"] == []
    assert buyer_client.get(f"/api/marketplace/{data['id']}").status_code == 404
    assert buyer_client.post(f"/api/marketplace/{data['id']}/purchase").status_code == 404


def test_anonymous_callers_get_401(api_client):
    assert api_client.get("/api/marketplace").status_code == 401
    assert api_client.post("/api/marketplace", {}, format="json").status_code == 401


def test_everyone_browsing_hears_the_preview(seller_client, buyer_client, idea):
    listing = list_item(seller_client, idea)
    pending = buyer_client.get(f"/api/marketplace/{listing['id']}/preview")
    assert pending.status_code == 202  # the idea's preview is still being rendered

    idea.preview.save("p.mp3", ContentFile(b"ID3-preview"))
    ready = buyer_client.get(f"/api/marketplace/{listing['id']}/preview")

    assert ready.status_code == 200
    assert ready["Content-Type"] == "audio/mpeg"
    assert b"".join(ready.streaming_content) == b"ID3-preview"


def test_buyers_keep_withdrawn_listings_they_bought(seller_client, buyer_client, other_user, idea):
    listing = list_item(seller_client, idea)
    assert buyer_client.post(f"/api/marketplace/{listing['id']}/purchase").status_code == 201
    Listing.objects.filter(pk=listing["id"]).update(status="withdrawn")
    stranger = bearer_client(UserFactory())

    assert buyer_client.get(f"/api/marketplace/{listing['id']}").status_code == 200
    assert buyer_client.get(f"/api/marketplace/{listing['id']}/download").status_code == 202  # pack still building
    assert stranger.get(f"/api/marketplace/{listing['id']}").status_code == 404
    assert stranger.get(f"/api/marketplace/{listing['id']}/download").status_code == 404
