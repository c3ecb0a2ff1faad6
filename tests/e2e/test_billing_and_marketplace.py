"""In the browser: upgrade on the billing page through (faked) Stripe Checkout and signed webhooks,
cancel; then get a free marketplace item, download its pack and review it."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.test import Client

from marketplace.models import Review
from tests.e2e.conftest import wait_until
from tests.e2e.test_studio import _login
from tests.factories import UserFactory
from tests.fake_stripe import fake_stripe, post_event  # noqa: F401 - fixture
from tests.projects.test_exports import _generation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker(transactional_db):
    import marketplace.tasks  # noqa: F401 - registers the pack task with the app
    from tests.generation.conftest import celery_worker as worker_fixture

    yield from worker_fixture.__wrapped__(transactional_db)


def test_upgrade_on_the_billing_page_then_cancel(live_server, page, user, fake_stripe):  # noqa: F811
    checkout_pages = []
    page.route(
        re.compile(r"https://checkout\.stripe\.com/.*"),
        lambda route: (
            checkout_pages.append(route.request.url),
            route.fulfill(status=200, content_type="text/html", body="<h1>Stripe Checkout</h1>"),
        ),
    )
    _login(page, live_server, user)
    page.goto(live_server.url + "/account/billing/")
    assert page.get_by_test_id("plan-label").inner_text() == "Free"

    page.get_by_role("button", name="Pro monthly").click()
    page.wait_for_url(re.compile(r"https://checkout\.stripe\.com/c/pay/cs_test_"))
    session_id = checkout_pages[0].rsplit("/", 1)[1]

    paid = fake_stripe.pay_subscription_session(session_id)
    stripe_side = Client()
    for event_type, obj in (
        ("checkout.session.completed", paid["session"]),
        ("customer.subscription.created", paid["subscription"]),
        ("invoice.paid", paid["invoice"]),
    ):
        assert post_event(stripe_side, fake_stripe.event(event_type, obj)).status_code == 200

    page.goto(live_server.url + "/account/billing/?checkout=success")
    assert page.get_by_test_id("plan-label").inner_text() == "Pro"
    assert "Renews on" in page.get_by_test_id("renewal").inner_text()
    assert "12.00 USD" in page.get_by_test_id("invoices").inner_text()

    page.get_by_test_id("cancel-subscription").click()
    page.wait_for_load_state()
    assert "Ends on" in page.get_by_test_id("renewal").inner_text()
    assert fake_stripe.objects[paid["subscription"]["id"]]["cancel_at_period_end"] is True


def test_get_a_free_item_download_it_and_review_it(live_server, page, user, celery_worker, tmp_path):
    seller = UserFactory()
    idea = _generation(seller)
    seller_page = Client()
    seller_page.force_login(seller)
    seller_page.post(
        "/marketplace/new/",
        {
            "kind": "midi_pack",
            "title": "Free night pack",
            "price_cents": "0",
            "currency": "usd",
            "license": "royalty_free",
            "generations": [str(idea.pk)],
        },
    )

    _login(page, live_server, user)
    page.goto(live_server.url + "/marketplace/")
    page.fill("input[name=q]", "night")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Free night pack").click()
    assert page.get_by_test_id("price").inner_text() == "Free"

    page.get_by_test_id("buy").click()
    page.wait_for_load_state()
    wait_until(page, "document.querySelector('[data-testid=download]') !== null")
    with page.expect_download(timeout=30_000) as download_info:
        page.get_by_test_id("download").click()
    path = tmp_path / "pack.zip"
    download_info.value.save_as(path)
    names = zipfile.ZipFile(io.BytesIO(path.read_bytes())).namelist()
    assert "LICENSE.txt" in names and f"{idea.public_id}-surprise-me/full.mid" in names

    page.select_option("select[name=rating]", "5")
    page.fill("textarea[name=text]", "Exactly what I needed")
    page.get_by_role("button", name="Post review").click()
    page.wait_for_load_state()
    assert "Rated 5.00 / 5 by 1 buyer" in page.get_by_test_id("listing").inner_text()
    assert Review.objects.get().text == "Exactly what I needed"
