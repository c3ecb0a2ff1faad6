"""continue, reharmonize, drumify and groove through the Co-Prod API on an uploaded file, a result or a vault idea."""

from __future__ import annotations

import io

import mido
import pytest

from generation.models import Generation
from tests.engine.known_midi import c_minor_song, corpus_midi

MELODY = {"genre": "pop", "key": "A", "scale": "minor", "bpm": 100, "melody_length": 4, "seed": 2}


def upload(client, data: bytes) -> int:
    response = client.post("/api/midi", {"file": io.BytesIO(data)}, format="multipart")
    assert response.status_code == 201, response.content
    return int(response.json()["data"]["id"])


def test_continue_an_uploaded_file(celery_worker, auth_client):
    midi_id = upload(auth_client, corpus_midi("bach/bwv66.6")[0])
    response = auth_client.post(
        "/api/generate/continue", {"midi_file_id": midi_id, "bars": 2, "seed": 4}, format="json"
    )
    assert response.status_code == 200, response.content
    data = response.json()["data"]
    assert (data["type"], data["key"], data["scale"], data["time_signature"]) == ("continuation", "F#", "minor", "4/4")
    assert (data["source_bars"], data["added_bars"], data["bars"]) == (9, 2, 11)
    assert data["analysis"]["roles"] == {"Soprano": "melody", "Alto": "harmony", "Tenor": "harmony", "Bass": "bass"}
    assert data["notes"][-1]["note"] % 12 == 6  # the tune ends on F#
    generation = Generation.objects.get(pk=response.json()["generation_id"])
    assert (generation.tool, generation.parameters["bars"]) == ("continue", 2)


def test_reharmonize_a_result_and_drumify_a_vault_idea(celery_worker, auth_client, other_client):
    melody = auth_client.post("/api/generate/melody", MELODY, format="json").json()
    response = auth_client.post(
        "/api/generate/reharmonize",
        {"generation_id": melody["generation_id"], "mood": "happy", "genre": "pop", "seed": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    reharmonized = response.json()["data"]
    assert [p["name"] for p in reharmonized["parts"]] == ["melody", "chords", "bass"]
    assert reharmonized["metrics"]["chord_tone_ratio"] == 1.0
    analysis = auth_client.get(f"/api/generate/{response.json()['generation_id']}/analysis")
    assert analysis.status_code == 200
    assert [(t["name"], t["role"]) for t in analysis.json()["data"]["tracks"]] == [
        ("melody", "melody"),
        ("chords", "harmony"),
        ("bass", "bass"),
    ]
    assert other_client.get(f"/api/generate/{response.json()['generation_id']}/analysis").status_code == 404
    idea = auth_client.post("/api/vault", {"generation_id": response.json()["generation_id"]}, format="json")
    assert idea.status_code == 201, idea.content
    idea_analysis = auth_client.get(f"/api/vault/{idea.json()['data']['id']}/analysis").json()["data"]
    assert idea_analysis["progression"] == analysis.json()["data"]["progression"]
    assert other_client.get(f"/api/vault/{idea.json()['data']['id']}/analysis").status_code == 404
    drummed = auth_client.post(
        "/api/generate/drumify", {"idea_id": idea.json()["data"]["id"], "genre": "house", "seed": 1}, format="json"
    )
    assert drummed.status_code == 200, drummed.content
    data = drummed.json()["data"]
    assert data["followed"] == "bass"
    assert data["kick_coincidence"] >= 0.9
    assert [p["name"] for p in data["parts"]] == ["melody", "chords", "bass", "drums"]


def test_groove_a_file_with_the_groove_of_another(celery_worker, auth_client):
    straight = upload(auth_client, c_minor_song())
    swung = auth_client.post(
        "/api/generate/groove", {"midi_file_id": straight, "feel": "shuffle", "humanize": 0, "seed": 1}, format="json"
    )
    assert swung.status_code == 200, swung.content
    template = {"generation_id": swung.json()["generation_id"]}
    response = auth_client.post(
        "/api/generate/groove", {"midi_file_id": straight, "template": template, "seed": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["data"]["groove"] == {"template": True, "amount": 1.0, "grid": "1/8"}
    part = auth_client.get(f"/api/generate/{response.json()['generation_id']}/parts/1/midi")
    assert part.status_code == 200
    assert part["Content-Type"] == "audio/midi"
    assert mido.MidiFile(file=io.BytesIO(part.content)).tracks[1].name == "Bass"


@pytest.mark.django_db
def test_sources_are_owner_scoped_and_checked_before_anything_is_stored(auth_client, other_client):
    midi_id = upload(auth_client, c_minor_song())
    stolen = other_client.post("/api/generate/continue", {"midi_file_id": midi_id}, format="json")
    assert stolen.status_code == 404
    both = auth_client.post("/api/generate/drumify", {"midi_file_id": midi_id, "idea_id": 1}, format="json")
    assert both.status_code == 400
    assert list(both.json()["details"]) == ["midi_file_id"]
    elsewhere = auth_client.post("/api/generate/melody", {"midi_file_id": midi_id}, format="json")
    assert elsewhere.status_code == 400
    assert list(elsewhere.json()["details"]) == ["midi_file_id"]
    missing = auth_client.post("/api/generate/reharmonize", {"mood": "dark"}, format="json")
    assert missing.status_code == 400
    assert list(missing.json()["details"]) == ["source"]
    too_long = auth_client.post("/api/generate/continue", {"midi_file_id": midi_id, "bars": 33}, format="json")
    assert too_long.status_code == 400
    assert Generation.objects.count() == 0
