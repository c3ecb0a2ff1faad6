"""The v1 Music Generation API: full tracks through a real worker, their files decoded, the
generations' status, list, cancel and retry, track edits, downloads, deletion and retention.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import time
import wave
from datetime import timedelta
from pathlib import Path

import mido
import numpy as np
import pytest
import soundfile
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from generation.models import Generation, Track, TrackFile
from generation.track_services import tracks_purge_expired

SHORT_TRACK = {
    "parameters": {
        "genre": "electronic",
        "subgenre": "synthwave",
        "mood": "nostalgic",
        "tempo": 120,
        "key": "C_minor",
        "duration": 16,
        "instrumental": True,
        "primary_instruments": ["synth_bass", "drum_machine", "arpeggiator"],
        "complexity": "medium",
        "creativity": 0.7,
        "output_formats": ["wav", "mp3", "flac", "ogg", "midi"],
        "audio_quality": "high",
    },
    "metadata": {"title": "Neon Dreams", "description": "Night drive", "tags": ["Synthwave", "80s"]},
}


def _wait_completed(client, generation_id, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = client.get(f"/v1/ai/generations/{generation_id}").json()["data"]
        if data["status"] in ("completed", "failed", "cancelled"):
            return data
        time.sleep(0.25)
    raise AssertionError(f"generation {generation_id} did not finish")


def _envelope(response, status=200):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"success", "data", "message", "timestamp", "request_id"}
    assert body["success"] is True and body["request_id"].startswith("req_")
    return body["data"]


def _decoded_seconds(data: bytes, suffix: str) -> float:
    """Decode the whole file with ffmpeg (as a player would) and return how many seconds it held."""
    with tempfile.NamedTemporaryFile(suffix=f".{suffix}") as handle:
        handle.write(data)
        handle.flush()
        decoded = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", handle.name, "-f", "s16le", "-ac", "1", "-ar", "8000", "-"],
            capture_output=True,
            check=True,
        )
    return len(decoded.stdout) / 2 / 8000


def _wav_samples(data: bytes) -> np.ndarray:
    with wave.open(io.BytesIO(data)) as reader:
        width, frames = reader.getsampwidth(), reader.readframes(reader.getnframes())
        channels = reader.getnchannels()
    if width == 3:
        raw = np.frombuffer(frames, dtype=np.uint8).reshape(-1, 3)
        values = raw[:, 0].astype(np.int32) | (raw[:, 1].astype(np.int32) << 8) | (raw[:, 2].astype(np.int32) << 16)
        values = np.where(values >= 2**23, values - 2**24, values)
        return (values / 2**23).reshape(-1, channels)
    return (np.frombuffer(frames, dtype=np.int16) / 2**15).reshape(-1, channels)


@pytest.mark.django_db
def test_the_spec_tempo_error_is_answered_exactly_and_nothing_is_stored(auth_client):
    body = {"parameters": SHORT_TRACK["parameters"] | {"tempo": 300}}

    response = auth_client.post("/v1/ai/generate", body, format="json")

    assert response.status_code == 400
    error = response.json()
    assert error["success"] is False
    assert error["error"] == {
        "code": "VALIDATION_ERROR",
        "message": "Invalid parameter: tempo must be between 40 and 240",
        "details": {"parameter": "tempo", "value": 300, "constraint": "40-240"},
    }
    assert not Generation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"parameters": {"genre": "electronic"}, "colour": "red"}, "colour"),
        ({}, "parameters"),
        ({"parameters": {"genre": "electronic"}, "metadata": {"title": ""}}, "metadata.title"),
        ({"parameters": {"genre": "electronic"}, "metadata": {"tags": ["x" * 40]}}, "metadata.tags"),
        ({"parameters": {"genre": "electronic"}, "webhook_events": ["generation_completed"]}, "callback_url"),
    ],
)
def test_bad_requests_name_the_field(auth_client, body, parameter):
    response = auth_client.post("/v1/ai/generate", body, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["details"]["parameter"] == parameter
    assert not Generation.objects.exists()


def test_a_full_track_is_built_stored_listed_downloaded_edited_and_deleted(
    celery_worker, auth_client, user, other_user
):
    queued = _envelope(auth_client.post("/v1/ai/generate", SHORT_TRACK, format="json"), 202)
    assert queued["generation_id"].startswith("gen_") and queued["task_id"].startswith("task_")
    assert queued["status"] in ("queued", "processing")
    assert queued["queue_position"] >= 1
    assert queued["estimated_completion_time"].endswith("Z")
    assert queued["track_preview"] == {
        "title": "Neon Dreams",
        "estimated_duration": 16.0,
        "formats": ["wav", "mp3", "flac", "ogg", "midi"],
    }

    status = _wait_completed(auth_client, queued["generation_id"])
    assert status["status"] == "completed", status["error_message"]
    assert status["progress"] == 100 and status["estimated_time_remaining"] == 0.0
    assert set(status["track_preview"]["formats_available"]) >= {"wav", "mp3", "flac", "ogg", "midi"}
    assert status["track_preview"]["formats_processing"] == []
    track_id = status["track_id"]
    assert track_id.startswith("track_")

    # The same generation through the Co-Prod API.
    coprod = auth_client.get(f"/api/generate/{status['id']}/status?include=data").json()
    assert coprod["status"] == "completed" and coprod["data"]["track_id"] == track_id

    track = _envelope(auth_client.get(f"/v1/ai/tracks/{track_id}"))
    assert track["title"] == "Neon Dreams" and track["tags"] == ["synthwave", "80s"]
    assert track["metadata"]["tempo"] == 120 and track["metadata"]["key"] == "C_minor"
    assert track["metadata"]["instrumental"] is True and track["lyrics"] is None
    created = timezone.datetime.fromisoformat(track["created_at"].replace("Z", "+00:00"))
    expires = timezone.datetime.fromisoformat(track["expires_at"].replace("Z", "+00:00"))
    assert timedelta(days=364) < expires - created <= timedelta(days=366)
    assert [s["stem"] for s in track["stems"]] == ["drums", "bass", "melody", "chords"]  # 3.1: drums, bass, ...

    formats = {f["format"]: f for f in track["audio_files"]}
    assert [f["format"] for f in track["audio_files"]] == ["wav", "mp3", "flac", "ogg", "midi"]  # as requested
    for fmt in ("wav", "mp3", "flac", "ogg"):
        download = auth_client.get(f"/v1/ai/tracks/{track_id}/download?format={fmt}")
        body = b"".join(download.streaming_content)
        assert len(body) == formats[fmt]["size_bytes"]
        assert abs(_decoded_seconds(body, fmt) - formats[fmt]["duration"]) < 0.2
    assert formats["wav"]["sample_rate"] == 44100 and formats["wav"]["bit_depth"] == 24
    assert formats["mp3"]["bitrate_kbps"] == 320
    midi = b"".join(auth_client.get(f"/v1/ai/tracks/{track_id}/download?format=midi").streaming_content)
    parsed = mido.MidiFile(file=io.BytesIO(midi))
    assert len(parsed.tracks) == formats["midi"]["track_count"]
    tempos = [m.tempo for t in parsed.tracks for m in t if m.type == "set_tempo"]
    assert tempos == [mido.bpm2tempo(120)]
    assert track["chord_chart"]["formats"] == ["pdf", "musicxml"] and track["chord_chart"]["url"].endswith("format=pdf")
    for fmt, magic in (("pdf", b"%PDF"), ("musicxml", b"<?xml")):
        chart = b"".join(auth_client.get(f"/v1/ai/tracks/{track_id}/download?format={fmt}").streaming_content)
        assert chart.startswith(magic)

    # Stems add up to the mix.
    mix = _wav_samples(b"".join(auth_client.get(f"/v1/ai/tracks/{track_id}/download?format=wav").streaming_content))
    total = np.zeros_like(mix)
    for stem in track["stems"]:
        stem_wav = auth_client.get(f"/v1/ai/tracks/{track_id}/download?format=wav&stem={stem['stem']}")
        samples = _wav_samples(b"".join(stem_wav.streaming_content))
        total[: len(samples)] += samples[: len(mix)]
    assert np.max(np.abs(total - mix)) < 0.01
    assert Track.objects.get(public_id=track_id).download_count == 4 + 1 + 2 + 1 + len(track["stems"])

    # Another user cannot download it, nor have a stem encoded (the track is a 404 before any work).
    from tests.conftest import bearer_client

    stranger = bearer_client(other_user)
    for query in ("format=wav", "format=mp3&stem=drums"):
        assert stranger.get(f"/v1/ai/tracks/{track_id}/download?{query}").status_code == 404
    assert not TrackFile.objects.filter(track__public_id=track_id, stem="drums", format="mp3").exists()

    # A stem in another format the track was made in is encoded from its WAV on first download and kept;
    # a format the track was not made in, or MIDI of one stem, is a 409.
    drums_wav = _wav_samples(
        b"".join(auth_client.get(f"/v1/ai/tracks/{track_id}/download?format=wav&stem=drums").streaming_content)
    )
    for fmt in ("mp3", "ogg", "flac"):
        first = auth_client.get(f"/v1/ai/tracks/{track_id}/download?format={fmt}&stem=drums")
        assert first.status_code == 200 and first["Content-Type"] == {"mp3": "audio/mpeg"}.get(fmt, f"audio/{fmt}")
        body = b"".join(first.streaming_content)
        assert abs(_decoded_seconds(body, fmt) - len(drums_wav) / 44100) < 0.2
        again = b"".join(
            auth_client.get(f"/v1/ai/tracks/{track_id}/download?format={fmt}&stem=drums").streaming_content
        )
        assert again == body
    flac_drums, _ = soundfile.read(io.BytesIO(body), dtype="float32", always_2d=True)
    assert np.max(np.abs(flac_drums - drums_wav)) < 0.001  # FLAC is lossless: the same stem
    assert TrackFile.objects.filter(track__public_id=track_id, stem="drums").count() == 4
    for query in ("format=midi&stem=drums", "format=pdf&stem=bass"):
        refused = auth_client.get(f"/v1/ai/tracks/{track_id}/download?{query}")
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "CONFLICT"
    # The track still lists one entry per stem.
    relisted = _envelope(auth_client.get(f"/v1/ai/tracks/{track_id}"))
    assert [(s["stem"], s["format"]) for s in relisted["stems"]] == [
        ("drums", "wav"),
        ("bass", "wav"),
        ("melody", "wav"),
        ("chords", "wav"),
    ]

    # Edits: the editable fields change, the others are refused.
    edited = _envelope(auth_client.patch(f"/v1/ai/tracks/{track_id}", {"title": "Neon Nights"}, format="json"))
    assert edited["title"] == "Neon Nights"
    refused = auth_client.patch(f"/v1/ai/tracks/{track_id}", {"play_count": 99}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["details"]["parameter"] == "play_count"
    assert Track.objects.get(public_id=track_id).play_count == 0

    listed = _envelope(auth_client.get("/v1/ai/generations?status=completed&limit=1"))
    assert [g["generation_id"] for g in listed["generations"]] == [queued["generation_id"]]
    assert listed["generations"][0]["track_id"] == track_id
    assert listed["summary"] == {"total_generations": 1, "completed": 1, "processing": 0, "failed": 0}

    paths = [default_storage.path(f.file.name) for f in TrackFile.objects.filter(track__public_id=track_id)]
    deleted = _envelope(auth_client.delete(f"/v1/ai/tracks/{track_id}"))
    assert deleted["deleted"] is True and deleted["files_deleted"] == len(paths)
    assert not any(Path(p).exists() for p in paths)
    assert auth_client.get(f"/v1/ai/tracks/{track_id}").status_code == 404


@pytest.mark.django_db
def test_list_parameters_are_validated(auth_client):
    for query, parameter in (
        ("limit=101", "limit"),
        ("offset=-1", "offset"),
        ("sort_by=title", "sort_by"),
        ("sort_order=up", "sort_order"),
        ("status=done", "status"),
    ):
        response = auth_client.get(f"/v1/ai/generations?{query}")
        assert response.status_code == 400, query
        assert response.json()["error"]["details"]["parameter"] == parameter


@pytest.mark.django_db
def test_cancel_then_retry_links_the_new_generation(auth_client, user):
    queued = _envelope(auth_client.post("/v1/ai/generate", SHORT_TRACK, format="json"), 202)

    cancelled = _envelope(auth_client.post(f"/v1/ai/generations/{queued['generation_id']}/cancel"))
    assert (cancelled["previous_status"], cancelled["new_status"]) == ("queued", "cancelled")
    again = auth_client.post(f"/v1/ai/generations/{queued['generation_id']}/cancel")
    assert again.status_code == 409 and again.json()["error"]["code"] == "CONFLICT"

    retried = _envelope(auth_client.post(f"/v1/ai/generations/{queued['generation_id']}/retry"), 202)
    assert retried["original_generation_id"] == queued["generation_id"]
    retry = Generation.objects.get(public_id=retried["new_generation_id"])
    assert retry.retry_of.public_id == queued["generation_id"]
    assert retry.parameters == Generation.objects.get(public_id=queued["generation_id"]).parameters


@pytest.mark.django_db
def test_other_users_generations_and_tracks_are_invisible(auth_client, other_user):
    from tests.conftest import bearer_client

    queued = _envelope(auth_client.post("/v1/ai/generate", SHORT_TRACK, format="json"), 202)
    stranger = bearer_client(other_user)
    for path in (f"/v1/ai/generations/{queued['generation_id']}", "/v1/ai/tracks/track_0000000000000000"):
        response = stranger.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "NOT_FOUND"
    assert stranger.post(f"/v1/ai/generations/{queued['generation_id']}/cancel").status_code == 404
    assert Generation.objects.get(public_id=queued["generation_id"]).status == "pending"


@pytest.mark.django_db
def test_expired_tracks_are_purged_with_their_files(user):
    generation = Generation.objects.create(owner=user, tool="track", source="v1", parameters={}, seed=1)
    track = Track.objects.create(
        generation=generation, owner=user, title="old", expires_at=timezone.now() - timedelta(seconds=1)
    )
    row = TrackFile(track=track, kind="audio", format="mp3")
    row.file.save("x.mp3", ContentFile(b"ID3"), save=True)
    kept = Track.objects.create(
        generation=Generation.objects.create(owner=user, tool="track", source="v1", parameters={}, seed=2),
        owner=user,
        title="new",
        expires_at=timezone.now() + timedelta(days=1),
    )

    assert tracks_purge_expired() == 1

    assert list(Track.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not TrackFile.objects.exists()


def test_a_job_running_late_extrapolates_its_remaining_time_from_its_progress(auth_client, user):
    """On a busy machine a track outlives the throughput estimate: the status must not say 0 s left."""
    generation = Generation.objects.create(
        owner=user,
        tool="track",
        source="v1",
        parameters={"duration": 60},
        seed=3,
        status="processing",
        progress=20,
        started_at=timezone.now() - timedelta(seconds=40),
    )
    data = _envelope(auth_client.get(f"/v1/ai/generations/{generation.public_id}"))
    # 40 s for the first 20 %: about 160 s to go, whatever the throughput estimate said.
    assert 140 <= data["estimated_time_remaining"] <= 180
