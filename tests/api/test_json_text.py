"""JSON text no column or response can hold (NUL, unpaired surrogates) is a 400, never stored, never a 500."""

from __future__ import annotations

import pytest

from generation.models import Generation
from insights.models import AnalyticsEvent

pytestmark = pytest.mark.django_db

TRACK = '{"parameters": {"genre": "electronic", "duration": 20}, "metadata": {"title": "%s"}}'


@pytest.mark.parametrize("text", ["\\u0000", "a\\ud800b", "\\udfff"])
def test_v1_generate_refuses_unstorable_text_as_malformed(auth_client, text):
    response = auth_client.generic("POST", "/v1/ai/generate", TRACK % text, content_type="application/json")

    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "MALFORMED_REQUEST"
    assert "NUL characters" in body["error"]["message"]
    assert Generation.objects.count() == 0


def test_an_unpaired_surrogate_in_an_unknown_key_is_a_400_not_a_500(auth_client):
    # The v1 validation error names the unknown field; echoing "\ud800" back could not be encoded.
    body = '{"parameters": {"genre": "electronic"}, "\\ud800": 1}'
    response = auth_client.generic("POST", "/v1/ai/generate-batch", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MALFORMED_REQUEST"


def test_coprod_json_fields_refuse_nul_deep_inside(auth_client, user):
    body = '{"event_type": "play", "event_data": {"genre": {"name": "trap\\u0000"}}}'
    response = auth_client.generic("POST", "/api/analytics", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "error": "Invalid request data",
        "details": "Malformed request body: JSON text must not contain NUL characters (\\u0000) or unpaired surrogates",
    }
    assert not AnalyticsEvent.objects.filter(user=user).exists()


def test_surrogate_pairs_are_ordinary_text(auth_client, user):
    # "\ud83c\udfb5" is one character (a musical note emoji), not a lone surrogate.
    body = '{"event_type": "play", "event_data": {"title": "\\ud83c\\udfb5"}}'
    response = auth_client.generic("POST", "/api/analytics", body, content_type="application/json")

    assert response.status_code == 201
    assert AnalyticsEvent.objects.get(user=user, event_type="play").event_data == {"title": "\U0001f3b5"}
