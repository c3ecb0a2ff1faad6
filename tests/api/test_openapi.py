"""The OpenAPI schema is a valid OpenAPI 3 document that describes the real bodies; the docs load offline.

* Every 2xx JSON response of every ``/api/`` operation has an object schema with properties
  (file downloads are binary strings), and every operation documents its error shapes.
* Real responses of a sample of endpoints (success and error) validate against their schema.
* Each generate tool has its own operation, summary and request body built from the engine's
  parameter declarations.

``/v1/`` is described by its own views and checked by their tests.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from openapi_spec_validator import validate

from accounts.services import notification_create
from generation.engine import tools as engine_tools
from generation.engine.tools import TOOLS, TOOLS_BY_SLUG
from generation.models import Generation, GenerationStatus
from insights.analytics import analytics_record

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def schema(client) -> dict[str, Any]:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return dict(yaml.safe_load(response.content))


def _resolve(schema: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _api_operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        if path.startswith("/api/")
        for method, operation in operations.items()
        if method in METHODS
    ]


def test_schema_is_valid_openapi(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    for path in (
        "/api/auth/register",
        "/api/auth/login",
        "/api/auth/logout",
        "/api/user",
        "/api/user/api-keys",
        "/api/generate/melody",
        "/api/generate/{generation_id}/status",
        "/api/notifications",
        "/api/projects",
        "/api/projects/{project_id}",
        "/api/midi",
        "/api/export",
        "/api/export/{export_id}/download",
    ):
        assert path in schema["paths"], path


def test_every_2xx_response_of_every_api_operation_has_a_schema_with_properties(schema):
    operations = _api_operations(schema)
    assert len(operations) >= 50  # every endpoint of this issue; more may come
    checked = 0
    for path, method, operation in operations:
        successes = {code: r for code, r in operation["responses"].items() if code.startswith("2")}
        assert successes, f"{method.upper()} {path} documents no success"
        for code, response in successes.items():
            assert response.get("content"), f"{method.upper()} {path} {code} has no body"
            for content_type, media in response["content"].items():
                body = _resolve(schema, media["schema"])
                where = f"{method.upper()} {path} {code} {content_type}"
                if content_type == "application/json":
                    assert body.get("type") == "object", where
                    assert body.get("properties"), where
                    checked += 1
                else:  # a file download
                    assert body == {"type": "string", "format": "binary"}, where
    assert checked >= 45


def test_every_api_operation_documents_its_error_shapes(schema):
    authenticated = 0
    for path, method, operation in _api_operations(schema):
        responses = operation["responses"]
        where = f"{method.upper()} {path}"
        authenticated += "401" in responses
        if path != "/api/subscription/webhook":  # Stripe's signed retries are not rate limited
            assert responses["429"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/RateLimitedErrorResponse"
            }, where
        else:
            assert "429" not in responses
        if any(requirement for requirement in operation.get("security", [])):  # an authenticated operation
            assert "401" in responses, where
        if "{" in path:
            assert responses["404"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorResponse"
            }, where
        if method != "get":
            assert responses["400"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ValidationErrorResponse"
            }, where
    unauthenticated = {"/api/auth/register", "/api/auth/login", "/api/subscription/webhook"}
    assert authenticated == len(_api_operations(schema)) - len(unauthenticated)


def test_no_operation_shows_the_base_class_docstring_and_each_has_a_summary(schema):
    for path, method, operation in _api_operations(schema):
        where = f"{method.upper()} {path}"
        assert operation.get("summary"), where
        assert "Base class" not in operation.get("description", ""), where
        assert "Base class" not in operation["summary"], where


def test_each_tool_has_its_own_operation_and_request_body(schema):
    operation_ids = set()
    for slug, tool in TOOLS_BY_SLUG.items():
        operation = schema["paths"][f"/api/generate/{slug}"]["post"]
        assert operation["operationId"] == f"generate_{tool.name}"
        assert operation["summary"] == f"{tool.label}: {tool.summary}"
        operation_ids.add(operation["operationId"])
        content = operation["requestBody"]["content"]
        assert list(content) == ["application/json"]
        body = _resolve(schema, content["application/json"]["schema"])
        references = {"midi_file_id", "generation_id", "idea_id"} if tool.param("source") else set()
        assert set(body["properties"]) == {p.name for p in tool.params} | {"seed", "project_id"} | references
        # A tool on the producer's own music takes its source by value or by reference: neither is required.
        assert set(body.get("required", [])) == {p.name for p in tool.params if p.required} - {"source"}
    assert len(operation_ids) == len(TOOLS)

    melody = _resolve(schema, schema["components"]["schemas"]["GenerateMelodyRequest"])["properties"]
    assert melody["melody_length"] == {
        "type": "integer",
        "maximum": 64,
        "minimum": 1,
        "default": 8,
        "description": "Length in bars",
    }
    assert melody["bpm"]["minimum"] == 40 and melody["bpm"]["maximum"] == 240 and melody["bpm"]["nullable"] is True
    assert melody["energy"]["oneOf"][0] == {"type": "string", "enum": ["low", "medium", "high"]}
    assert melody["energy"]["default"] == 0.6
    assert _resolve(schema, melody["genre"]["allOf"][0])["enum"] == list(engine_tools.TOOLS["melody"].params[0].choices)
    emotion = schema["components"]["schemas"]["GenerateEmotionRequest"]
    assert emotion["required"] == ["emotion"]


# --- Real responses against their schema -------------------------------------------------------


def _assert_matches(schema: dict[str, Any], template: str, method: str, response: Any) -> dict[str, Any]:
    """``response`` (a JSON answer of ``method template``) validates against its documented schema."""
    documented = schema["paths"][template][method]["responses"]
    code = str(response.status_code)
    assert code in documented, f"{method.upper()} {template} answered an undocumented {code}"
    body_schema = documented[code]["content"]["application/json"]["schema"]
    validator = OAS30ReadValidator(
        {**body_schema, "components": schema["components"]}, format_checker=oas30_format_checker
    )
    body = response.json()
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, f"{method.upper()} {template} {code}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:5]
    )
    return dict(body)


def _completed_generation(user: Any, tool: str, raw: dict[str, Any]) -> Generation:
    """A generation completed with the engine's real result (what the worker would store)."""
    params = engine_tools.validate_parameters(tool, raw)
    result = engine_tools.generate(tool, params, seed=7)
    return Generation.objects.create(
        owner=user,
        tool=tool,
        parameters=params,
        seed=7,
        status=GenerationStatus.COMPLETED,
        progress=100,
        result=result,
        genre=result.get("genre") or "",
    )


def test_generate_responses_match_the_schema(schema, auth_client, user):
    accepted = auth_client.post("/api/generate/melody?async=true", {"genre": "lofi", "seed": 3}, format="json")
    assert accepted.status_code == 202
    body = _assert_matches(schema, "/api/generate/melody", "post", accepted)
    generation_id = body["generation_id"]
    path = "/api/generate/{generation_id}/status"
    _assert_matches(schema, path, "get", auth_client.get(f"/api/generate/{generation_id}/status"))
    cancelled = auth_client.post(f"/api/generate/{generation_id}/cancel")
    assert cancelled.status_code == 200
    _assert_matches(schema, "/api/generate/{generation_id}/cancel", "post", cancelled)
    conflict = auth_client.post(f"/api/generate/{generation_id}/cancel")
    assert conflict.status_code == 409
    _assert_matches(schema, "/api/generate/{generation_id}/cancel", "post", conflict)

    for tool, raw in (
        ("melody", {"genre": "trap"}),
        ("drums", {"genre": "house"}),
        ("arrangement", {"genre": "pop", "length": 30}),
        ("surprise_me", {}),
        ("emotion", {"emotion": "hope"}),
    ):
        generation = _completed_generation(user, tool, raw)
        status = auth_client.get(f"/api/generate/{generation.pk}/status?include=data")
        assert status.status_code == 200
        assert status.json()["data"]["type"] == generation.result["type"]
        _assert_matches(schema, path, "get", status)
    _assert_matches(schema, "/api/generate/tools", "get", auth_client.get("/api/generate/tools"))

    bad = auth_client.post("/api/generate/melody", {"bpm": 999}, format="json")
    assert bad.status_code == 400
    _assert_matches(schema, "/api/generate/melody", "post", bad)
    missing = auth_client.get("/api/generate/999999/status")
    assert missing.status_code == 404
    _assert_matches(schema, path, "get", missing)


def test_account_responses_match_the_schema(schema, api_client, auth_client, user):
    registered = api_client.post(
        "/api/auth/register",
        {"email": "new@example.com", "username": "newproducer", "password": "A-long-pass-123"},
        format="json",
    )
    assert registered.status_code == 201
    _assert_matches(schema, "/api/auth/register", "post", registered)
    _assert_matches(schema, "/api/user", "get", auth_client.get("/api/user"))
    _assert_matches(schema, "/api/user", "put", auth_client.put("/api/user", {"bio": "beats"}, format="json"))
    created = auth_client.post("/api/user/api-keys", {"name": "daw"}, format="json")
    assert created.status_code == 201
    key_id = _assert_matches(schema, "/api/user/api-keys", "post", created)["data"]["id"]
    _assert_matches(schema, "/api/user/api-keys", "get", auth_client.get("/api/user/api-keys"))
    revoked = auth_client.delete(f"/api/user/api-keys/{key_id}")
    assert revoked.status_code == 200
    _assert_matches(schema, "/api/user/api-keys/{key_id}", "delete", revoked)

    notification = notification_create(user=user, kind="generation_completed", title="Melody ready", data={"id": 1})
    _assert_matches(schema, "/api/notifications", "get", auth_client.get("/api/notifications"))
    read = auth_client.put(f"/api/notifications/{notification.pk}/read")
    _assert_matches(schema, "/api/notifications/{notification_id}/read", "put", read)
    _assert_matches(schema, "/api/notifications/read-all", "put", auth_client.put("/api/notifications/read-all"))

    unauthenticated = api_client.get("/api/user")
    assert unauthenticated.status_code == 401
    _assert_matches(schema, "/api/user", "get", unauthenticated)
    bad_page = auth_client.get("/api/notifications?page=0")
    assert bad_page.status_code == 400
    _assert_matches(schema, "/api/notifications", "get", bad_page)


def test_project_vault_and_insights_responses_match_the_schema(schema, auth_client, user):
    # Empty insights first: a new producer's DNA and score (nulls and zeros in the documented shape).
    _assert_matches(schema, "/api/user/producer-dna", "get", auth_client.get("/api/user/producer-dna"))
    _assert_matches(schema, "/api/user/creativity-score", "get", auth_client.get("/api/user/creativity-score"))

    project = auth_client.post("/api/projects", {"name": "Night drive", "bpm": 90}, format="json")
    assert project.status_code == 201
    project_id = _assert_matches(schema, "/api/projects", "post", project)["data"]["id"]
    generation = _completed_generation(user, "melody", {"genre": "lofi"})
    midi = auth_client.post("/api/midi", {"generation_id": generation.pk, "project_id": project_id}, format="json")
    assert midi.status_code == 201
    _assert_matches(schema, "/api/midi", "post", midi)
    _assert_matches(schema, "/api/midi", "get", auth_client.get("/api/midi"))
    _assert_matches(schema, "/api/projects", "get", auth_client.get("/api/projects"))
    detail = auth_client.get(f"/api/projects/{project_id}")
    assert len(detail.json()["data"]["midi_files"]) == 1
    _assert_matches(schema, "/api/projects/{project_id}", "get", detail)
    updated = auth_client.put(f"/api/projects/{project_id}", {"status": "in_progress"}, format="json")
    _assert_matches(schema, "/api/projects/{project_id}", "put", updated)
    export = auth_client.post("/api/export", {"type": "midi", "generation_id": generation.pk}, format="json")
    assert export.status_code == 202
    export_id = _assert_matches(schema, "/api/export", "post", export)["export_id"]
    _assert_matches(schema, "/api/export/{export_id}", "get", auth_client.get(f"/api/export/{export_id}"))

    saved = auth_client.post("/api/vault", {"generation_id": generation.pk, "tags": ["lofi"]}, format="json")
    assert saved.status_code == 201
    idea_id = _assert_matches(schema, "/api/vault", "post", saved)["data"]["id"]
    other = _completed_generation(user, "drums", {"genre": "lofi"})
    other_idea = auth_client.post("/api/vault", {"generation_id": other.pk}, format="json").json()["data"]["id"]
    _assert_matches(schema, "/api/vault", "get", auth_client.get("/api/vault"))
    _assert_matches(schema, "/api/vault/{idea_id}", "get", auth_client.get(f"/api/vault/{idea_id}"))
    patched = auth_client.patch(f"/api/vault/{idea_id}", {"title": "Rain"}, format="json")
    _assert_matches(schema, "/api/vault/{idea_id}", "patch", patched)
    favorite = auth_client.post(f"/api/vault/{idea_id}/favorite")
    _assert_matches(schema, "/api/vault/{idea_id}/favorite", "post", favorite)
    merged = auth_client.post(f"/api/vault/{idea_id}/merge", {"idea_ids": [other_idea]}, format="json")
    assert merged.status_code == 201
    _assert_matches(schema, "/api/vault/{idea_id}/merge", "post", merged)

    event = auth_client.post(
        "/api/analytics", {"event_type": "studio_open", "event_data": {"genre": "lofi"}}, format="json"
    )
    assert event.status_code == 201
    _assert_matches(schema, "/api/analytics", "post", event)
    analytics_record(user=user, event_type="generation_started", event_data={"genre": "trap"})
    _assert_matches(schema, "/api/analytics/user", "get", auth_client.get("/api/analytics/user"))
    _assert_matches(schema, "/api/user/producer-dna", "get", auth_client.get("/api/user/producer-dna"))
    _assert_matches(schema, "/api/user/creativity-score", "get", auth_client.get("/api/user/creativity-score"))

    deleted = auth_client.delete(f"/api/projects/{project_id}")
    _assert_matches(schema, "/api/projects/{project_id}", "delete", deleted)
    gone = auth_client.get(f"/api/projects/{project_id}")
    assert gone.status_code == 404
    _assert_matches(schema, "/api/projects/{project_id}", "get", gone)


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_use_local_assets(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn.jsdelivr" not in html


def test_challenge_responses_match_the_schema(schema, auth_client, user):
    from tests.challenges.conftest import make_challenge, make_generation

    challenge = make_challenge("open")
    base = "/api/challenges/{challenge_id}"
    _assert_matches(schema, "/api/challenges", "get", auth_client.get("/api/challenges"))
    joined = auth_client.post(f"/api/challenges/{challenge.pk}/join")
    assert joined.status_code == 201
    _assert_matches(schema, f"{base}/join", "post", joined)
    generation = make_generation(user)
    checked = auth_client.post(f"/api/challenges/{challenge.pk}/check", {"generation_id": str(generation.pk)})
    assert checked.status_code == 200
    _assert_matches(schema, f"{base}/check", "post", checked)
    submitted = auth_client.post(
        f"/api/challenges/{challenge.pk}/submit", {"generation_id": str(generation.pk)}, format="json"
    )
    assert submitted.status_code == 201
    submission_id = _assert_matches(schema, f"{base}/submit", "post", submitted)["data"]["submission_id"]
    _assert_matches(schema, base, "get", auth_client.get(f"/api/challenges/{challenge.pk}"))
    _assert_matches(schema, f"{base}/progress", "get", auth_client.get(f"/api/challenges/{challenge.pk}/progress"))
    _assert_matches(
        schema, f"{base}/submissions", "get", auth_client.get(f"/api/challenges/{challenge.pk}/submissions")
    )
    mine = auth_client.get(f"/api/challenges/{challenge.pk}/submissions/{submission_id}")
    assert mine.status_code == 200
    _assert_matches(schema, f"{base}/submissions/{{submission_id}}", "get", mine)
    _assert_matches(
        schema, f"{base}/leaderboard", "get", auth_client.get(f"/api/challenges/{challenge.pk}/leaderboard")
    )
    _assert_matches(schema, "/api/challenges/leaderboard", "get", auth_client.get("/api/challenges/leaderboard"))
    _assert_matches(schema, "/api/xp", "get", auth_client.get("/api/xp"))


def test_marketplace_and_subscription_responses_match_the_schema(schema, auth_client, other_client, user):
    _assert_matches(schema, "/api/subscription", "get", auth_client.get("/api/subscription"))
    generation = _completed_generation(user, "melody", {"genre": "lofi"})
    body = {"kind": "midi_pack", "title": "Night drive MIDI", "price_cents": 0, "generation_ids": [generation.pk]}
    listed = auth_client.post("/api/marketplace", body, format="json")
    assert listed.status_code == 201, listed.content
    listing_id = _assert_matches(schema, "/api/marketplace", "post", listed)["data"]["id"]
    _assert_matches(schema, "/api/marketplace", "get", other_client.get("/api/marketplace"))
    bought = other_client.post(f"/api/marketplace/{listing_id}/purchase")
    assert bought.status_code == 201, bought.content
    _assert_matches(schema, "/api/marketplace/{listing_id}/purchase", "post", bought)
    reviewed = other_client.post(f"/api/marketplace/{listing_id}/review", {"rating": 5, "text": "Warm"}, format="json")
    assert reviewed.status_code == 201, reviewed.content
    _assert_matches(schema, "/api/marketplace/{listing_id}/review", "post", reviewed)
    detail = other_client.get(f"/api/marketplace/{listing_id}")
    assert detail.json()["data"]["reviews"][0]["rating"] == 5
    _assert_matches(schema, "/api/marketplace/{listing_id}", "get", detail)
    _assert_matches(schema, "/api/marketplace/library", "get", other_client.get("/api/marketplace/library"))
    _assert_matches(schema, "/api/marketplace/sales", "get", auth_client.get("/api/marketplace/sales"))
