"""API bodies sent without ``Content-Length`` (``Transfer-Encoding: chunked``) are read, and bounded.

Through the ASGI application, as uvicorn hands such a request to Django: headers without a length,
the body in the ``http.request`` message.
"""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import HttpCommunicator

from coprod.asgi import application
from projects.models import Project
from tests.conftest import login_token

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def _post_chunked(token: str, path: str, body: bytes) -> tuple[int, dict]:
    headers = [
        (b"authorization", f"Bearer {token}".encode()),
        (b"content-type", b"application/json"),
        (b"transfer-encoding", b"chunked"),
        (b"host", b"testserver"),
    ]
    response = await HttpCommunicator(application, "POST", path, body=body, headers=headers).get_response(timeout=60)
    return response["status"], json.loads(response["body"])


async def _token() -> tuple[object, str]:
    from rest_framework.test import APIClient

    from tests.factories import UserFactory

    user = await sync_to_async(UserFactory)()
    return user, await sync_to_async(login_token)(APIClient(), user.email)


async def test_a_chunked_json_body_is_parsed_not_dropped():
    user, token = await _token()

    status, body = await _post_chunked(
        token, "/api/projects", json.dumps({"name": "Sent chunked", "bpm": 100}).encode()
    )

    assert status == 201, body
    project = await sync_to_async(Project.objects.get)(owner=user)
    assert (project.name, project.bpm) == ("Sent chunked", 100)


async def test_a_chunked_body_over_the_limit_is_a_413_and_stores_nothing(settings):
    user, token = await _token()
    settings.API_MAX_BODY_BYTES = 64  # after the login, whose own body is larger

    status, body = await _post_chunked(token, "/api/projects", json.dumps({"name": "x" * 100}).encode())

    assert status == 413
    assert body == {"error": "Request body too large", "details": "Request body exceeds 64 bytes"}
    assert not await sync_to_async(Project.objects.filter(owner=user).exists)()
