"""Around the tools, in Chromium: the error page leads back, the favicon loads, the badge hides at 0, a keyboard-only
generation lands focus on the result, and the pages fit a phone with 44 px targets."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_until
from tests.e2e.test_studio import _login, celery_worker  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_missing_page_leads_back_and_the_favicon_loads(live_server, page, user):
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    _login(page, live_server, user)
    assert page.locator("[data-unread-badge]").is_hidden()  # 0 unread: no red 0
    response = page.goto(live_server.url + "/no/such/page/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    page.get_by_role("link", name="Open the studio").click()
    page.wait_for_url(live_server.url + "/studio/")
    icon = page.request.get(live_server.url + "/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/svg+xml"
    assert [url for url in failed if not url.endswith("/no/such/page/")] == []


def test_keyboard_only_generation_moves_focus_to_the_result(live_server, page, user, celery_worker):  # noqa: F811
    _login(page, live_server, user)
    page.focus("#tool")
    for _ in range(30):  # Tab through the form to the Generate button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "generate":
            break
    assert page.evaluate("document.activeElement.id") == "generate"
    page.keyboard.press("Enter")
    wait_until(page, "document.activeElement.id === 'result-heading'", 30_000)
    assert page.inner_text("#result-summary").startswith("Melody: ")


# Controls smaller than 44 px either way; a checkbox counts by its label (the label is what a thumb taps).
SMALL_TARGETS = """Array.from(document.querySelectorAll(
    'header a, header button, main button, main a.button, main select, main input, main textarea, main summary'))
  .filter((el) => el.type !== 'hidden' && el.getClientRects().length)
  .map((el) => (el.type === 'checkbox' || el.type === 'radio') ? (el.closest('label') || el.labels[0] || el) : el)
  .filter((el) => { const r = el.getBoundingClientRect(); return r.width < 44 || r.height < 44; })
  .map((el) => (el.id || el.className || el.tagName) + ' ' + Math.round(el.getBoundingClientRect().width) + 'x'
       + Math.round(el.getBoundingClientRect().height))"""


def test_pages_fit_a_phone_with_44px_targets(live_server, browser, user):
    from generation.models import Generation
    from projects.models import Export, Project

    project = Project.objects.create(owner=user, name="Phone project", genre="lofi")
    # Its ideas and exports have download links: buttons a thumb can hit, not 19 px words.
    generation = Generation.objects.create(
        owner=user, tool="melody", parameters={}, seed=1, status="completed", project=project
    )
    Export.objects.create(owner=user, type="midi", project=project, generation=generation, status="completed")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        _login(page, live_server, user)
        # A long address must wrap, not widen the account page.
        user.email = "a.producer.with.a.rather.long.address@example-records.org"
        user.save(update_fields=["email"])
        paths = (
            "/studio/",
            "/projects/",
            f"/projects/{project.pk}/",
            "/projects/new/",
            "/vault/",
            "/pricing/",
            "/account/",
            "/account/notifications/",
            "/account/dashboard/",
        )
        for path in paths:
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
            # The links fit one row under the brand: the page starts near the top, not four rows down.
            assert page.locator("main").bounding_box()["y"] <= 160, path
            assert page.evaluate(SMALL_TARGETS) == [], path
        page.goto(live_server.url + f"/projects/{project.pk}/")
        for link in ("#ideas-heading + ul a", "#export-heading ~ ul.plain-list a"):
            assert page.locator(link).first.bounding_box()["height"] >= 44, link
    finally:
        context.close()


def test_the_nav_fits_one_row_at_desktop_width(live_server, browser, user):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        _login(page, live_server, user)
        tops = page.evaluate(
            "Array.from(document.querySelectorAll('.brand, .nav-links > li')).map(e => e.getBoundingClientRect().top)"
        )
        assert max(tops) - min(tops) < 12, tops  # brand and every link on one line
    finally:
        context.close()


def test_the_api_docs_load_every_asset_from_our_origin(live_server, page):
    offsite: list[str] = []
    page.on(
        "request",
        lambda request: (
            offsite.append(request.url)
            if request.url.startswith("http") and not request.url.startswith(live_server.url)
            else None
        ),
    )
    page.goto(live_server.url + "/api/redoc/")
    wait_until(page, "!!document.querySelector('.api-content h1')", 60_000)
    page.get_by_text("API docs by Redocly").wait_for()  # the sidebar credit drew (its logo is what went off-site)
    page.goto(live_server.url + "/api/docs/")
    wait_until(page, "!!document.querySelector('.opblock')", 60_000)
    assert offsite == []
