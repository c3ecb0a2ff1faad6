"""The Idea Vault: save, list and filter, favourite, merge (really combining the music), ownership."""

from __future__ import annotations

import io

import mido
import pytest

from generation.engine import results, tools
from generation.engine.theory import Key
from generation.models import Generation
from vault.models import Idea
from vault.services import idea_render_files

pytestmark = pytest.mark.django_db


def _generation(user, tool, params, seed=1):
    result = tools.generate(tool, tools.validate_parameters(tool, params), seed=seed)
    return Generation.objects.create(
        owner=user,
        tool=tool,
        parameters=params,
        seed=seed,
        status="completed",
        result=result,
        genre=result.get("genre") or "",
    )


def _save(client, generation, **extra):
    response = client.post("/api/vault", {"generation_id": generation.pk, **extra}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["data"]


def test_save_list_filter_favorite(auth_client, user):
    trap = _save(auth_client, _generation(user, "melody", {"genre": "trap"}), tags=["Dark", "hook"])
    _save(auth_client, _generation(user, "drums", {"genre": "house"}), title="four on the floor")
    listed = auth_client.get("/api/vault").json()
    assert listed["pagination"]["total"] == 2
    assert [i["title"] for i in auth_client.get("/api/vault?genre=house").json()["data"]] == ["four on the floor"]
    assert [i["id"] for i in auth_client.get("/api/vault?tag=dark").json()["data"]] == [trap["id"]]
    assert [i["id"] for i in auth_client.get("/api/vault?type=melody").json()["data"]] == [trap["id"]]
    assert len(auth_client.get("/api/vault?q=floor").json()["data"]) == 1
    assert auth_client.post(f"/api/vault/{trap['id']}/favorite").json()["data"]["is_favorite"] is True
    assert [i["id"] for i in auth_client.get("/api/vault?favorite=true").json()["data"]] == [trap["id"]]
    assert auth_client.post(f"/api/vault/{trap['id']}/favorite").json()["data"]["is_favorite"] is False
    # The MIDI file is written on a worker: until then the download says so (202 + Retry-After).
    pending = auth_client.get(f"/api/vault/{trap['id']}/midi")
    assert (pending.status_code, pending["Retry-After"], pending.json()["status"]) == (202, "2", "processing")
    idea_render_files(idea_id=trap["id"])  # what the worker does
    midi = auth_client.get(f"/api/vault/{trap['id']}/midi")
    assert midi.status_code == 200
    assert midi["Content-Type"] == "audio/midi"
    body = b"".join(midi.streaming_content)
    assert len(mido.MidiFile(file=io.BytesIO(body)).tracks) == 3  # conductor, melody, chords


def test_merge_combines_melody_harmony_and_drums_in_one_key_and_tempo(auth_client, user):
    melody = _save(
        auth_client, _generation(user, "melody", {"genre": "trap", "key": "C", "scale": "minor", "bpm": 140})
    )
    chords = _save(
        auth_client, _generation(user, "chords", {"genre": "pop", "key": "E", "scale": "major", "length": 4})
    )
    drums = _save(auth_client, _generation(user, "drums", {"genre": "house", "length": 4}))
    response = auth_client.post(
        f"/api/vault/{melody['id']}/merge", {"idea_ids": [chords["id"], drums["id"]]}, format="json"
    )
    assert response.status_code == 201, response.content
    merged = response.json()["data"]
    assert merged["type"] == "merge" and sorted(merged["merged_from"]) == sorted(
        [melody["id"], chords["id"], drums["id"]]
    )
    data = merged["data"]
    assert (data["key"], data["scale"], data["bpm"]) == ("C", "minor", 140)
    assert data["roles"] == {"melody": melody["id"], "chords": chords["id"], "drums": drums["id"]}
    parts = {p["name"]: p for p in data["parts"]}
    assert set(parts) >= {"melody", "chords", "drums"}
    key = Key(0, "minor")
    assert all(key.contains(n["note"]) for name in ("melody", "chords") for n in parts[name]["notes"])
    source_melody = Idea.objects.get(pk=melody["id"]).data["parts"][0]["notes"]
    assert [n["start_time"] for n in parts["melody"]["notes"]] == [n["start_time"] for n in source_melody]
    source_drums = Idea.objects.get(pk=drums["id"]).data["parts"][0]["notes"]
    assert [n["note"] for n in parts["drums"]["notes"][: len(source_drums)]] == [n["note"] for n in source_drums]
    # The E major progression arrives as the same degrees in C minor (I -> i ...), 4 bars looped to 8.
    source_roots = [c["root"] for c in Idea.objects.get(pk=chords["id"]).data["progression"]]
    degrees = [((r - 4) % 12) for r in source_roots]
    major, minor = (0, 2, 4, 5, 7, 9, 11), (0, 2, 3, 5, 7, 8, 10)
    assert [c["root"] for c in data["progression"][: len(degrees)]] == [minor[major.index(d)] for d in degrees]
    assert sum(c["duration_bars"] for c in data["progression"]) == data["bars"] == 8
    idea = results.idea_from_result(data)
    assert mido.MidiFile(file=io.BytesIO(__import__("generation.engine.writers", fromlist=["x"]).idea_to_midi(idea)))


def test_merge_needs_other_ideas_and_only_the_users_own(auth_client, other_client, user):
    mine = _save(auth_client, _generation(user, "melody", {}))
    assert auth_client.post(f"/api/vault/{mine['id']}/merge", {"idea_ids": []}, format="json").status_code == 400
    assert (
        auth_client.post(f"/api/vault/{mine['id']}/merge", {"idea_ids": [mine["id"]]}, format="json").status_code == 400
    )
    theirs = other_client.post(
        "/api/vault", {"data": tools.generate("drums", tools.validate_parameters("drums", {}), seed=1)}, format="json"
    ).json()["data"]
    assert (
        auth_client.post(f"/api/vault/{mine['id']}/merge", {"idea_ids": [theirs["id"]]}, format="json").status_code
        == 404
    )
    assert Idea.objects.filter(type="merge").count() == 0


def test_other_users_ideas_are_404(auth_client, other_client, user):
    idea = _save(auth_client, _generation(user, "melody", {}))
    for path in (f"/api/vault/{idea['id']}", f"/api/vault/{idea['id']}/midi"):
        assert other_client.get(path).status_code == 404
    assert other_client.post(f"/api/vault/{idea['id']}/favorite").status_code == 404
    assert other_client.get("/api/vault").json()["data"] == []


@pytest.mark.parametrize(
    "payload", [{}, {"data": {"not": "music"}}, {"generation_id": 99999}, {"data": {"parts": []}, "tags": ["x" * 40]}]
)
def test_bad_saves_store_nothing(auth_client, payload):
    assert auth_client.post("/api/vault", payload, format="json").status_code in (400, 404)
    assert Idea.objects.count() == 0


def test_vault_page(client, user):
    from tests.conftest import USER_PASSWORD

    generation = _generation(user, "surprise_me", {})
    Idea.objects.create(owner=user, title="starter", type="surprise_me", data=generation.result, generation=generation)
    client.login(email=user.email, password=USER_PASSWORD)
    html = client.get("/vault/").content.decode()
    assert "starter" in html and '<svg class="thumb"' in html and "Merge selected" in html


def test_retag_and_retitle_an_idea(auth_client, other_client, user):
    idea = _save(auth_client, _generation(user, "melody", {}))
    response = auth_client.patch(
        f"/api/vault/{idea['id']}", {"tags": ["Late Night", "hook"], "title": "night hook"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["data"]["tags"] == ["hook", "late night"]
    assert [i["title"] for i in auth_client.get("/api/vault?tag=hook").json()["data"]] == ["night hook"]
    assert other_client.patch(f"/api/vault/{idea['id']}", {"title": "mine now"}, format="json").status_code == 404
    assert auth_client.patch(f"/api/vault/{idea['id']}", {"tags": ["x" * 40]}, format="json").status_code == 400


def test_delete_an_idea_only_ones_own(auth_client, other_client, user):
    idea = _save(auth_client, _generation(user, "melody", {}))
    assert other_client.delete(f"/api/vault/{idea['id']}").status_code == 404
    assert Idea.objects.filter(pk=idea["id"]).exists()
    response = auth_client.delete(f"/api/vault/{idea['id']}")
    assert response.status_code == 200 and response.json()["message"] == "Idea deleted"
    assert not Idea.objects.filter(pk=idea["id"]).exists()
    assert Generation.objects.filter(owner=user).count() == 1  # the generation stays


def test_an_untitled_idea_is_named_in_words(auth_client, user):
    drums = _save(auth_client, _generation(user, "drums", {"genre": "boom_bap"}))
    melody = _save(auth_client, _generation(user, "melody", {"genre": "lofi"}))
    assert (drums["title"], melody["title"]) == ("boom bap drum pattern", "lofi melody")
