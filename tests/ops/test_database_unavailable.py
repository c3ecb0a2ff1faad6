"""A database that cannot be reached is a clean 503 in each API's error shape (and on pages), not a 500."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from rest_framework.test import APIClient

from projects.models import Project

DOWN = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def _database_down():
    return mock.patch.object(CursorWrapper, "execute", side_effect=DOWN)


@pytest.mark.django_db
def test_coprod_api_answers_503_with_retry_after(user):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    with _database_down():
        response = client.get("/api/projects")
    assert response.status_code == 503
    assert response.json() == {"error": "Service temporarily unavailable", "retry_after": 5}
    assert response["Retry-After"] == "5"


@pytest.mark.django_db
def test_v1_api_answers_503_in_its_envelope(user):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    with _database_down():
        response = client.get("/v1/ai/generations")
    assert response.status_code == 503
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert body["error"]["details"] == {"retry_after": 5}
    assert body["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db(transaction=True)
def test_a_write_fails_cleanly_and_stores_nothing(user):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    with _database_down():
        response = client.post("/api/projects", {"name": "Lost"}, format="json")
    assert response.status_code == 503
    assert not Project.objects.filter(name="Lost").exists()


@pytest.mark.django_db
def test_pages_answer_503_when_the_session_cannot_be_read(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    with _database_down():
        response = client.get("/projects/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


@pytest.mark.django_db
def test_after_the_database_is_back_the_same_client_is_served(user):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    with _database_down():
        assert client.get("/api/projects").status_code == 503
    response = client.get("/api/projects")
    assert response.status_code == 200


@pytest.mark.django_db
def test_other_crashes_stay_500(user):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    with mock.patch.object(CursorWrapper, "execute", side_effect=RuntimeError("bug")):
        response = client.get("/api/projects")
    assert response.status_code == 500
    assert response.json() == {"error": "Internal server error"}
