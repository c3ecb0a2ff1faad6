"""A producer generates a melody in the studio, watches it finish, sees the piano roll and downloads the MIDI."""

from __future__ import annotations

import re

import mido
import pytest

from tests.conftest import USER_PASSWORD
from tests.e2e.conftest import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker(transactional_db):
    from tests.generation.conftest import celery_worker as worker_fixture

    yield from worker_fixture.__wrapped__(transactional_db)


def _login(page, live_server, user):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", USER_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    page.wait_for_url(re.compile(r"/studio/$"))


def test_generate_a_melody_see_it_and_download_it(live_server, page, user, celery_worker, tmp_path):
    _login(page, live_server, user)
    page.goto(live_server.url + "/studio/")
    page.select_option("#tool", "melody")
    page.select_option("#param-genre", "lofi")
    assert page.input_value("#param-bpm") == "82"  # the genre's tempo fills in
    page.fill("#param-key", "A")
    page.select_option("#param-scale", "minor")
    page.get_by_role("button", name="Generate").click()

    wait_until(page, "document.getElementById('progress').getAttribute('aria-valuenow') === '100'", timeout=30_000)
    notes = int(page.get_attribute("#piano-roll", "data-note-count"))
    assert notes > 10
    assert "lofi" in page.inner_text("#result-summary") and "A" in page.inner_text("#result-summary")
    assert page.locator("#metrics dt").count() >= 3
    assert page.is_enabled("#play")
    # The worker renders an MP3 preview after the job; the studio offers it as soon as it exists.
    page.wait_for_selector("#preview-wrap:not([hidden])", timeout=45_000)
    assert page.get_attribute("#preview", "src").endswith("/preview")

    with page.expect_download() as download_info:
        page.click("#download-midi")
    path = tmp_path / "idea.mid"
    download_info.value.save_as(path)
    midi = mido.MidiFile(path)
    assert round(mido.tempo2bpm(next(m.tempo for m in midi.tracks[0] if m.type == "set_tempo"))) == 82
    assert sum(1 for t in midi.tracks for m in t if m.type == "note_on") >= notes - 1


def test_bad_input_is_shown_next_to_its_field(live_server, page, user):
    _login(page, live_server, user)
    page.fill("#param-bpm", "999")
    page.get_by_role("button", name="Generate").click()
    error = page.locator("#param-bpm-error")
    error.wait_for(state="visible")
    assert error.inner_text() == "Tempo (BPM): enter a number from 40 to 240."
