"""Fixtures shared by the whole suite: users, authenticated API clients, a clean rate-limit counter.

Django is imported lazily so the engine tests also run without it (``pytest -p no:django tests/engine``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

USER_PASSWORD = "Tr4p-Melody-140!"


def _django_ready() -> bool:
    try:
        from django.conf import settings

        return bool(settings.configured)
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture(autouse=True)
def _clean_cache(request: pytest.FixtureRequest) -> Iterator[None]:
    """Rate-limit counters live in Redis; every Django test starts with none."""
    if _django_ready() and "engine" not in request.node.nodeid.split("/")[1:2]:
        from django.core.cache import cache

        cache.clear()
    yield


@pytest.fixture(scope="session", autouse=True)
def _media_root() -> Iterator[None]:
    yield
    if _django_ready():
        from django.conf import settings

        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def user(db: Any) -> Any:
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def other_user(db: Any) -> Any:
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def api_client() -> Any:
    from rest_framework.test import APIClient

    return APIClient()


def login_token(client: Any, email: str, password: str = USER_PASSWORD) -> str:
    response = client.post("/api/auth/login", {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def bearer_client(user: Any) -> Any:
    """An API client sending ``user``'s JWT as a Bearer token."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login_token(client, user.email)}")
    return client


@pytest.fixture
def auth_client(user: Any) -> Any:
    return bearer_client(user)


@pytest.fixture
def other_client(other_user: Any) -> Any:
    return bearer_client(other_user)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API keeps an event loop running in the main
    thread for the rest of the session, which the asyncio tests could not start beside."""
    items.sort(key=lambda item: "/e2e/" in str(item.fspath))
