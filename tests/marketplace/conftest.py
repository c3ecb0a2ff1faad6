"""Marketplace fixtures: a seller with finished ideas, and Stripe faked at the HTTP boundary."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fake_stripe import fake_stripe  # noqa: F401 - fixture
from tests.projects.test_exports import _generation


@pytest.fixture
def seller(user: Any) -> Any:
    return user


@pytest.fixture
def seller_client(auth_client: Any) -> Any:
    return auth_client


@pytest.fixture
def buyer(other_user: Any) -> Any:
    return other_user


@pytest.fixture
def buyer_client(other_client: Any) -> Any:
    return other_client


@pytest.fixture
def idea(seller: Any) -> Any:
    """A completed generation of the seller's."""
    return _generation(seller)


def list_item(client: Any, idea: Any, **fields: Any) -> dict[str, Any]:
    body = {"kind": "midi_pack", "title": "Night drive MIDI", "price_cents": 0, "generation_ids": [idea.pk], **fields}
    response = client.post("/api/marketplace", body, format="json")
    assert response.status_code == 201, response.content
    return dict(response.json()["data"])
