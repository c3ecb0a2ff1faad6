"""A producer saves ideas from the studio, merges two in the vault and plays the result; the dashboard shows DNA."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import wait_until
from tests.e2e.test_studio import _login, celery_worker  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _generate_and_save(page, tool, genre):
    page.select_option("#tool", tool)
    if genre:
        page.select_option("#param-genre", genre)
    page.get_by_role("button", name="Generate").click()
    wait_until(page, "document.getElementById('progress').getAttribute('aria-valuenow') === '100'", timeout=30_000)
    page.click("#save-idea")
    wait_until(page, "document.getElementById('save-status').textContent.includes('Saved')")


def test_save_merge_play_and_see_the_dna(live_server, page, user, celery_worker):  # noqa: F811
    _login(page, live_server, user)
    page.goto(live_server.url + "/studio/")
    _generate_and_save(page, "melody", "trap")
    _generate_and_save(page, "drums", "house")

    page.goto(live_server.url + "/vault/")
    assert page.locator("article.idea").count() == 2
    for box in page.locator(".merge-pick").all():
        box.check()
    page.click("#merge")
    wait_until(page, "document.getElementById('merge-status').textContent.startsWith('Merged')")
    page.wait_for_load_state()
    wait_until(page, "document.querySelectorAll('article.idea').length === 3", timeout=10_000)
    merged = page.locator("article.idea").first
    assert "Merged idea" in merged.inner_text()
    # A merged idea gets its own rendered preview from a worker; until it is there the card
    # plays the notes in the browser.
    if merged.locator("button.play").count():
        merged.locator("button.play").click()
        wait_until(page, "document.querySelector('article.idea button.play').textContent.includes('Stop')")
    for _ in range(60):
        if page.locator("article.idea").first.locator("audio").count():
            break
        page.wait_for_timeout(500)
        page.reload()
    preview = page.locator("article.idea").first.locator("audio").get_attribute("src")
    assert re.fullmatch(r"/api/vault/\d+/preview", preview)
    audio = page.request.get(live_server.url + preview)
    assert audio.status == 200 and audio.headers["content-type"] == "audio/mpeg"
    assert audio.body()[:3] == b"ID3" or audio.body()[:2] == b"\xff\xfb"

    page.goto(live_server.url + "/account/dashboard/")
    dna = page.get_by_test_id("dna").inner_text()
    assert "trap" in dna and "house" in dna
    assert re.match(r"^\d+(\.\d)?$", page.get_by_test_id("creativity-score").inner_text())
