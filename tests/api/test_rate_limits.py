"""Per-plan rate limits, counted in Redis and reported in headers on every API response."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings

from coprod.api.throttling import WINDOW_SECONDS, counter_key
from coprod.redis import redis_client
from tests.conftest import bearer_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_headers_on_every_api_response(auth_client):
    response = auth_client.get("/api/user")
    assert response["X-RateLimit-Limit"] == "100"
    assert int(response["X-RateLimit-Remaining"]) == 99
    reset = int(response["X-RateLimit-Reset"])
    assert time.time() < reset <= time.time() + WINDOW_SECONDS + 1

    second = auth_client.get("/api/user")
    assert int(second["X-RateLimit-Remaining"]) == 98


def test_unauthenticated_requests_count_and_carry_headers(api_client):
    response = api_client.get("/api/user")
    assert response.status_code == 401
    assert response["X-RateLimit-Limit"] == "100"
    assert response["X-RateLimit-Remaining"] == "99"


def test_limits_follow_the_plan():
    pro = bearer_client(UserFactory(subscription_tier="pro"))
    assert pro.get("/api/user")["X-RateLimit-Limit"] == "500"
    plus = bearer_client(UserFactory(subscription_tier="producer_plus"))
    response = plus.get("/api/user")
    assert response["X-RateLimit-Limit"] == "unlimited"
    assert response["X-RateLimit-Remaining"] == "unlimited"


@override_settings(RATE_LIMITS_PER_MINUTE={"free": 3, "pro": 500, "producer_plus": None})
def test_free_plan_gets_429_after_its_limit(auth_client, user):
    statuses = [auth_client.get("/api/user").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


@override_settings(RATE_LIMITS_PER_MINUTE={"free": 3, "pro": 500, "producer_plus": None})
def test_count_is_shared_through_redis(auth_client, user):
    """Another web process counting for the same user is visible here: the count lives in Redis."""
    window = int(time.time() // WINDOW_SECONDS)
    redis_client().set(counter_key(f"user:{user.pk}", window), 3, ex=120)
    response = auth_client.get("/api/user")
    assert response.status_code == 429
    assert response["X-RateLimit-Remaining"] == "0"


def test_html_pages_carry_no_rate_limit_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "X-RateLimit-Limit" not in response
    assert "X-Request-ID" in response
