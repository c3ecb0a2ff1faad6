"""Credentials revoked for real: password changes and resets end JWTs and sockets; revoked API keys
and logged-out tokens close the sockets opened with them. A status read costs one query (the
generation row: the credential's user is remembered, accounts/auth_cache.py), and every revocation
the product offers still counts on the very next request."""

from __future__ import annotations

import io
import re
import time
from types import SimpleNamespace

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from accounts.models import User
from coprod.asgi import application
from generation.models import Generation
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


def _generation(user):
    return Generation.objects.create(owner=user, tool="melody", parameters={}, seed=1, status="completed", result={})


def _api_key(user) -> tuple[APIClient, str]:
    """A client with a new API key of ``user`` (made through the API), and the key's id."""
    created = _bearer(login_token(APIClient(), user.email)).post("/api/user/api-keys", {"name": "daw"}, format="json")
    return _bearer(created.json()["data"]["key"]), created.json()["data"]["id"]


@pytest.mark.django_db
def test_authenticated_status_read_is_one_query_and_logout_still_revokes_at_once(user, django_assert_num_queries):
    generation = _generation(user)
    client = _bearer(login_token(APIClient(), user.email))
    assert client.get(f"/api/generate/{generation.pk}/status").status_code == 200  # remembers the token's user
    with django_assert_num_queries(1):  # the generation row: the token's user and blacklist check are cached
        response = client.get(f"/api/generate/{generation.pk}/status")
    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert client.post("/api/auth/logout").status_code == 200
    assert client.get(f"/api/generate/{generation.pk}/status").status_code == 401


@pytest.mark.django_db
def test_api_key_status_read_is_one_query_and_revocation_counts_on_the_next_request(user, django_assert_num_queries):
    generation = _generation(user)
    client, key_id = _api_key(user)
    assert client.get(f"/api/generate/{generation.pk}/status").status_code == 200
    with django_assert_num_queries(1):
        assert client.get(f"/api/generate/{generation.pk}/status").status_code == 200

    owner = _bearer(login_token(APIClient(), user.email))
    assert owner.delete(f"/api/user/api-keys/{key_id}").status_code == 200

    refused = client.get(f"/api/generate/{generation.pk}/status")
    assert refused.status_code == 401
    assert refused.json()["details"] == "Invalid or revoked API key"


@pytest.mark.django_db
def test_a_remembered_user_loads_the_rest_of_its_row_in_one_query_when_a_view_needs_it(user):
    user.first_name, user.bio = "Ada", "beats"
    user.save()
    client = _bearer(login_token(APIClient(), user.email))
    assert client.get("/api/user").status_code == 200  # remembers the token's user
    with CaptureQueriesContext(connection) as queries:
        profile = client.get("/api/user").json()["data"]
    user_rows = [q["sql"] for q in queries if 'FROM "accounts_user"' in q["sql"]]
    assert len(user_rows) == 1  # one query for every field the profile shows, not one per field
    assert (profile["first_name"], profile["bio"], profile["email"]) == ("Ada", "beats", user.email)


def _png() -> SimpleUploadedFile:
    image = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(image, "PNG")
    return SimpleUploadedFile("me.png", image.getvalue(), content_type="image/png")


@pytest.mark.django_db
def test_a_remembered_user_can_replace_its_avatar_and_the_old_file_goes(user, django_capture_on_commit_callbacks):
    """The user from the auth cache loads its avatar late; django-cleanup still deletes the old file."""
    client = _bearer(login_token(APIClient(), user.email))
    assert client.put("/api/user", {"avatar": _png()}, format="multipart").status_code == 200
    first = User.objects.get(pk=user.pk).avatar
    assert first.storage.exists(first.name)

    with django_capture_on_commit_callbacks(execute=True):  # django-cleanup deletes once the save commits
        replaced = client.put("/api/user", {"avatar": _png()}, format="multipart")  # the user is remembered now

    assert replaced.status_code == 200, replaced.content
    second = User.objects.get(pk=user.pk).avatar
    assert second.name != first.name and second.storage.exists(second.name)
    assert not first.storage.exists(first.name)


@pytest.mark.django_db
def test_views_read_the_plan_from_the_row_and_the_rate_limit_follows_every_plan_change(user, rf):
    from django.contrib import admin

    from accounts.billing.services import user_plan_sync

    client = _bearer(login_token(APIClient(), user.email))
    assert client.get("/api/user")["X-RateLimit-Limit"] == "100"
    User.objects.filter(pk=user.pk).update(subscription_tier="pro")  # a change that no service made
    response = client.get("/api/user")
    assert response.json()["data"]["subscription_tier"] == "pro"  # views and plan gates read the row
    assert response["X-RateLimit-Limit"] == "100"  # the remembered plan, for AUTH_CACHE_SECONDS at most

    request = rf.post("/admin/accounts/user/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    user.subscription_tier = "pro"
    form = SimpleNamespace(changed_data=["subscription_tier"], initial={"subscription_tier": "free"})
    admin.site._registry[User].save_model(request, user, form, change=True)
    assert client.get("/api/user")["X-RateLimit-Limit"] == "500"

    # Billing finds no subscription behind "pro" and sets the plan back: the limit follows at once.
    assert user_plan_sync(user=User.objects.get(pk=user.pk)) == "free"
    assert client.get("/api/user")["X-RateLimit-Limit"] == "100"


@pytest.mark.django_db
def test_deactivating_a_user_or_changing_a_password_in_the_admin_revokes_at_once(user, rf):
    from django.contrib import admin

    generation = _generation(user)
    jwt_client = _bearer(login_token(APIClient(), user.email))
    key_client, _ = _api_key(user)
    for client in (jwt_client, key_client):
        assert client.get(f"/api/generate/{generation.pk}/status").status_code == 200

    staff = UserFactory(is_staff=True, is_superuser=True)
    request = rf.post("/admin/accounts/user/")
    request.user = staff
    user.is_active = False
    user_admin = admin.site._registry[User]
    user_admin.save_model(request, user, SimpleNamespace(changed_data=["is_active"]), change=True)
    for client in (jwt_client, key_client):
        assert client.get(f"/api/generate/{generation.pk}/status").status_code == 401

    user.is_active = True
    user_admin.save_model(request, user, SimpleNamespace(changed_data=["is_active"]), change=True)
    assert jwt_client.get(f"/api/generate/{generation.pk}/status").status_code == 200
    form = user_admin.change_password_form(user, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert form.is_valid(), form.errors
    form.save()
    assert jwt_client.get(f"/api/generate/{generation.pk}/status").status_code == 401
    assert key_client.get(f"/api/generate/{generation.pk}/status").status_code == 200  # keys survive a new password


@pytest.mark.django_db
def test_an_api_key_revoked_or_deleted_in_the_admin_stops_working_at_once(user, rf):
    from django.contrib import admin

    from accounts.models import ApiKey

    generation = _generation(user)
    client, key_id = _api_key(user)
    assert client.get(f"/api/generate/{generation.pk}/status").status_code == 200
    request = rf.post("/admin/accounts/apikey/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    key_admin = admin.site._registry[ApiKey]
    key = ApiKey.objects.get(pk=key_id)
    key.revoked_at = timezone.now()
    key_admin.save_model(request, key, None, change=True)
    assert client.get(f"/api/generate/{generation.pk}/status").status_code == 401

    other, other_id = _api_key(user)
    assert other.get(f"/api/generate/{generation.pk}/status").status_code == 200
    key_admin.delete_queryset(request, ApiKey.objects.filter(pk=other_id))
    assert other.get(f"/api/generate/{generation.pk}/status").status_code == 401


@pytest.mark.django_db
def test_a_change_made_outside_the_product_counts_within_auth_cache_seconds(user, settings):
    """A shell or SQL change forgets nothing: it takes effect once the remembered entry expires."""
    settings.AUTH_CACHE_SECONDS = 1
    generation = _generation(user)
    client = _bearer(login_token(APIClient(), user.email))
    assert client.get(f"/api/generate/{generation.pk}/status").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    deadline = time.monotonic() + 1.5  # the bound, and a little for a slow machine
    while client.get(f"/api/generate/{generation.pk}/status").status_code == 200:
        assert time.monotonic() < deadline, "a deactivated user still authenticates after AUTH_CACHE_SECONDS"
        time.sleep(0.1)


@pytest.mark.django_db
def test_credentials_still_resolve_from_the_database_when_the_cache_is_down(user):
    generation = _generation(user)
    client = _bearer(login_token(APIClient(), user.email))
    key_client, _ = _api_key(user)
    dead = {"default": {"BACKEND": "coprod.redis.RedisCache", "LOCATION": "unix:///nonexistent/redis.sock"}}
    with override_settings(CACHES=dead, REDIS_URL="unix:///nonexistent/redis.sock"):
        for each in (client, key_client):
            response = each.get(f"/api/generate/{generation.pk}/status")
            assert response.status_code == 200, response.content


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
