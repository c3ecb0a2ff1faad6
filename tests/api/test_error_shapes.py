"""Both APIs' documented success envelope and error shapes, for every error status."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.probe_urls")]

REQUEST_ID = re.compile(r"^req_[0-9a-f]{16}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def _assert_v1_error(response, status, code):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"success", "error", "timestamp", "request_id"}
    assert body["success"] is False
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert TIMESTAMP.match(body["timestamp"])
    assert body["request_id"] == response["X-Request-ID"]
    return body


def test_v1_success_envelope(api_client):
    response = api_client.get("/v1/ai/_probe")

    body = response.json()
    assert set(body) == {"success", "data", "message", "timestamp", "request_id"}
    assert body["success"] is True
    assert body["data"] == {"ok": True}
    assert body["message"] == "Probe retrieved successfully"
    assert REQUEST_ID.match(body["request_id"])
    assert body["request_id"] == response["X-Request-ID"]


def test_client_request_id_is_kept(api_client):
    response = api_client.get("/v1/ai/_probe", HTTP_X_REQUEST_ID="trace-1234abcd")
    assert response["X-Request-ID"] == "trace-1234abcd"
    assert response.json()["request_id"] == "trace-1234abcd"


def test_v1_validation_error_names_parameter_value_and_constraint(api_client):
    body = _assert_v1_error(api_client.get("/v1/ai/_probe?raise=validation"), 400, "VALIDATION_ERROR")
    assert body["error"]["message"] == "Invalid parameter: tempo must be between 40 and 240"
    assert body["error"]["details"] == {"parameter": "tempo", "value": 300, "constraint": "40-240"}


def test_coprod_validation_error_shape(api_client):
    response = api_client.get("/api/_probe?raise=validation")
    assert response.status_code == 400
    assert response.json() == {
        "error": "Invalid request data",
        "details": {"tempo": ["Invalid parameter: tempo must be between 40 and 240"]},
    }


@pytest.mark.parametrize("prefix", ["/api/_probe", "/v1/ai/_probe"])
def test_malformed_json_is_400(api_client, prefix):
    response = api_client.post(prefix, data="{not json", content_type="application/json")
    assert response.status_code == 400
    if prefix.startswith("/v1"):
        _assert_v1_error(response, 400, "MALFORMED_REQUEST")
    else:
        assert response.json()["error"] == "Invalid request data"
        assert "JSON parse error" in response.json()["details"]


def test_401_shapes(api_client):
    assert api_client.get("/api/_probe/auth").json() == {"error": "Authentication required"}
    _assert_v1_error(api_client.get("/v1/ai/_probe/auth"), 401, "UNAUTHORIZED")


def test_403_shapes(api_client):
    response = api_client.get("/api/_probe?raise=forbidden")
    assert response.status_code == 403
    assert response.json() == {"error": "Access denied", "reason": "Not yours"}
    upgrade = api_client.get("/api/_probe?raise=upgrade")
    assert upgrade.json() == {"error": "Access denied", "reason": "Subscription upgrade required"}
    _assert_v1_error(api_client.get("/v1/ai/_probe?raise=forbidden"), 403, "FORBIDDEN")


def test_404_shapes_for_unknown_urls(api_client):
    response = api_client.get("/api/no/such/thing")
    assert response.status_code == 404
    assert response.json() == {"error": "Resource not found"}
    assert "X-RateLimit-Limit" in response
    assert "X-Request-ID" in response
    _assert_v1_error(api_client.get("/v1/ai/no-such-thing"), 404, "NOT_FOUND")


def test_405_shapes(api_client):
    response = api_client.delete("/api/_probe")
    assert response.status_code == 405
    assert response.json()["error"] == "Method not allowed"
    _assert_v1_error(api_client.delete("/v1/ai/_probe"), 405, "METHOD_NOT_ALLOWED")


def test_406_shapes_name_the_status(api_client):
    # Both APIs answer only JSON; an Accept header that excludes it is refused in the API's shape.
    response = api_client.get("/api/_probe", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response.json() == {"error": "Not acceptable", "details": "Could not satisfy the request Accept header."}
    _assert_v1_error(api_client.get("/v1/ai/_probe", HTTP_ACCEPT="text/html"), 406, "NOT_ACCEPTABLE")


@override_settings(API_MAX_BODY_BYTES=1000)
@pytest.mark.parametrize("prefix", ["/api/_probe", "/v1/ai/_probe"])
def test_413_for_oversized_bodies(api_client, prefix):
    response = api_client.post(prefix, {"blob": "x" * 2000}, format="json")
    assert response.status_code == 413
    if prefix.startswith("/v1"):
        _assert_v1_error(response, 413, "PAYLOAD_TOO_LARGE")
    else:
        assert response.json()["error"] == "Request body too large"
    # Every API answer carries the rate-limit headers, a body refused before any view included.
    assert response["X-RateLimit-Limit"] == "100"
    assert {"X-RateLimit-Remaining", "X-RateLimit-Reset"} <= set(response.headers)


@pytest.mark.parametrize("prefix", ["/api/_probe", "/v1/ai/_probe"])
def test_500_shapes_hide_internals(api_client, prefix):
    response = api_client.get(prefix + "?raise=crash")
    assert response.status_code == 500
    if prefix.startswith("/v1"):
        body = _assert_v1_error(response, 500, "INTERNAL_ERROR")
        assert "boom" not in str(body)
    else:
        assert response.json() == {"error": "Internal server error"}


@override_settings(RATE_LIMITS_PER_MINUTE={"free": 2, "pro": 500, "producer_plus": None})
def test_429_shapes(api_client):
    for _ in range(2):
        assert api_client.get("/api/_probe").status_code == 200
    response = api_client.get("/api/_probe")
    assert response.status_code == 429
    body = response.json()
    assert body["error"] == "Rate limit exceeded"
    assert 1 <= body["retry_after"] <= 60
    assert response["Retry-After"] == str(body["retry_after"])
    v1 = _assert_v1_error(api_client.get("/v1/ai/_probe"), 429, "RATE_LIMITED")
    assert 1 <= v1["error"]["details"]["retry_after"] <= 60
