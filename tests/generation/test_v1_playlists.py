"""v1 playlists: the spec's request, validation by name, cohesion within the documented bounds, the play
order, cancel, and the continuous mix made by a real worker, downloaded and decoded."""

from __future__ import annotations

import subprocess
import tempfile
import time

import pytest

from generation.engine.theory import parse_key
from generation.engine.track.playlist_plan import fifths_distance
from generation.models import Generation, Playlist, PlaylistItem

SPEC = {
    "playlist_config": {
        "name": "Chill Study Session",
        "description": "A playlist of lo-fi beats for focused studying",
        "total_duration": 1800,
        "track_count": 6,
        "cohesion_level": "high",
        "transition_style": "smooth",
    },
    "base_parameters": {"genre": "lofi", "mood": "calm", "tempo_range": [75, 90], "complexity": "low"},
    "track_variations": {
        "allow_key_changes": True,
        "allow_tempo_variation": 5,
        "allow_instrumentation_variation": True,
    },
}


def _data(response, status=200):
    assert response.status_code == status, response.content
    return response.json()["data"]


@pytest.mark.django_db
def test_the_spec_request_plans_six_cohesive_tracks(auth_client):
    data = _data(auth_client.post("/v1/ai/generate-playlist", SPEC, format="json"), 202)
    assert data["playlist_id"].startswith("playlist_") and len(data["generation_ids"]) == 6
    assert sorted(data["track_order"]) == [1, 2, 3, 4, 5, 6]
    assert data["estimated_completion_time"].endswith("Z")

    generations = [Generation.objects.get(public_id=g) for g in data["generation_ids"]]
    home = parse_key("C_dorian")
    for generation in generations:
        params = generation.parameters
        assert fifths_distance(home, parse_key(params["key"])) <= 1  # high cohesion: neighbouring keys
        assert 80 <= params["tempo"] <= 84.5  # home 82 (middle of 75-90) +- half of 5 BPM
        assert params["instrumental"] is False and "wav" in params["output_formats"]
    # Six tracks of a little over five minutes (the five 1-bar blends overlap): 1800 s of music.
    assert sum(g.audio_seconds for g in generations) == pytest.approx(1800, abs=0.01)
    assert generations[0].duration_seconds > 300
    assert [bool(g.task_id) for g in generations] == [True, True, False, False, False, False]

    playlist = _data(auth_client.get(f"/v1/ai/playlists/{data['playlist_id']}"))
    assert playlist["status"] == "processing" and (playlist["completed"], playlist["total"]) == (0, 6)
    assert [t["generation_id"] for t in playlist["tracks"]] == [
        data["generation_ids"][i - 1] for i in data["track_order"]
    ]
    assert playlist["cohesion"]["max_key_distance"] == 1 and playlist["mix"]["url"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        ({"playlist_config": SPEC["playlist_config"] | {"track_count": 0}}, "playlist_config.track_count"),
        (
            {"playlist_config": SPEC["playlist_config"] | {"transition_style": "fade"}},
            "playlist_config.transition_style",
        ),
        ({"base_parameters": {"genre": "lofi", "tempo_range": [90]}}, "base_parameters.tempo_range"),
        ({"track_variations": {"allow_tempo_variation": -1}}, "track_variations.allow_tempo_variation"),
        ({"playlist_config": None}, "playlist_config"),
        ({"shuffle": True}, "shuffle"),
    ],
)
def test_bad_playlists_name_the_field_and_store_nothing(auth_client, change, parameter):
    response = auth_client.post("/v1/ai/generate-playlist", SPEC | change, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["details"]["parameter"] == parameter
    assert not Playlist.objects.exists() and not Generation.objects.exists()


@pytest.mark.django_db
def test_cancelling_a_playlist_cancels_its_tracks(auth_client):
    data = _data(auth_client.post("/v1/ai/generate-playlist", SPEC, format="json"), 202)
    cancelled = _data(auth_client.post(f"/v1/ai/playlists/{data['playlist_id']}/cancel"))
    assert cancelled["new_status"] == "cancelled" and cancelled["previous_status"] == "processing"
    assert sorted(cancelled["cancelled_generation_ids"]) == sorted(data["generation_ids"])
    assert set(Generation.objects.values_list("status", flat=True)) == {"cancelled"}
    assert Playlist.objects.get().status == "cancelled"
    download = auth_client.get(f"/v1/ai/playlists/{data['playlist_id']}/download")
    assert download.status_code == 409


def _decoded_seconds(data: bytes) -> float:
    with tempfile.NamedTemporaryFile(suffix=".mp3") as handle:
        handle.write(data)
        handle.flush()
        decoded = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", handle.name, "-f", "s16le", "-ac", "1", "-ar", "8000", "-"],
            capture_output=True,
            check=True,
        ).stdout
    return len(decoded) / 2 / 8000


def test_a_playlist_is_made_and_mixed_by_a_worker(celery_worker, auth_client, user):
    body = {
        "playlist_config": {"name": "Short set", "total_duration": 36, "track_count": 3, "transition_style": "smooth"},
        "base_parameters": {"genre": "electronic", "subgenre": "house", "tempo": 124, "instrumental": True},
        "track_variations": {"allow_tempo_variation": 4},
    }
    data = _data(auth_client.post("/v1/ai/generate-playlist", body, format="json"), 202)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        playlist = _data(auth_client.get(f"/v1/ai/playlists/{data['playlist_id']}"))
        if playlist["status"] not in ("processing", "pending"):
            break
        time.sleep(0.5)
    assert playlist["status"] == "completed", playlist
    assert playlist["completed"] == 3 and all(t["track_id"] for t in playlist["tracks"])
    for track in playlist["tracks"]:
        assert abs(track["tempo"] - 124) <= 4 and fifths_distance(parse_key("C_minor"), parse_key(track["key"])) <= 2

    mix = playlist["mix"]
    assert mix["format"] == "mp3" and mix["url"].endswith("/download?format=mp3")
    # Two 1-bar blends; the mix is the music of three ~12 s tracks less the overlaps, plus the last tail.
    transitions = mix["transitions"]
    assert [(t["from_position"], t["to_position"], t["style"]) for t in transitions] == [
        (1, 2, "smooth"),
        (2, 3, "smooth"),
    ]
    tempos = [t["tempo"] for t in playlist["tracks"]]
    for transition, tempo in zip(transitions, tempos, strict=False):
        assert transition["end"] - transition["start"] == pytest.approx(240 / tempo, abs=0.002)
        assert transition["tempo_matched"] is True  # 124 +- 4 BPM is within 8 %
    assert mix["track_starts"] == [0.0, transitions[0]["start"], transitions[1]["start"]]
    assert 36 <= mix["duration"] <= 36 + 3 * 240 / 120 + 1.5

    download = auth_client.get(mix["url"])
    body_bytes = b"".join(download.streaming_content)
    assert download.status_code == 200 and download["Content-Type"] == "audio/mpeg"
    assert len(body_bytes) == mix["size_bytes"]
    assert _decoded_seconds(body_bytes) == pytest.approx(mix["duration"], abs=0.06)
    assert Playlist.objects.get(public_id=data["playlist_id"]).download_count == 1
    assert PlaylistItem.objects.filter(released_at__isnull=True).count() == 0
