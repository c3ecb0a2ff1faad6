"""Every v1 list pages the same way (section 2.2's ``limit``/``offset``): generations, batches, playlists."""

from __future__ import annotations

import pytest

from generation.models import Batch, Generation, Playlist

pytestmark = pytest.mark.django_db


def _data(response):
    assert response.status_code == 200, response.content
    return response.json()["data"]


def test_an_offset_past_any_database_integer_is_an_empty_page(auth_client, user):
    Generation.objects.create(owner=user, tool="melody", seed=1)

    for offset in (1, 10**19, 10**23):
        data = _data(auth_client.get(f"/v1/ai/generations?offset={offset}"))
        assert data["generations"] == []
        assert data["pagination"] == {"total": 1, "limit": 20, "offset": offset, "has_more": False}


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=abc", "offset=-1", "offset=1e3"])
@pytest.mark.parametrize("path", ["/v1/ai/generations", "/v1/ai/batches", "/v1/ai/playlists"])
def test_bad_paging_is_a_validation_error_on_every_list(auth_client, path, query):
    response = auth_client.get(f"{path}?{query}")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert error["details"]["parameter"] == query.split("=")[0]


def test_batches_are_paged_newest_first(auth_client, user, other_user):
    batches = [Batch.objects.create(owner=user) for _ in range(3)]
    Batch.objects.create(owner=other_user)

    first = _data(auth_client.get("/v1/ai/batches?limit=2"))
    second = _data(auth_client.get("/v1/ai/batches?limit=2&offset=2"))

    assert [b["batch_id"] for b in first["batches"]] == [batches[2].public_id, batches[1].public_id]
    assert first["pagination"] == {"total": 3, "limit": 2, "offset": 0, "has_more": True}
    assert [b["batch_id"] for b in second["batches"]] == [batches[0].public_id]
    assert second["pagination"] == {"total": 3, "limit": 2, "offset": 2, "has_more": False}


def test_playlists_are_paged_newest_first(auth_client, user, other_user):
    playlists = [Playlist.objects.create(owner=user, name=f"Mix {n}", transition_style="smooth") for n in range(3)]
    Playlist.objects.create(owner=other_user, name="Not mine", transition_style="smooth")

    page = _data(auth_client.get("/v1/ai/playlists?limit=1&offset=1"))

    assert [p["playlist_id"] for p in page["playlists"]] == [playlists[1].public_id]
    assert page["pagination"] == {"total": 3, "limit": 1, "offset": 1, "has_more": True}
