"""Credentials revoked for real: password changes and resets end JWTs and sockets; revoked API keys
and logged-out tokens close the sockets opened with them; a token's status read costs one query."""

from __future__ import annotations

import re

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from coprod.asgi import application
from tests.conftest import USER_PASSWORD, login_token
from tests.factories import UserFactory

NEW_PASSWORD = "Brand-new-pass-77"


def _bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.mark.django_db
def test_password_change_on_the_account_pages_revokes_the_users_jwts(user):
    token = login_token(APIClient(), user.email)
    assert _bearer(token).get("/api/user").status_code == 200
    browser = Client()
    browser.login(email=user.email, password=USER_PASSWORD)
    changed = browser.post(
        "/accounts/password/change/",
        {"oldpassword": USER_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert _bearer(token).get("/api/user").status_code == 401
    # The new password gets a working token; the browser that changed it stays signed in.
    assert _bearer(login_token(APIClient(), user.email, NEW_PASSWORD)).get("/api/user").status_code == 200
    assert browser.get("/account/").status_code == 200


@pytest.mark.django_db
def test_password_reset_revokes_the_users_jwts(user):
    token = login_token(APIClient(), user.email)
    browser = Client()
    browser.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    page = browser.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    done = browser.post(page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert _bearer(token).get("/api/user").status_code == 401


@pytest.mark.django_db
def test_authenticated_status_read_is_one_query_and_logout_still_revokes_at_once(user, django_assert_num_queries):
    token = login_token(APIClient(), user.email)
    client = _bearer(token)
    assert client.get("/api/notifications/read-all").status_code == 405  # warms the token cache
    with django_assert_num_queries(1):  # the user row; the blacklist check is cached
        assert client.get("/api/notifications/read-all").status_code == 405
    assert client.post("/api/auth/logout").status_code == 200
    assert client.get("/api/user").status_code == 401


async def _socket(path: str) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, path)
    connected, _ = await communicator.connect()
    assert connected
    assert (await communicator.receive_json_from())["type"] == "connected"
    return communicator


async def _closed_with(communicator: WebsocketCommunicator) -> int | None:
    output = await communicator.receive_output(timeout=3)
    assert output["type"] == "websocket.close"
    return output.get("code")


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_revoking_an_api_key_closes_only_the_sockets_opened_with_it():
    user = await sync_to_async(UserFactory)()
    client = _bearer(await sync_to_async(login_token)(APIClient(), user.email))
    created = await sync_to_async(client.post)("/api/user/api-keys", {"name": "daw"}, format="json")
    key_id, raw_key = created.json()["data"]["id"], created.json()["data"]["key"]
    other_key = (await sync_to_async(client.post)("/api/user/api-keys", {"name": "other"}, format="json")).json()[
        "data"
    ]["key"]

    with_key = await _socket(f"/ws?token={raw_key}")
    with_other_key = await _socket(f"/ws?token={other_key}")
    assert (await sync_to_async(client.delete)(f"/api/user/api-keys/{key_id}")).status_code == 200

    assert await _closed_with(with_key) == 4401
    assert await with_other_key.receive_nothing(timeout=0.5)
    await with_other_key.send_json_to({"type": "ping"})
    assert await with_other_key.receive_json_from() == {"type": "pong"}
    await with_other_key.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_password_change_closes_the_users_sockets():
    user = await sync_to_async(UserFactory)()
    token = await sync_to_async(login_token)(APIClient(), user.email)
    socket = await _socket(f"/ws?token={token}")

    def change_password():
        browser = Client()
        browser.login(email=user.email, password=USER_PASSWORD)
        return browser.post(
            "/accounts/password/change/",
            {"oldpassword": USER_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )

    assert (await sync_to_async(change_password)()).status_code == 302
    assert await _closed_with(socket) == 4401
    # And the old token cannot open a new one.
    refused = WebsocketCommunicator(application, f"/ws?token={token}")
    assert await refused.connect() == (False, 4401)


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_logout_closes_the_sockets_opened_with_that_token():
    user = await sync_to_async(UserFactory)()
    token = await sync_to_async(login_token)(APIClient(), user.email)
    socket = await _socket(f"/ws?token={token}")
    assert (await sync_to_async(_bearer(token).post)("/api/auth/logout")).status_code == 200
    assert await _closed_with(socket) == 4401
