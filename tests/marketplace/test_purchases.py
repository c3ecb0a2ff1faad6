"""Buying: free at once, paid through Checkout with fulfilment on the signed webhook; the rules; downloads; money."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from accounts.models import Notification
from coprod.jobs.services import job_run
from marketplace.jobs import LISTING_PACK_JOBS
from marketplace.models import Listing, ListingPack, Payout, Purchase
from tests.fake_stripe import post_event
from tests.marketplace.conftest import list_item

pytestmark = pytest.mark.django_db


def _build_pack(listing_id):
    pack = ListingPack.objects.get(listing_id=listing_id)
    job_run(LISTING_PACK_JOBS, pack.pk)
    pack.refresh_from_db()
    assert pack.status == "completed", pack.error_message
    return pack


def _download(client, listing_id):
    response = client.get(f"/api/marketplace/{listing_id}/download")
    return response, (b"".join(response.streaming_content) if response.status_code == 200 else b"")


def test_a_free_item_is_bought_at_once_and_downloaded(seller_client, buyer_client, seller, buyer, idea):
    listing = list_item(seller_client, idea, title="Free trap pack")

    response = buyer_client.post(f"/api/marketplace/{listing['id']}/purchase")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["data"]["status"] == "completed"
    assert body["data"]["price_cents"] == 0
    assert body["download_url"] == f"/api/marketplace/{listing['id']}/download"
    assert Listing.objects.get(pk=listing["id"]).sales_count == 1
    assert Notification.objects.get(user=buyer, kind="marketplace_purchased").data["listing_id"] == listing["id"]
    assert Notification.objects.get(user=seller, kind="marketplace_sold").body == f"{buyer.username} got it for free."
    # Each notification links to where its result is: the buyer's library, the seller's sales.
    assert Notification.objects.get(user=buyer, kind="marketplace_purchased").data["url"] == "/marketplace/library/"
    assert Notification.objects.get(user=seller, kind="marketplace_sold").data["url"] == "/marketplace/sales/"

    pending, _ = _download(buyer_client, listing["id"])
    assert pending.status_code == 202  # the pack is still being built
    _build_pack(listing["id"])
    download, data = _download(buyer_client, listing["id"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    folder = f"{idea.public_id}-surprise-me"
    assert {"LICENSE.txt", f"{folder}/full.mid", f"{folder}/parts/melody.mid", f"{folder}/parts/drums.mid"} <= names
    assert b"Royalty-free" in zipfile.ZipFile(io.BytesIO(data)).read("LICENSE.txt")
    library = buyer_client.get("/api/marketplace/library").json()["data"]
    assert [item["listing_id"] for item in library] == [listing["id"]]


def test_no_double_purchase_and_no_buying_your_own(seller_client, buyer_client, seller, idea):
    listing = list_item(seller_client, idea)
    assert buyer_client.post(f"/api/marketplace/{listing['id']}/purchase").status_code == 201

    again = buyer_client.post(f"/api/marketplace/{listing['id']}/purchase")
    own = seller_client.post(f"/api/marketplace/{listing['id']}/purchase")

    assert again.status_code == 409
    assert own.status_code == 403
    assert own.json() == {"error": "Access denied", "reason": "You cannot buy your own listing"}
    assert Purchase.objects.count() == 1
    assert Listing.objects.get(pk=listing["id"]).sales_count == 1


def test_downloads_only_for_buyers_and_the_seller(seller_client, buyer_client, other_client, seller, idea):
    listing = list_item(seller_client, idea)
    _build_pack(listing["id"])

    refused, _ = _download(buyer_client, listing["id"])
    assert refused.status_code == 403
    assert refused.json() == {"error": "Access denied", "reason": "Buy this item to download it"}
    seller_download, _ = _download(seller_client, listing["id"])
    assert seller_download.status_code == 200
    assert buyer_client.get(f"/api/marketplace/{listing['id']}").json()["data"]["download_url"] is None


def test_a_free_seller_cannot_take_stems_of_their_own_stem_pack(seller_client, idea):
    listing = list_item(seller_client, idea, kind="stem_pack")

    response = seller_client.get(f"/api/marketplace/{listing['id']}/download")

    assert response.status_code == 403
    assert response.json() == {"error": "Access denied", "reason": "Subscription upgrade required"}


def test_a_paid_item_without_stripe_keys_is_a_503_and_nothing_is_bought(seller_client, buyer_client, idea, settings):
    settings.STRIPE_SECRET_KEY = ""
    listing = list_item(seller_client, idea, price_cents=999)

    response = buyer_client.post(f"/api/marketplace/{listing['id']}/purchase")

    assert response.status_code == 503
    assert "billing is not configured" in response.json()["details"]
    assert Purchase.objects.count() == 0


def test_a_paid_item_goes_through_checkout_and_the_signed_webhook(
    seller_client, buyer_client, seller, buyer, idea, fake_stripe
):
    listing = list_item(seller_client, idea, price_cents=999, currency="gbp")

    started = buyer_client.post(f"/api/marketplace/{listing['id']}/purchase")

    assert started.status_code == 200, started.content
    body = started.json()
    assert body["data"]["status"] == "pending"
    assert body["checkout_url"] == f"https://checkout.stripe.com/c/pay/{body['session_id']}"
    [created] = fake_stripe.calls_to("POST", "checkout/sessions")
    assert created["mode"] == "payment"
    assert created["line_items"] == [
        {
            "price_data": {"currency": "gbp", "unit_amount": "999", "product_data": {"name": "Night drive MIDI"}},
            "quantity": "1",
        }
    ]
    purchase = Purchase.objects.get()
    assert created["metadata"] == {
        "kind": "marketplace_purchase",
        "purchase_id": str(purchase.pk),
        "listing_id": str(listing["id"]),
    }
    denied, _ = _download(buyer_client, listing["id"])
    assert denied.status_code == 403  # not paid yet

    session = fake_stripe.pay_payment_session(body["session_id"])
    event = fake_stripe.event("checkout.session.completed", session)
    assert post_event(buyer_client, event).status_code == 200
    assert post_event(buyer_client, event).json()["duplicate"] is True

    purchase.refresh_from_db()
    assert (purchase.status, purchase.price_cents, purchase.currency) == ("completed", 999, "gbp")
    assert (purchase.fee_cents, purchase.seller_earnings_cents) == (199, 800)  # 20 % fee, rounded down
    assert Listing.objects.get(pk=listing["id"]).sales_count == 1
    assert Notification.objects.filter(user=buyer, kind="marketplace_purchased").count() == 1
    sold = Notification.objects.get(user=seller, kind="marketplace_sold")
    assert sold.body == f"{buyer.username} paid 9.99 GBP; 8.00 GBP is owed to you."
    assert buyer_client.post(f"/api/marketplace/{listing['id']}/purchase").status_code == 409


def test_a_session_paid_for_the_wrong_amount_fulfils_nothing(seller_client, buyer_client, idea, fake_stripe):
    listing = list_item(seller_client, idea, price_cents=999)
    body = buyer_client.post(f"/api/marketplace/{listing['id']}/purchase").json()
    session = fake_stripe.pay_payment_session(body["session_id"])
    session["amount_total"] = 1

    assert post_event(buyer_client, fake_stripe.event("checkout.session.completed", session)).status_code == 200

    assert Purchase.objects.get().status == "pending"
    assert Listing.objects.get(pk=listing["id"]).sales_count == 0


def test_an_unpaid_completed_session_fulfils_nothing(seller_client, buyer_client, idea, fake_stripe):
    listing = list_item(seller_client, idea, price_cents=999)
    body = buyer_client.post(f"/api/marketplace/{listing['id']}/purchase").json()
    session = fake_stripe.objects[body["session_id"]]
    session.update(status="complete", payment_status="unpaid")

    post_event(buyer_client, fake_stripe.event("checkout.session.completed", session))

    assert Purchase.objects.get().status == "pending"


def test_sales_and_payouts_owed_in_integer_cents(seller_client, seller, buyer_client, other_user, idea, fake_stripe):
    listing = list_item(seller_client, idea, price_cents=999)
    body = buyer_client.post(f"/api/marketplace/{listing['id']}/purchase").json()
    post_event(
        buyer_client,
        fake_stripe.event("checkout.session.completed", fake_stripe.pay_payment_session(body["session_id"])),
    )
    Payout.objects.create(seller=seller, amount_cents=300, currency="usd")

    response = seller_client.get("/api/marketplace/sales")

    data = response.json()["data"]
    assert data["totals"] == [
        {"currency": "usd", "gross": 999, "fees": 199, "earned": 800, "paid_out": 300, "owed": 500}
    ]
    assert [sale["seller_earnings_cents"] for sale in data["sales"]] == [800]
    raw = json.loads(response.content)
    assert all(type(v) is int for v in raw["data"]["totals"][0].values() if v != "usd")


def test_seller_and_library_pages(client, seller, buyer, seller_client, buyer_client, idea):
    listing = list_item(seller_client, idea, title="Page pack")
    buyer_client.post(f"/api/marketplace/{listing['id']}/purchase")

    client.force_login(seller)
    sales = client.get("/marketplace/sales/").content.decode()
    assert "Page pack" in sales and buyer.username in sales
    client.force_login(buyer)
    library = client.get("/marketplace/library/").content.decode()
    assert "Page pack" in library and f"/api/marketplace/{listing['id']}/download" in library


def test_a_stem_pack_renders_each_part_and_the_mix(seller_client, seller, buyer_client, idea):
    listing = list_item(seller_client, idea, kind="stem_pack")
    buyer_client.post(f"/api/marketplace/{listing['id']}/purchase")

    _build_pack(listing["id"])
    download, data = _download(buyer_client, listing["id"])

    assert download.status_code == 200  # a free buyer downloads what they got: the plan gates exports, not purchases
    archive = zipfile.ZipFile(io.BytesIO(data))
    folder = f"{idea.public_id}-surprise-me"
    assert sorted(n for n in archive.namelist() if n.startswith(folder)) == [
        f"{folder}/full.mid",
        f"{folder}/mix.wav",
        f"{folder}/stems/bass.wav",
        f"{folder}/stems/chords.wav",
        f"{folder}/stems/drums.wav",
        f"{folder}/stems/melody.wav",
    ]
    assert archive.read(f"{folder}/stems/drums.wav")[:4] == b"RIFF"
