"""The studio page: signed-in users only, every tool offered, the catalog embedded for the form."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import USER_PASSWORD

pytestmark = pytest.mark.django_db


def test_studio_requires_login(client):
    response = client.get("/studio/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_studio_offers_every_tool_with_its_parameters(client, user):
    client.login(email=user.email, password=USER_PASSWORD)
    html = client.get("/studio/").content.decode()
    for label in (
        "Melody",
        "Chord progression",
        "Bassline",
        "Drum pattern",
        "Arpeggiator",
        "Counter-melody",
        "Song arrangement",
        "Genre fusion",
        "Emotion",
        "Surprise me",
        "Extreme inspiration",
    ):
        assert f">{label}</option>" in html
    catalog = json.loads(
        re.search(r'<script id="studio-catalog" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert catalog["slugs"]["counter_melody"] == "counter-melody"
    assert catalog["genres"]["trap"]["default_bpm"] == 140
    assert {p["name"] for p in catalog["tools"]["melody"]["params"]} >= {"genre", "bpm", "key", "scale", "mood"}
