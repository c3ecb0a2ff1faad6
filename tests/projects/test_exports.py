"""Exports as jobs on the real worker: plans, formats decoded, the project ZIP's contents, ownership."""

from __future__ import annotations

import io
import subprocess
import time
import wave
import zipfile

import mido
import pytest

from generation.engine import results, tools
from generation.models import Generation
from projects.models import Export, Project
from tests.conftest import bearer_client
from tests.factories import UserFactory


def _generation(user, project=None, tool="surprise_me"):
    result = tools.generate(tool, tools.validate_parameters(tool, {"length": 2}), seed=4)
    return Generation.objects.create(
        owner=user,
        tool=tool,
        parameters={},
        seed=4,
        status="completed",
        result=result,
        project=project,
        genre=result["genre"],
    )


def _wait(export_id, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        export = Export.objects.get(pk=export_id)
        if export.status in ("completed", "failed"):
            return export
        time.sleep(0.1)
    raise AssertionError("export did not finish")


@pytest.mark.django_db
def test_free_plan_gets_midi_and_mp3_but_not_wav_flac_stems_or_zip(auth_client, user):
    generation = _generation(user)
    for export_type in ("wav", "flac", "stems"):
        response = auth_client.post("/api/export", {"type": export_type, "generation_id": generation.pk}, format="json")
        assert response.status_code == 403
        assert response.json() == {"error": "Access denied", "reason": "Subscription upgrade required"}
    project = Project.objects.create(owner=user, name="p")
    assert (
        auth_client.post("/api/export", {"type": "zip_project", "project_id": project.pk}, format="json").status_code
        == 403
    )
    assert Export.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [{"type": "ogg"}, {"type": "midi"}, {"type": "midi", "generation_id": "x"}])
def test_bad_export_requests_are_400(auth_client, payload):
    assert auth_client.post("/api/export", payload, format="json").status_code == 400
    assert Export.objects.count() == 0


def test_midi_export_job_and_download(celery_worker, auth_client, other_client, user):
    generation = _generation(user)
    response = auth_client.post("/api/export", {"type": "midi", "generation_id": generation.pk}, format="json")
    assert response.status_code == 202
    export = _wait(response.json()["export_id"])
    assert export.status == "completed"
    download = auth_client.get(f"/api/export/{export.pk}/download")
    assert download["Content-Type"] == "audio/midi"
    midi = mido.MidiFile(file=io.BytesIO(b"".join(download.streaming_content)))
    assert len(midi.tracks) == 5
    assert other_client.get(f"/api/export/{export.pk}/download").status_code == 404
    assert other_client.get(f"/api/export/{export.pk}").status_code == 404


def test_a_merged_idea_exports_by_itself(celery_worker, auth_client, other_client, user):
    from vault.models import Idea

    music = _generation(user, tool="drums").result
    merged = Idea.objects.create(owner=user, title="Hook + groove", type="merge", data=music)
    response = auth_client.post("/api/export", {"type": "midi", "idea_id": merged.pk}, format="json")
    assert response.status_code == 202 and response.json()["data"]["idea_id"] == merged.pk
    export = _wait(response.json()["export_id"])
    assert export.status == "completed" and export.filename == f"hook-groove-{merged.pk}.mid"
    midi = mido.MidiFile(
        file=io.BytesIO(b"".join(auth_client.get(f"/api/export/{export.pk}/download").streaming_content))
    )
    hits = sum(1 for track in midi.tracks for m in track if m.type == "note_on" and m.velocity > 0)
    assert hits == sum(len(p["notes"]) for p in music["parts"])
    # Someone else's idea is a 404, as their generations are.
    assert other_client.post("/api/export", {"type": "midi", "idea_id": merged.pk}, format="json").status_code == 404


def _decoded_seconds(data: bytes) -> float:
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "s16le", "-ac", "2", "-ar", "44100", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout
    return len(out) / 4 / 44100


@pytest.mark.parametrize(("export_type", "content_type"), [("wav", "audio/wav"), ("mp3", "audio/mpeg")])
def test_pro_audio_exports_decode(celery_worker, export_type, content_type):
    pro = UserFactory(subscription_tier="pro")
    client = bearer_client(pro)
    generation = _generation(pro)
    export_id = client.post("/api/export", {"type": export_type, "generation_id": generation.pk}, format="json").json()[
        "export_id"
    ]
    assert _wait(export_id).status == "completed"
    download = client.get(f"/api/export/{export_id}/download")
    assert download["Content-Type"] == content_type
    data = b"".join(download.streaming_content)
    idea = results.idea_from_result(generation.result)
    assert _decoded_seconds(data) == pytest.approx(idea.duration_seconds + 1.0, abs=0.15)
    if export_type == "wav":
        with wave.open(io.BytesIO(data)) as wav:
            assert (wav.getnchannels(), wav.getframerate(), wav.getsampwidth()) == (2, 44100, 2)


def test_zip_project_holds_everything(celery_worker):
    pro = UserFactory(subscription_tier="pro")
    client = bearer_client(pro)
    project = Project.objects.create(owner=pro, name="Night Drive", genre="synthwave")
    generation = _generation(pro, project)
    # A merged idea filed in the project by itself (it has no generation) goes in too.
    from vault.models import Idea

    merged = Idea.objects.create(
        owner=pro, title="Hook + groove", type="merge", data=_generation(pro, tool="drums").result
    )
    project.saved_ideas.add(merged)
    export_id = client.post("/api/export", {"type": "zip_project", "project_id": project.pk}, format="json").json()[
        "export_id"
    ]
    export = _wait(export_id, timeout=120)
    assert export.status == "completed", export.error_message
    download = client.get(f"/api/export/{export_id}/download")
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = set(archive.namelist())
    folder = f"{generation.public_id}-surprise-me"
    assert "project.json" in names
    assert {f"{folder}/full.mid", f"{folder}/score.musicxml", f"{folder}/mix.wav"} <= names
    for part in ("melody", "chords", "bass", "drums"):
        assert f"{folder}/parts/{part}.mid" in names
        assert f"{folder}/stems/{part}.wav" in names
    assert b"Night Drive" in archive.read("project.json")
    merged_folder = f"idea-{merged.pk}-hook-groove"
    assert {f"{merged_folder}/full.mid", f"{merged_folder}/score.musicxml", f"{merged_folder}/mix.wav"} <= names
    assert mido.MidiFile(file=io.BytesIO(archive.read(f"{merged_folder}/full.mid"))).length > 0


def test_downloading_an_unfinished_export_is_409(db):
    pro = UserFactory(subscription_tier="pro")
    client = bearer_client(pro)
    export = Export.objects.create(owner=pro, type="wav")
    assert client.get(f"/api/export/{export.pk}/download").status_code == 409


def test_previews_are_rendered_after_completion(celery_worker, auth_client):
    body = auth_client.post("/api/generate/melody", {"genre": "lofi", "melody_length": 2}, format="json").json()
    generation_id = body["generation_id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not Generation.objects.get(pk=generation_id).preview:
        time.sleep(0.2)
    status = auth_client.get(f"/api/generate/{generation_id}/status").json()
    assert status["preview_url"] == f"/api/generate/{generation_id}/preview"
    preview = auth_client.get(status["preview_url"])
    assert preview["Content-Type"] == "audio/mpeg"
    assert _decoded_seconds(b"".join(preview.streaming_content)) > 2
