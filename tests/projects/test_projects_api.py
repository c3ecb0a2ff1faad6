"""Projects and MIDI files through the API: CRUD, pagination, filters, ownership, uploads checked by mido."""

from __future__ import annotations

import io

import mido
import pytest

from generation.models import Generation
from projects.models import MidiFile, Project

pytestmark = pytest.mark.django_db

PROJECT = {
    "name": "My New Track",
    "description": "A trap beat",
    "bpm": 140,
    "key_signature": "Cm",
    "scale": "minor",
    "genre": "trap",
    "mood": "dark",
}


def _midi_bytes(notes: int = 4) -> bytes:
    midi = mido.MidiFile()
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(120)))
    for i in range(notes):
        track.append(mido.Message("note_on", note=60 + i, velocity=90, time=0))
        track.append(mido.Message("note_off", note=60 + i, velocity=0, time=240))
    midi.tracks.append(track)
    buffer = io.BytesIO()
    midi.save(file=buffer)
    return buffer.getvalue()


def test_create_read_update_delete(auth_client, user):
    created = auth_client.post("/api/projects", PROJECT, format="json")
    assert created.status_code == 201
    project_id = created.json()["data"]["id"]
    detail = auth_client.get(f"/api/projects/{project_id}").json()["data"]
    assert {k: detail[k] for k in PROJECT} == PROJECT
    assert detail["status"] == "draft" and detail["generations"] == [] and detail["midi_files"] == []

    updated = auth_client.put(f"/api/projects/{project_id}", {"status": "in_progress", "bpm": 142}, format="json")
    assert updated.status_code == 200
    assert updated.json()["data"]["bpm"] == 142 and updated.json()["data"]["name"] == "My New Track"

    assert auth_client.delete(f"/api/projects/{project_id}").status_code == 200
    assert auth_client.get(f"/api/projects/{project_id}").status_code == 404


def test_pagination_and_filters(auth_client, user):
    for i in range(25):
        Project.objects.create(
            owner=user, name=f"p{i}", genre="trap" if i % 2 else "lofi", status="completed" if i < 5 else "draft"
        )
    page = auth_client.get("/api/projects?per_page=10&page=2").json()
    assert page["pagination"] == {"total": 25, "per_page": 10, "current_page": 2, "last_page": 3}
    assert len(page["data"]) == 10
    assert auth_client.get("/api/projects?genre=trap").json()["pagination"]["total"] == 12
    assert auth_client.get("/api/projects?status=completed").json()["pagination"]["total"] == 5
    assert auth_client.get("/api/projects?per_page=0").status_code == 400


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"name": ""},
        {"name": "x", "bpm": 999},
        {"name": "x", "key_signature": "H#"},
        {"name": "x", "status": "done"},
    ],
)
def test_invalid_projects_are_400_and_not_stored(auth_client, payload):
    assert auth_client.post("/api/projects", payload, format="json").status_code == 400
    assert Project.objects.count() == 0


def test_other_users_projects_are_invisible(auth_client, other_client, user):
    project = Project.objects.create(owner=user, name="mine")
    assert other_client.get(f"/api/projects/{project.pk}").status_code == 404
    assert other_client.put(f"/api/projects/{project.pk}", {"name": "stolen"}, format="json").status_code == 404
    assert other_client.delete(f"/api/projects/{project.pk}").status_code == 404
    assert other_client.get("/api/projects").json()["data"] == []
    project.refresh_from_db()
    assert project.name == "mine"


def test_midi_upload_list_download(auth_client, user):
    project = Project.objects.create(owner=user, name="beat")
    data = _midi_bytes(6)
    response = auth_client.post("/api/midi", {"file": io.BytesIO(data), "project_id": project.pk}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()["data"]
    assert (body["note_count"], body["track_count"], body["bpm"], body["project_id"]) == (6, 1, 120.0, project.pk)
    assert auth_client.get("/api/midi").json()["pagination"]["total"] == 1
    download = auth_client.get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "audio/midi"
    assert b"".join(download.streaming_content) == data


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"not a midi file at all", "Not a readable MIDI file"),
        ("no-notes", "no notes"),
        (b"MThd" + b"\x00" * 3000000, "limited"),
    ],
)
def test_bad_midi_uploads_are_400_and_store_nothing(auth_client, content, expected):
    data = _midi_bytes(0) if content == "no-notes" else content
    response = auth_client.post("/api/midi", {"file": io.BytesIO(data)}, format="multipart")
    assert response.status_code == 400
    assert expected in str(response.json()["details"])
    assert MidiFile.objects.count() == 0


def test_others_midi_files_are_404(auth_client, other_client):
    body = auth_client.post("/api/midi", {"file": io.BytesIO(_midi_bytes())}, format="multipart").json()["data"]
    assert other_client.get(body["download_url"]).status_code == 404


def test_save_a_generation_as_midi(auth_client, user):
    from generation.engine import tools

    result = tools.generate("melody", tools.validate_parameters("melody", {}), seed=1)
    generation = Generation.objects.create(
        owner=user, tool="melody", parameters={}, seed=1, status="completed", result=result
    )
    response = auth_client.post("/api/midi", {"generation_id": generation.pk, "name": "hook"}, format="json")
    assert response.status_code == 201
    assert response.json()["data"]["note_count"] == sum(len(p["notes"]) for p in result["parts"])


def test_cannot_save_another_users_generation(other_client, user):
    generation = Generation.objects.create(
        owner=user, tool="melody", parameters={}, seed=1, status="completed", result={"parts": []}
    )
    assert other_client.post("/api/midi", {"generation_id": generation.pk}, format="json").status_code == 404


def test_generations_are_filed_in_a_project(auth_client, other_client, user):
    project = Project.objects.create(owner=user, name="beat")
    response = auth_client.post(
        "/api/generate/drums?async=true", {"genre": "house", "project_id": project.pk}, format="json"
    )
    assert response.status_code == 202
    assert Generation.objects.get(pk=response.json()["generation_id"]).project == project
    detail = auth_client.get(f"/api/projects/{project.pk}").json()["data"]
    assert [g["generation_id"] for g in detail["generations"]] == [response.json()["generation_id"]]
    stolen = other_client.post("/api/generate/drums?async=true", {"project_id": project.pk}, format="json")
    assert stolen.status_code == 404
    assert Generation.objects.count() == 1


def test_add_a_studio_result_or_a_vault_idea_to_a_project(auth_client, other_client, user, other_user):
    from vault.models import Idea

    project = Project.objects.create(owner=user, name="beat tape")
    done = Generation.objects.create(owner=user, tool="melody", parameters={}, seed=1, status="completed", result={})
    response = auth_client.post(f"/api/projects/{project.pk}/ideas", {"generation_id": done.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["data"] == {"project_id": project.pk, "generation_id": done.pk, "idea_id": None}
    done.refresh_from_db()
    assert done.project_id == project.pk

    other = Generation.objects.create(owner=user, tool="drums", parameters={}, seed=2, status="completed", result={})
    idea = Idea.objects.create(owner=user, title="groove", type="drum_pattern", data={}, generation=other)
    assert auth_client.post(f"/api/projects/{project.pk}/ideas", {"idea_id": idea.pk}, format="json").status_code == 200
    assert list(project.generations.order_by("pk").values_list("pk", flat=True)) == [done.pk, other.pk]

    # A merge has no generation behind it: the idea itself is filed (twice is still once).
    merged = Idea.objects.create(owner=user, title="merge", type="merge", key="C", scale="minor", data={})
    for _ in range(2):
        added = auth_client.post(f"/api/projects/{project.pk}/ideas", {"idea_id": merged.pk}, format="json")
        assert added.status_code == 200, added.content
        assert added.json()["data"] == {"project_id": project.pk, "generation_id": None, "idea_id": merged.pk}
    assert list(project.saved_ideas.values_list("pk", flat=True)) == [merged.pk]
    detail = auth_client.get(f"/api/projects/{project.pk}").json()["data"]
    assert [(i["idea_id"], i["title"], i["midi_url"]) for i in detail["ideas"]] == [
        (merged.pk, "merge", f"/api/vault/{merged.pk}/midi")
    ]
    assert (
        other_client.post(f"/api/projects/{project.pk}/ideas", {"idea_id": merged.pk}, format="json").status_code == 404
    )
    theirs_merged = Idea.objects.create(owner=other_user, title="theirs", type="merge", data={})
    refused = auth_client.post(f"/api/projects/{project.pk}/ideas", {"idea_id": theirs_merged.pk}, format="json")
    assert refused.status_code == 404
    assert list(project.saved_ideas.values_list("pk", flat=True)) == [merged.pk]
    running = Generation.objects.create(owner=user, tool="melody", parameters={}, seed=3, status="processing")
    refused = auth_client.post(f"/api/projects/{project.pk}/ideas", {"generation_id": running.pk}, format="json")
    assert refused.status_code == 400
    running.refresh_from_db()
    assert running.project_id is None
    # Someone else's project or result: 404, and nothing moves.
    theirs = Project.objects.create(owner=other_user, name="theirs")
    assert (
        auth_client.post(f"/api/projects/{theirs.pk}/ideas", {"generation_id": done.pk}, format="json").status_code
        == 404
    )
    assert (
        other_client.post(f"/api/projects/{theirs.pk}/ideas", {"generation_id": done.pk}, format="json").status_code
        == 404
    )
    done.refresh_from_db()
    assert done.project_id == project.pk
