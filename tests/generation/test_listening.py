"""The staff listening page: ten results of a tool and genre, piano rolls and rendered audio, staff only."""

from __future__ import annotations

import pytest

from tests.conftest import USER_PASSWORD

pytestmark = pytest.mark.django_db


def test_listening_is_for_staff_only(client, user):
    client.login(email=user.email, password=USER_PASSWORD)
    response = client.get("/studio/listen/?tool=melody&genre=pop")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_see_ten_results_with_piano_rolls_and_players(client, user):
    user.is_staff = True
    user.save()
    client.login(email=user.email, password=USER_PASSWORD)
    html = client.get("/studio/listen/?tool=chords&genre=rnb&start=5").content.decode()
    assert html.count("<audio ") == 10
    assert html.count("<svg ") == 10
    assert 'data-seed="5"' in html and 'data-seed="14"' in html and 'data-seed="15"' not in html
    assert "audio=5" in html and "<rect " in html


def test_unknown_tool_or_genre_is_a_404(client, user):
    user.is_staff = True
    user.save()
    client.login(email=user.email, password=USER_PASSWORD)
    assert client.get("/studio/listen/?tool=arrangement&genre=pop").status_code == 404
    assert client.get("/studio/listen/?tool=melody&genre=polka").status_code == 404


def test_each_result_plays_as_rendered_mp3(client, user):
    user.is_staff = True
    user.save()
    client.login(email=user.email, password=USER_PASSWORD)
    response = client.get("/studio/listen/?tool=melody&genre=pop&audio=3")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    body = response.content
    assert body[:3] == b"ID3" or body[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xfa")
    assert len(body) > 20_000
