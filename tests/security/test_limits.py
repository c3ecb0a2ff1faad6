"""Limits everywhere: page bodies and avatars, nested JSON, pages past the last, analytics per user."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from PIL import Image

from insights.analytics import analytics_record, analytics_summary
from insights.models import AnalyticsEvent
from projects.models import Project
from tests.conftest import USER_PASSWORD

pytestmark = pytest.mark.django_db


def _png(padding: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    # Bytes after the image's end are ignored by decoders but count toward the upload's size.
    return SimpleUploadedFile("avatar.png", buffer.getvalue() + b"\0" * padding, content_type="image/png")


def _signed_in(user) -> Client:
    browser = Client()
    browser.login(email=user.email, password=USER_PASSWORD)
    return browser


def test_an_oversized_page_form_is_413_and_nothing_is_saved(user):
    response = _signed_in(user).post("/account/profile/", {"bio": "big", "avatar": _png(6 * 1024 * 1024)})
    assert response.status_code == 413
    assert "at most 5 MiB" in response.content.decode()
    user.refresh_from_db()
    assert (user.bio, user.avatar.name) == ("", "")


@override_settings(AVATAR_MAX_BYTES=1024)
def test_an_avatar_over_its_limit_is_refused_on_the_page_and_the_api(user, auth_client):
    page = _signed_in(user).post("/account/profile/", {"bio": "hi", "avatar": _png(2048)})
    assert page.status_code == 200
    assert "The avatar may be at most 1 KiB." in page.content.decode()
    api = auth_client.put("/api/user", {"avatar": _png(2048)}, format="multipart")
    assert api.status_code == 400
    assert api.json()["details"] == {"avatar": ["The avatar may be at most 1 KiB."]}
    user.refresh_from_db()
    assert user.avatar.name == ""


@pytest.mark.parametrize("depth", [20_000, 33])
@pytest.mark.parametrize("path", ["/api/projects", "/api/midi"])
def test_deeply_nested_json_is_a_400(auth_client, user, depth, path):
    body = '{"name": ' + "[" * depth + "]" * depth + "}"
    response = auth_client.generic("POST", path, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "error": "Invalid request data",
        "details": "Malformed request body: JSON nested deeper than 32 levels",
    }
    assert Project.objects.count() == 0


@pytest.mark.urls("tests.api.probe_urls")
def test_deeply_nested_json_is_a_v1_malformed_request(auth_client):
    body = "[" * 20_000 + "]" * 20_000
    response = auth_client.generic("POST", "/v1/ai/_probe", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MALFORMED_REQUEST"


def test_a_page_past_the_last_is_empty(auth_client, user):
    Project.objects.create(owner=user, name="Only one")
    for page in (2, 99_999, 10**19, 10**40):
        response = auth_client.get(f"/api/projects?page={page}")
        assert response.status_code == 200, page
        body = response.json()
        assert body["data"] == []
        assert body["pagination"] == {"total": 1, "per_page": 20, "current_page": page, "last_page": 1}


@override_settings(ANALYTICS_CLIENT_EVENTS_PER_DAY=3)
def test_client_analytics_events_have_a_daily_quota(auth_client, user):
    statuses = [
        auth_client.post("/api/analytics", {"event_type": "play", "event_data": {}}, format="json").status_code
        for _ in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    refused = auth_client.post("/api/analytics", {"event_type": "play"}, format="json")
    assert 1 <= refused.json()["retry_after"] <= 86_400
    assert refused["Retry-After"] == str(refused.json()["retry_after"])
    assert AnalyticsEvent.objects.filter(user=user).count() == 3
    # Events the server records are not the client's quota.
    analytics_record(user=user, event_type="idea_saved")
    assert AnalyticsEvent.objects.filter(user=user).count() == 4


@override_settings(ANALYTICS_MAX_EVENTS_PER_USER=5)
def test_stored_events_per_user_are_capped_oldest_first(user, other_user):
    ids = [analytics_record(user=user, event_type=f"event_{n}").pk for n in range(7)]
    analytics_record(user=other_user, event_type="theirs")
    assert list(AnalyticsEvent.objects.filter(user=user).order_by("id").values_list("id", flat=True)) == ids[2:]
    assert AnalyticsEvent.objects.filter(user=other_user).count() == 1


def test_the_summary_is_computed_by_the_database(user):
    for genre in ("trap", "trap", "lofi"):
        analytics_record(user=user, event_type="generation_complete", event_data={"genre": genre})
    analytics_record(user=user, event_type="export_complete")
    with CaptureQueriesContext(connection) as queries:
        summary = analytics_summary(user=user)
    assert summary["total_events"] == 4
    assert summary["by_type"] == {"generation_complete": 3, "export_complete": 1}
    assert summary["by_genre"] == {"trap": 2, "lofi": 1}
    # Every query aggregates: no event row is loaded into the web process.
    for query in queries.captured_queries:
        sql = query["sql"].upper()
        assert "COUNT(" in sql or "DISTINCT" in sql, query["sql"]
