"""``GET /api/projects?status=``: one of the documented statuses, or a 400 naming them (not an empty page)."""

from __future__ import annotations

import pytest

from projects.models import Project

pytestmark = pytest.mark.django_db


def test_each_documented_status_filters(auth_client, user):
    Project.objects.create(owner=user, name="Sketch", status="draft")
    Project.objects.create(owner=user, name="Done", status="completed")

    for status, names in (("draft", ["Sketch"]), ("completed", ["Done"]), ("archived", []), ("", ["Done", "Sketch"])):
        body = auth_client.get(f"/api/projects?status={status}").json()
        assert sorted(p["name"] for p in body["data"]) == names, status


@pytest.mark.parametrize("status", ["bogus", "Draft", "in progress"])
def test_an_unknown_status_is_a_400_naming_the_values(auth_client, user, status):
    Project.objects.create(owner=user, name="Sketch", status="draft")

    response = auth_client.get("/api/projects", {"status": status})

    assert response.status_code == 400
    assert response.json() == {
        "error": "Invalid request data",
        "details": {"status": ["Invalid parameter: status must be one of: draft, in_progress, completed, archived"]},
    }
