"""The OpenAPI schema covers the endpoints and is a valid OpenAPI 3 document; the docs pages load offline."""

from __future__ import annotations

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_use_local_assets(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn.jsdelivr" not in html
