"""A producer joins the open challenge, picks a generation, sees the checklist pass live, submits and plays the entry."""

from __future__ import annotations

import pytest

from challenges.models import Submission
from tests.challenges.conftest import make_challenge, make_generation
from tests.e2e.conftest import wait_until
from tests.e2e.test_studio import _login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_join_check_submit_and_play(live_server, page, user):
    challenge = make_challenge("open", title="808 Night Shift")
    slow = make_generation(user, bpm=100)
    good = make_generation(user)
    _login(page, live_server, user)
    page.goto(live_server.url + "/challenges/")
    page.get_by_role("link", name="808 Night Shift").click()
    page.click("#join")
    wait_until(page, "document.querySelector('[data-testid=joined]') !== null")

    page.select_option("#generation_id", str(slow.pk))
    wait_until(page, "document.getElementById('entry-status').textContent.startsWith('6 of 7')")
    bpm = page.locator('#checklist li[data-constraint="bpm"]')
    assert "✗" in bpm.inner_text() and "outside 130-150 BPM" in bpm.inner_text()

    page.select_option("#generation_id", str(good.pk))
    wait_until(page, "document.getElementById('entry-status').textContent.includes('ready to submit')")
    assert page.locator("#checklist li.passed").count() == 7

    page.click("#submit")
    wait_until(page, "document.querySelectorAll('#entries .entry').length === 1", timeout=10_000)
    assert page.get_by_test_id("constraints-met").inner_text() == "7 of 7"
    assert page.get_by_test_id("rank").inner_text() == "1 of 1"
    assert Submission.objects.get(challenge=challenge).source_id == good.pk
    page.click("#entries .entry .play")
    wait_until(page, "document.querySelector('#entries .entry .play').textContent.includes('Stop')")
