"""Failed-login backoff per account and per IP, on the API and on allauth's login page."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from tests.conftest import USER_PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class _Clock:
    """Stands in for ``time.time`` in the throttle so lockouts can expire without sleeping."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    from accounts import login_throttle

    fake = _Clock(1_900_000_000.0)
    monkeypatch.setattr(login_throttle, "_now", fake)
    return fake


def _login(client, email, password, ip="198.51.100.1"):
    return client.post("/api/auth/login", {"email": email, "password": password}, format="json", REMOTE_ADDR=ip)


def test_25_wrong_passwords_end_in_429_with_retry_after(api_client, user, clock):
    responses = [_login(api_client, user.email, "wrong-password") for _ in range(25)]
    assert [r.status_code for r in responses] == [401] * 6 + [429] * 19
    last = responses[-1]
    assert last.json() == {
        "error": "Rate limit exceeded",
        "retry_after": 1,
        "details": "Too many failed login attempts",
    }
    assert last["Retry-After"] == "1"


def test_locked_account_is_refused_even_with_the_right_password(api_client, user, clock):
    for _ in range(6):
        _login(api_client, user.email, "wrong-password")
    response = _login(api_client, user.email, USER_PASSWORD)
    assert response.status_code == 429
    assert "token" not in response.json()


def test_backoff_doubles_and_a_success_resets_it(api_client, user, clock):
    for _ in range(6):
        assert _login(api_client, user.email, "wrong-password").status_code == 401
    waits = []
    for _ in range(3):
        refused = _login(api_client, user.email, "wrong-password")
        assert refused.status_code == 429
        waits.append(refused.json()["retry_after"])
        clock.now += refused.json()["retry_after"]
        assert _login(api_client, user.email, "wrong-password").status_code == 401
    assert waits == [1, 2, 4]

    clock.now += 60
    assert _login(api_client, user.email, USER_PASSWORD).status_code == 200
    # Forgotten: five free failures again, then the lockout starts from one second.
    assert [_login(api_client, user.email, "wrong-password").status_code for _ in range(7)] == [401] * 6 + [429]


def test_unknown_emails_are_throttled_like_known_ones(api_client, db, clock):
    statuses = [_login(api_client, "nobody@example.com", "wrong-password").status_code for _ in range(7)]
    assert statuses == [401] * 6 + [429]


def test_one_ip_guessing_across_accounts_is_throttled_other_ips_are_not(api_client, clock):
    users = [UserFactory() for _ in range(11)]
    statuses = [_login(api_client, u.email, "wrong-password").status_code for u in users for _ in range(2)]
    # 20 free failures per IP, the 21st locks the IP for a second; each account saw only two.
    assert statuses == [401] * 21 + [429]
    fresh = UserFactory()
    assert _login(api_client, fresh.email, USER_PASSWORD).status_code == 429
    assert _login(api_client, fresh.email, USER_PASSWORD, ip="198.51.100.2").status_code == 200


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_forwarded_client_is_throttled(api_client, user, clock):
    guesses = iter(range(100))

    def attempt(client_ip):
        return api_client.post(
            "/api/auth/login",
            {"email": f"guess{next(guesses)}@example.com", "password": "x"},
            format="json",
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"{client_ip}, 10.0.0.9",
        )

    assert [attempt("203.0.113.7").status_code for _ in range(22)] == [401] * 21 + [429]
    # Another client behind the same proxy is not locked out with the first.
    assert attempt("203.0.113.8").status_code == 401


def test_login_page_answers_429_with_retry_after_and_does_not_log_in(user, clock):
    browser = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(6):
        page = browser.post("/accounts/login/", {"login": user.email, "password": "wrong-password"})
        assert page.status_code == 200
    refused = browser.post("/accounts/login/", {"login": user.email, "password": USER_PASSWORD})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"
    assert "Too many failed login attempts. Try again in 1 seconds." in refused.content.decode()
    assert browser.get("/account/").status_code == 302  # still signed out


def test_page_and_api_share_one_count(api_client, user, clock):
    browser = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(6):
        browser.post("/accounts/login/", {"login": user.email, "password": "wrong-password"})
    assert _login(api_client, user.email, USER_PASSWORD).status_code == 429


def test_login_fails_closed_when_the_cache_is_unreachable(api_client, user):
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "unix:///nonexistent/redis.sock",
            }
        }
    ):
        response = _login(APIClient(), user.email, USER_PASSWORD)
    assert response.status_code == 503
    assert response.json() == {"error": "Service temporarily unavailable", "retry_after": 5}
    assert "token" not in response.json()
