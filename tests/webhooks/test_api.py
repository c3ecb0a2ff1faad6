"""The webhooks API and account page: the secret shown once, deliveries visible to their owner only."""

from __future__ import annotations

import re

import pytest
import yaml
from django.test import Client
from openapi_spec_validator import validate

from tests.conftest import USER_PASSWORD
from tests.webhooks.conftest import make_generation
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


def _delivery(owner, *, event="generation_completed", status="completed", response_status=200):
    generation = make_generation(owner, callback_url="https://hooks.example.com/in", events=[event])
    return WebhookDelivery.objects.create(
        owner=owner,
        generation=generation,
        event=event,
        url=generation.callback_url,
        payload={
            "event": event,
            "generation_id": generation.public_id,
            "timestamp": "2026-01-01T00:00:00Z",
            "data": {},
        },
        status=status,
        response_status=response_status,
        response_body="ok",
        duration_ms=12,
        attempt_log=[
            {"attempt": 1, "at": "2026-01-01T00:00:01Z", "status": response_status, "duration_ms": 12, "error": ""}
        ],
        request_headers={"X-CoProd-Event": event},
    )


def test_secret_is_shown_once_then_only_its_prefix(auth_client):
    assert auth_client.get("/api/user/webhook-secret").json() == {
        "success": True,
        "data": {"exists": False, "prefix": None, "created_at": None},
    }
    created = auth_client.post("/api/user/webhook-secret")
    assert created.status_code == 201
    secret = created.json()["data"]["secret"]
    assert re.fullmatch(r"whsec_[A-Za-z0-9_-]{43}", secret)
    assert created.json()["data"]["prefix"] == secret[:12]

    status = auth_client.get("/api/user/webhook-secret")
    assert status.json()["data"]["exists"] is True
    assert status.json()["data"]["prefix"] == secret[:12]
    assert secret not in status.content.decode()
    assert "secret" not in status.json()["data"]

    rotated = auth_client.post("/api/user/webhook-secret").json()["data"]["secret"]
    assert rotated != secret
    assert auth_client.get("/api/user/webhook-secret").json()["data"]["prefix"] == rotated[:12]


def test_secret_needs_authentication(api_client):
    assert api_client.get("/api/user/webhook-secret").status_code == 401
    response = api_client.post("/api/user/webhook-secret")
    assert response.status_code == 401
    from webhooks.models import WebhookSecret

    assert WebhookSecret.objects.count() == 0


def test_deliveries_list_their_attempts_and_responses(auth_client, user):
    mine = _delivery(user)
    _delivery(user, event="generation_failed", status="failed", response_status=500)
    response = auth_client.get("/api/user/webhook-deliveries", {"event": "generation_completed"})
    assert response.status_code == 200
    body = response.json()
    assert body["pagination"] == {"total": 1, "per_page": 20, "current_page": 1, "last_page": 1}
    (item,) = body["data"]
    assert item["delivery_id"] == mine.public_id
    assert item["generation_id"] == mine.generation.public_id
    assert (item["event"], item["status"], item["response_status"], item["attempts"]) == (
        "generation_completed",
        "completed",
        200,
        1,
    )
    assert item["attempt_log"] == [
        {"attempt": 1, "at": "2026-01-01T00:00:01Z", "status": 200, "duration_ms": 12, "error": ""}
    ]
    failed = auth_client.get("/api/user/webhook-deliveries", {"status": "failed"}).json()["data"]
    assert [d["response_status"] for d in failed] == [500]


def test_bad_filters_are_a_400_naming_the_parameter(auth_client):
    response = auth_client.get("/api/user/webhook-deliveries", {"status": "lost"})
    assert response.status_code == 400
    assert response.json()["details"] == {
        "status": ["Invalid parameter: status must be pending, processing, completed, failed, cancelled"]
    }


def test_another_users_deliveries_are_invisible(auth_client, other_client, user):
    mine = _delivery(user)
    for params in ({}, {"generation_id": mine.generation.public_id}):
        body = other_client.get("/api/user/webhook-deliveries", params).json()
        assert body["data"] == [] and body["pagination"]["total"] == 0
    assert auth_client.get("/api/user/webhook-deliveries").json()["pagination"]["total"] == 1


@pytest.mark.urls("tests.webhooks.v1_urls")
def test_v1_deliveries_in_the_v1_envelope_with_limit_and_offset(auth_client, other_client, user):
    older = _delivery(user)
    newer = _delivery(user, event="generation_started")
    response = auth_client.get("/v1/ai/webhooks/deliveries", {"limit": 1, "offset": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True and body["request_id"].startswith("req_")
    assert body["message"] == "Webhook deliveries retrieved successfully"
    assert body["data"]["pagination"] == {"total": 2, "limit": 1, "offset": 1, "has_more": False}
    assert [d["delivery_id"] for d in body["data"]["deliveries"]] == [older.public_id]
    assert auth_client.get("/v1/ai/webhooks/deliveries").json()["data"]["deliveries"][0]["delivery_id"] == (
        newer.public_id
    )
    assert other_client.get("/v1/ai/webhooks/deliveries").json()["data"]["pagination"]["total"] == 0
    bad = auth_client.get("/v1/ai/webhooks/deliveries", {"limit": 101})
    assert bad.status_code == 400
    assert bad.json()["error"]["details"] == {"parameter": "limit", "value": "101", "constraint": "1-100"}


@pytest.mark.urls("tests.webhooks.v1_urls")
def test_schema_documents_the_webhook_endpoints(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    validate(schema)
    for path in ("/api/user/webhook-secret", "/api/user/webhook-deliveries", "/v1/ai/webhooks/deliveries"):
        assert path in schema["paths"], path
    assert "WebhookDelivery" in schema["components"]["schemas"]


def test_account_page_rotates_the_secret_and_shows_it_once(user):
    browser = Client()
    browser.login(email=user.email, password=USER_PASSWORD)
    page = browser.get("/account/").content.decode()
    assert 'id="webhooks"' in page and "none yet" in page

    response = browser.post("/account/webhooks/secret/rotate")
    assert response.status_code == 302 and response["Location"] == "/account/#webhooks"
    secret = user.webhook_secret.secret
    first = browser.get("/account/").content.decode()
    assert f'<code class="secret" data-testid="new-webhook-secret">{secret}</code>' in first
    second = browser.get("/account/").content.decode()
    assert secret not in second
    assert f"<code>{secret[:12]}…</code>" in second


def test_account_page_lists_recent_deliveries_without_inline_script(user, other_user):
    _delivery(user, event="generation_failed", status="failed", response_status=503)
    _delivery(other_user, event="generation_started")
    browser = Client()
    browser.login(email=user.email, password=USER_PASSWORD)
    html = browser.get("/account/").content.decode()
    section = html[html.index('id="webhooks"') :]
    assert "generation_failed" in section and "<td>503</td>" in section
    assert "generation_started" not in section
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", section) is None


def test_rotation_page_refuses_get_and_anonymous(client):
    assert client.post("/account/webhooks/secret/rotate").status_code == 302  # to the login page
    from webhooks.models import WebhookSecret

    assert WebhookSecret.objects.count() == 0
