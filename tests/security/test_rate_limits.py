"""Rate limits that identify clients behind a proxy, cover page posts and WebSocket connects, and
fail closed for writes when Redis cannot be reached."""

from __future__ import annotations

import time

import pytest
import redis
from channels.testing import WebsocketCommunicator
from django.test import Client, override_settings

from accounts.models import ApiKey
from coprod.api import throttling
from coprod.api.throttling import WINDOW_SECONDS, counter_key
from coprod.asgi import application
from coprod.redis import redis_client
from projects.models import Project
from tests.conftest import USER_PASSWORD

pytestmark = pytest.mark.django_db


def _count(identity: str) -> int:
    return int(redis_client().get(counter_key(identity, int(time.time() // WINDOW_SECONDS))) or 0)


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_forwarded_client_is_counted_and_only_there(api_client):
    api_client.get("/api/user", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.9")
    assert (_count("ip:203.0.113.7"), _count("ip:10.1.2.3")) == (1, 0)
    # From a peer that is not our proxy the header is the client's own claim: ignored.
    api_client.get("/api/user", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert (_count("ip:198.51.100.4"), _count("ip:203.0.113.7")) == (1, 1)
    with override_settings(TRUSTED_PROXIES=[]):
        api_client.get("/api/user", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert (_count("ip:10.1.2.3"), _count("ip:203.0.113.7")) == (1, 1)


@override_settings(RATE_LIMITS_PER_MINUTE={"free": 2, "pro": 500, "producer_plus": None})
def test_page_posts_are_rate_limited(user):
    browser = Client()
    browser.login(email=user.email, password=USER_PASSWORD)
    statuses = [browser.post("/account/api-keys/", {"name": f"key {n}"}).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    refused = browser.post("/account/api-keys/", {"name": "key 4"})
    assert 1 <= int(refused["Retry-After"]) <= WINDOW_SECONDS
    assert "Too many requests" in refused.content.decode()
    assert ApiKey.objects.filter(user=user).count() == 2
    assert browser.get("/account/").status_code == 200  # reading pages is not counted


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@override_settings(WS_CONNECTS_PER_MINUTE=2)
async def test_websocket_connects_are_rate_limited():
    results = []
    for _ in range(3):
        communicator = WebsocketCommunicator(application, "/ws?token=garbage")
        results.append(await communicator.connect())
        await communicator.disconnect()
    assert results == [(False, 4401), (False, 4401), (False, 4429)]


@pytest.fixture
def redis_down(monkeypatch):
    dead = redis.Redis(unix_socket_path="/nonexistent/redis.sock", socket_connect_timeout=0.2, retry=None)
    monkeypatch.setattr(throttling, "redis_client", lambda: dead)


def test_writes_fail_closed_and_reads_go_through_when_redis_is_down(auth_client, user, redis_down):
    write = auth_client.post("/api/projects", {"name": "New song"}, format="json")
    assert write.status_code == 503
    assert write.json() == {"error": "Service temporarily unavailable", "retry_after": 5}
    assert write["Retry-After"] == "5"
    assert Project.objects.count() == 0
    assert auth_client.get("/api/user").status_code == 200


@pytest.mark.urls("tests.api.probe_urls")
def test_v1_writes_fail_closed_too(auth_client, redis_down):
    response = auth_client.post("/v1/ai/_probe", {"genre": "trap"}, format="json")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"


def test_page_posts_fail_closed_when_redis_is_down(user, redis_down):
    browser = Client()
    browser.login(email=user.email, password=USER_PASSWORD)
    response = browser.post("/account/api-keys/", {"name": "k"})
    assert response.status_code == 503
    assert ApiKey.objects.count() == 0


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_websocket_connects_fail_closed_when_redis_is_down(redis_down):
    communicator = WebsocketCommunicator(application, "/ws?token=garbage")
    assert await communicator.connect(timeout=10) == (False, 4429)
