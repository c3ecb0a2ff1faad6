"""Pages of templates, batches and playlists: signed-in only, the gallery with previews, the form with only
the allowed customizations, a batch and a playlist with their tracks (others' are 404)."""

from __future__ import annotations

import pytest

from generation.template_services import templates_seed
from tests.conftest import USER_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user):
    templates_seed()
    client.login(email=user.email, password=USER_PASSWORD)
    return client


def test_pages_require_login(client):
    for path in ("/studio/templates/", "/studio/templates/ai_template_001/", "/studio/collections/"):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_gallery_lists_every_template_with_a_preview_button(signed_in):
    html = signed_in.get("/studio/templates/").content.decode()
    assert html.count('class="card template-card"') == 45
    assert html.count('class="secondary small template-preview"') == 45
    assert 'data-url="/v1/ai/templates/ai_template_001/preview"' in html
    assert "<script>" not in html and "style=" not in html  # strict CSP: no inline script or style


def test_the_form_offers_only_the_allowed_customizations(signed_in):
    html = signed_in.get("/studio/templates/ai_template_002/").content.decode()  # instrumental
    names = {chunk.split('"')[0] for chunk in html.split('data-name="')[1:]}
    assert names == {"audio_quality", "complexity", "creativity", "duration", "key", "mood", "output_formats", "tempo"}
    assert 'min="100" max="124"' in html
    lyric = signed_in.get("/studio/templates/ai_template_001/").content.decode()
    assert 'data-name="lyrics.theme"' in lyric and 'data-name="instrumental"' in lyric
    assert signed_in.get("/studio/templates/ai_template_999/").status_code == 404


def test_batch_and_playlist_pages_show_their_tracks(signed_in, auth_client, other_client):
    batch = auth_client.post(
        "/v1/ai/generate-batch",
        {"base_parameters": {"genre": "lofi", "duration": 10}, "variations": [{}, {"customizations": {"tempo": 80}}]},
        format="json",
    ).json()["data"]
    html = signed_in.get(f"/studio/batches/{batch['batch_id']}/").content.decode()
    assert "var_1" in html and "var_2" in html and "0 / 2 completed" in html
    auth_client.post(f"/v1/ai/batches/{batch['batch_id']}/cancel")  # frees the plan's job slots
    playlist = auth_client.post(
        "/v1/ai/generate-playlist",
        {
            "playlist_config": {"name": "Evening", "track_count": 2, "total_duration": 40},
            "base_parameters": {"genre": "lofi"},
        },
        format="json",
    ).json()["data"]
    html = signed_in.get(f"/studio/playlists/{playlist['playlist_id']}/").content.decode()
    assert "Evening" in html and "The mix is made once every track is ready." in html
    assert html.count("<tr>") == 1 + 2
    listing = signed_in.get("/studio/collections/").content.decode()
    assert batch["batch_id"] in listing and "Evening" in listing
    other = other_client.get(f"/v1/ai/playlists/{playlist['playlist_id']}")
    assert other.status_code == 404
