"""A producer opens a finished track: plays it, solos a stem, sees the sung lyric lit, downloads."""

from __future__ import annotations

import pytest

from generation import services as generation_services
from generation.track_services import track_generation_start
from tests.e2e.conftest import wait_until
from tests.e2e.test_studio import _login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VOCAL_TRACK = {
    "parameters": {
        "genre": "pop",
        "tempo": 110,
        "key": "A_minor",
        "duration": 20,
        "lyrics": {"enabled": True, "theme": "rainy_city", "language": "en", "style": "storytelling"},
        "output_formats": ["mp3", "midi"],
    },
    "metadata": {"title": "Rain on Glass"},
}


def test_play_solo_lyrics_and_downloads(live_server, page, user):
    generation = track_generation_start(owner=user, request=VOCAL_TRACK)
    generation_services.generation_run(generation_id=generation.pk)  # what the worker does
    generation.refresh_from_db()
    assert generation.status == "completed", generation.error_message
    track = generation.track

    _login(page, live_server, user)
    page.goto(f"{live_server.url}/studio/tracks/")
    page.get_by_role("link", name="Rain on Glass").click()
    assert page.locator("h1").inner_text() == "Rain on Glass"
    assert "A minor" in page.locator("main").inner_text() and "A_minor" not in page.content()
    assert page.locator(".stem").count() == 5  # drums, bass, melody, chords, vocals
    assert page.locator("#lyrics li").count() == len(track.lyrics["timestamps"])
    assert page.get_by_role("link", name="Chord chart (PDF)").count() == 1

    page.click("#track-play")
    wait_until(page, "document.getElementById('track-play').textContent === 'Pause'", timeout=30_000)
    vocals = page.locator('.stem[data-stem="vocals"] .stem-solo')
    vocals.click()
    assert vocals.get_attribute("aria-pressed") == "true"
    # The first sung line lights up once the song reaches it.
    first_start = track.lyrics["timestamps"][0]["start"]
    wait_until(page, "document.querySelector('#lyrics li.sung') !== null", timeout=(first_start + 10) * 1000)
    track.refresh_from_db()
    assert track.play_count == 1
