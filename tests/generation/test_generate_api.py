"""The /api/generate/* endpoints through a real Celery worker on the real Redis broker."""

from __future__ import annotations

import io
import time

import mido
import pytest

from accounts.models import Notification
from generation.engine.tools import TOOLS
from generation.models import Generation
from tests.generation.tool_contracts import TOOL_CONTRACTS, darker_than

MELODY = {
    "genre": "trap",
    "bpm": 140,
    "key": "C",
    "scale": "minor",
    "mood": "dark",
    "energy": "high",
    "complexity": 0.7,
    "humanization": 0.3,
    "note_density": 0.6,
    "melody_length": 8,
    "octave_range": 2,
}

# A valid request for every tool (the spec's examples where it gives one).
VALID_REQUESTS = {
    "melody": MELODY,
    "chords": {
        "key": "C",
        "scale": "major",
        "genre": "pop",
        "mood": "emotional",
        "complexity": 0.5,
        "length": 4,
        "use_inversions": True,
        "voice_leading": True,
    },
    "bassline": {
        "bpm": 140,
        "key": "C",
        "scale": "minor",
        "genre": "trap",
        "style": "808",
        "energy": "high",
        "length": 8,
    },
    "drums": {"bpm": 140, "genre": "trap", "energy": "high", "complexity": 0.7, "length": 4, "swing": 0.0},
    "arpeggiator": {
        "bpm": 140,
        "key": "C",
        "scale": "minor",
        "pattern": "up",
        "chord": [0, 4, 7],
        "length": 4,
        "octave_range": 2,
    },
    "counter-melody": {
        "main_melody": [
            {"note": 60, "velocity": 100, "start_time": 0, "duration": 1},
            {"note": 62, "velocity": 100, "start_time": 1, "duration": 1},
            {"note": 63, "velocity": 100, "start_time": 2, "duration": 1},
            {"note": 67, "velocity": 100, "start_time": 3, "duration": 1},
        ],
        "key": "C",
        "scale": "minor",
        "style": "harmony",
    },
    "arrangement": {"genre": "pop", "mood": "emotional", "energy": "medium", "length": 180},
    "genre-fusion": {"genre1": "trap", "genre2": "amapiano"},
    "emotion": {"emotion": "hope", "intensity": 0.7},
    "surprise-me": {},
    "extreme-inspiration": {},
    "variations": {
        "original": {
            "key": "C",
            "scale": "minor",
            "bpm": 120,
            "notes": [
                {"note": 60, "velocity": 100, "start_time": 0, "duration": 1},
                {"note": 62, "velocity": 100, "start_time": 1, "duration": 1},
                {"note": 63, "velocity": 100, "start_time": 2, "duration": 1},
                {"note": 67, "velocity": 100, "start_time": 3, "duration": 1},
            ],
        },
        "variation_type": "happier",
    },
}

# One clearly invalid request per tool, and the field the 400 must name.
INVALID_REQUESTS = {
    "melody": (MELODY | {"bpm": 999}, "bpm"),
    "chords": ({"key": "H", "scale": "major"}, "key"),
    "bassline": ({"style": "tuba-solo"}, "style"),
    "drums": ({"genre": "polka-metal"}, "genre"),
    "arpeggiator": ({"pattern": "sideways"}, "pattern"),
    "counter-melody": ({"main_melody": "not notes", "key": "C"}, "main_melody"),
    "arrangement": ({"genre": "pop", "length": -5}, "length"),
    "genre-fusion": ({"genre1": "trap", "genre2": "nope"}, "genre2"),
    "emotion": ({"emotion": "hope", "intensity": 7}, "intensity"),
    "variations": ({"original": {"notes": []}, "variation_type": "louder-ish"}, "variation_type"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "case"), INVALID_REQUESTS.items())
def test_every_endpoint_validates_and_stores_nothing(auth_client, slug, case):
    payload, field = case
    response = auth_client.post(f"/api/generate/{slug}", payload, format="json")

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"] == "Invalid request data"
    assert any(key.split(".")[0] == field for key in body["details"]), body
    assert Generation.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [[1, 2], "text", 5])
def test_non_object_bodies_are_400(auth_client, payload):
    response = auth_client.post("/api/generate/melody", payload, format="json")
    assert response.status_code == 400
    assert Generation.objects.count() == 0


@pytest.mark.django_db
def test_wrong_types_are_400(auth_client):
    response = auth_client.post("/api/generate/melody", MELODY | {"complexity": "very"}, format="json")
    assert response.status_code == 400
    assert "complexity" in response.json()["details"]


@pytest.mark.django_db
def test_every_bad_field_is_reported_at_once(auth_client):
    body = {"genre": "trap", "bpm": 999, "scale": "nope", "key": "H", "octave_range": 9, "flavour": 1}
    response = auth_client.post("/api/generate/melody", body, format="json")
    assert response.status_code == 400
    details = response.json()["details"]
    assert list(details) == ["flavour", "bpm", "scale", "octave_range", "key"]
    assert details["bpm"] == ["Invalid parameter: bpm must be 40-240 (got 999)"]
    assert details["octave_range"] == ["Invalid parameter: octave_range must be 1-3 (got 9)"]
    assert details["flavour"][0].startswith("Unknown parameter: flavour")
    assert Generation.objects.count() == 0


@pytest.mark.django_db
def test_generate_requires_authentication(api_client):
    assert api_client.post("/api/generate/melody", MELODY, format="json").status_code == 401


@pytest.mark.django_db
def test_every_tool_has_an_endpoint_and_a_catalog_entry(auth_client):
    catalog = auth_client.get("/api/generate/tools").json()["data"]
    assert set(catalog["tools"]) == set(TOOLS)
    assert catalog["genres"]["trap"]["default_bpm"] == 140


def test_background_generations_notify_with_a_link_and_watched_ones_do_not(celery_worker, auth_client, user):
    watched = auth_client.post("/api/generate/drums", {"seed": 1}, format="json")
    assert watched.status_code == 200
    queued = auth_client.post("/api/generate/drums?async=true", {"seed": 2}, format="json")
    generation_id = queued.json()["generation_id"]
    generation = Generation.objects.get(pk=generation_id)
    for _ in range(100):
        generation.refresh_from_db()
        if generation.status == "completed" and Notification.objects.filter(user=user).exists():
            break
        time.sleep(0.1)
    notes = list(Notification.objects.filter(user=user))
    assert [(n.kind, n.data["generation_id"]) for n in notes] == [("generation_complete", generation_id)]
    assert notes[0].data["url"] == f"/studio/?generation={generation_id}"
    assert Generation.objects.get(pk=watched.json()["generation_id"]).metadata == {"foreground": True}


def test_a_background_failure_notifies_with_a_link_to_the_result(celery_worker, auth_client, user, monkeypatch):
    from generation import services

    def broken_engine(tool, params, *, seed, progress=None):
        raise ValueError("the synth caught fire")

    monkeypatch.setattr(services.engine_tools, "generate", broken_engine)
    queued = auth_client.post("/api/generate/melody?async=true", MELODY, format="json")
    assert queued.status_code == 202
    generation = Generation.objects.get(pk=queued.json()["generation_id"])
    assert services.generation_wait(generation=generation, timeout=20).status == "failed"
    for _ in range(50):  # the notification is written just after the status
        if Notification.objects.filter(user=user).exists():
            break
        time.sleep(0.1)
    notes = list(Notification.objects.filter(user=user))
    assert [(n.kind, n.title) for n in notes] == [("generation_failed", "Melody failed")]
    assert "the synth caught fire" in notes[0].body
    assert notes[0].data["url"] == f"/studio/?generation={generation.pk}"


def test_melody_completes_inline_through_the_worker(celery_worker, auth_client, user):
    response = auth_client.post("/api/generate/melody", MELODY | {"seed": 7}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    data = body["data"]
    assert data["type"] == "melody"
    assert (data["bpm"], data["key"], data["scale"], data["genre"]) == (140, "C", "minor", "trap")
    assert data["metadata"]["mood"] == "dark"
    notes = data["notes"]
    assert notes and set(notes[0]) >= {"note", "velocity", "start_time", "duration", "octave"}
    assert max(n["start_time"] + n["duration"] for n in notes) <= 8 * 4 + 1e-6
    c_minor = {0, 2, 3, 5, 7, 8, 10}
    assert all(n["note"] % 12 in c_minor for n in notes)

    generation = Generation.objects.get(pk=body["generation_id"])
    assert generation.owner == user
    assert (generation.status, generation.progress, generation.seed) == ("completed", 100, 7)
    # The caller watched it finish inline: no notification for it.
    assert Notification.objects.filter(user=user).count() == 0

    status = auth_client.get(f"/api/generate/{generation.pk}/status").json()
    assert status["status"] == "completed"
    assert status["error_message"] is None
    assert status["progress"] == 100
    assert "data" not in status  # polling stays small
    assert auth_client.get(f"/api/generate/{generation.pk}/status?include=data").json()["data"]["notes"] == notes

    midi = auth_client.get(f"/api/generate/{generation.pk}/midi")
    assert midi.status_code == 200
    assert midi["Content-Type"] == "audio/midi"
    parsed = mido.MidiFile(file=io.BytesIO(b"".join(midi.streaming_content) if midi.streaming else midi.content))
    tempos = [m.tempo for t in parsed.tracks for m in t if m.type == "set_tempo"]
    assert tempos and round(mido.tempo2bpm(tempos[0])) == 140


def test_same_seed_same_result_and_new_seed_new_idea(celery_worker, auth_client):
    first = auth_client.post("/api/generate/melody", MELODY | {"seed": 11}, format="json").json()["data"]
    again = auth_client.post("/api/generate/melody", MELODY | {"seed": 11}, format="json").json()["data"]
    other = auth_client.post("/api/generate/melody", MELODY | {"seed": 12}, format="json").json()["data"]
    assert first["notes"] == again["notes"]
    assert first["notes"] != other["notes"]


@pytest.mark.parametrize("slug", list(VALID_REQUESTS))
def test_every_tool_runs_end_to_end(celery_worker, auth_client, slug):
    response = auth_client.post(f"/api/generate/{slug}", VALID_REQUESTS[slug] | {"seed": 3}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["success"] is True
    TOOL_CONTRACTS[slug](response.json()["data"], VALID_REQUESTS[slug])


def test_variations_of_my_own_generation(celery_worker, auth_client, other_client, other_user):
    original = auth_client.post("/api/generate/melody", MELODY | {"seed": 5}, format="json").json()
    darker = auth_client.post(
        "/api/generate/variations",
        {"original": {"generation_id": original["generation_id"]}, "variation_type": "darker"},
        format="json",
    )
    assert darker.status_code == 200, darker.content
    darker_than(darker.json()["data"], original["data"])

    stolen = other_client.post(
        "/api/generate/variations",
        {"original": {"generation_id": original["generation_id"]}, "variation_type": "darker"},
        format="json",
    )
    assert stolen.status_code == 404
    assert stolen.json() == {"error": "Resource not found"}
    assert not Generation.objects.filter(owner=other_user).exists()


def test_a_counter_melody_answers_the_named_results_line_and_never_drum_hits(celery_worker, auth_client):
    """Named by generation_id, a drum pattern's hits (MIDI 36, 42...) were answered as a melody."""
    drums = auth_client.post("/api/generate/drums", {"genre": "trap", "seed": 2}, format="json").json()
    refused = auth_client.post(
        "/api/generate/counter-melody", {"main_melody": {"generation_id": drums["generation_id"]}}, format="json"
    )
    assert refused.status_code == 400
    assert "no melody to answer" in str(refused.json()["details"]["main_melody.generation_id"])
    song = auth_client.post("/api/generate/melody", MELODY | {"seed": 4}, format="json").json()
    answered = auth_client.post(
        "/api/generate/counter-melody", {"main_melody": {"generation_id": song["generation_id"]}}, format="json"
    )
    assert answered.status_code == 200, answered.content
    counter = Generation.objects.get(pk=answered.json()["generation_id"])
    melody_part = next(p for p in song["data"]["parts"] if p["name"] == "melody")
    line = [(n["note"], n["start_time"], n["duration"]) for n in melody_part["notes"]]
    assert [(n["note"], n["start_time"], n["duration"]) for n in counter.parameters["main_melody"]] == line


def test_async_answers_202_then_the_job_completes(celery_worker, auth_client):
    response = auth_client.post("/api/generate/melody?async=true", MELODY, format="json")

    assert response.status_code == 202
    body = response.json()
    assert body["status"] in ("pending", "processing", "completed")
    assert body["status_url"] == f"/api/generate/{body['generation_id']}/status"
    from generation.services import generation_wait

    generation = generation_wait(generation=Generation.objects.get(pk=body["generation_id"]), timeout=20)
    assert generation.status == "completed"


@pytest.mark.django_db
def test_status_and_cancel_of_another_users_job_are_404(auth_client, other_client, user):
    generation = Generation.objects.create(owner=user, tool="melody", parameters=MELODY, seed=1)

    assert other_client.get(f"/api/generate/{generation.pk}/status").status_code == 404
    response = other_client.post(f"/api/generate/{generation.pk}/cancel")
    assert response.status_code == 404
    assert response.json() == {"error": "Resource not found"}
    generation.refresh_from_db()
    assert generation.status == "pending"


@pytest.mark.django_db
def test_cancel_pending_then_cancel_again_is_409(auth_client, user):
    generation = Generation.objects.create(owner=user, tool="melody", parameters=MELODY, seed=1)

    response = auth_client.post(f"/api/generate/{generation.pk}/cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"

    again = auth_client.post(f"/api/generate/{generation.pk}/cancel")
    assert again.status_code == 409
    assert "already cancelled" in again.json()["details"]


def test_a_cancelled_job_is_not_run_by_the_worker(transactional_db, auth_client, user):
    from generation import services

    generation = services.generation_start(owner=user, tool="melody", raw_parameters=MELODY)
    services.generation_cancel(generation=generation)
    services.generation_run(generation_id=generation.pk)  # what the worker would do on delivery

    generation.refresh_from_db()
    assert generation.status == "cancelled"
    assert generation.result is None


def test_cancel_while_processing_stops_at_the_next_step(transactional_db, user, monkeypatch):
    from generation import services

    generation = services.generation_start(owner=user, tool="melody", raw_parameters=MELODY)

    def engine_that_gets_cancelled(tool, params, *, seed, progress=None):
        progress(10, "composing")
        services.generation_cancel(generation=Generation.objects.get(pk=generation.pk))
        progress(50, "voicing")
        raise AssertionError("the engine must not get past a cancelled step")

    monkeypatch.setattr(services.engine_tools, "generate", engine_that_gets_cancelled)
    services.generation_run(generation_id=generation.pk)

    generation.refresh_from_db()
    assert generation.status == "cancelled"
    assert generation.result is None


def test_engine_failure_marks_failed_and_can_be_retried(celery_worker, auth_client, user, monkeypatch):
    from generation import services

    real_generate = services.engine_tools.generate

    def broken_engine(tool, params, *, seed, progress=None):
        raise ValueError("the synth caught fire")

    monkeypatch.setattr(services.engine_tools, "generate", broken_engine)
    response = auth_client.post("/api/generate/melody", MELODY, format="json")
    body = response.json()
    assert response.status_code == 200
    assert body["success"] is False
    assert body["status"] == "failed"
    assert "the synth caught fire" in body["error_message"]
    status = auth_client.get(f"/api/generate/{body['generation_id']}/status").json()
    assert status["status"] == "failed"
    # The caller watched it fail inline (the answer says so): no notification for it.
    assert Notification.objects.filter(user=user).count() == 0

    monkeypatch.setattr(services.engine_tools, "generate", real_generate)
    retry = auth_client.post(f"/api/generate/{body['generation_id']}/retry")
    assert retry.status_code in (200, 202)
    new = Generation.objects.get(pk=retry.json()["generation_id"])
    assert new.retry_of_id == body["generation_id"]
    assert services.generation_wait(generation=new, timeout=20).status == "completed"


@pytest.mark.django_db
def test_running_a_finished_job_twice_changes_nothing(user):
    from generation import services

    generation = Generation.objects.create(
        owner=user, tool="melody", parameters=MELODY, seed=1, status="completed", result={"notes": []}, progress=100
    )
    services.generation_run(generation_id=generation.pk)
    generation.refresh_from_db()
    assert (generation.status, generation.result, generation.attempts) == ("completed", {"notes": []}, 0)


@pytest.mark.django_db
def test_a_task_that_gives_up_leaves_the_job_failed(user):
    from generation.tasks import generation_run_task

    generation = Generation.objects.create(owner=user, tool="melody", parameters=MELODY, seed=1, status="processing")
    generation_run_task.on_failure(RuntimeError("worker lost"), "task-id", (generation.pk,), {}, None)
    generation.refresh_from_db()
    assert generation.status == "failed"
    assert generation.error_message == "Worker error: RuntimeError"
