"""Files only for their owners: random names, owner-checked views, no public route, deleted with rows."""

from __future__ import annotations

import io
import re
from pathlib import Path

import mido
import pytest
from django.core.files.storage import default_storage

from generation import services
from generation.models import Generation

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^private/(midi|musicxml|previews)/[0-9a-f]{32}\.(mid|musicxml|mp3)$")


@pytest.fixture
def finished(user):
    """A melody run through the job lifecycle and its files task, as a worker would."""
    generation = services.generation_start(owner=user, tool="melody", raw_parameters={"seed": 3})
    services.generation_run(generation_id=generation.pk)
    services.generation_render_files(generation_id=generation.pk)
    generation.refresh_from_db()
    return generation


def test_result_files_have_random_private_names(finished):
    names = [finished.midi.name, finished.musicxml.name, finished.preview.name]
    assert all(RANDOM_NAME.match(name) for name in names), names
    assert not any(finished.public_id in name for name in names)


def test_the_public_media_route_serves_no_private_file(client, finished):
    assert client.get(f"/media/{finished.midi.name}").status_code == 404
    assert client.get(f"/media/{finished.preview.name}").status_code == 404
    climbing = client.get("/media/public/../" + finished.midi.name)
    assert climbing.status_code == 400 and b"MThd" not in climbing.content


def test_files_are_served_to_their_owner_only(auth_client, api_client, other_user, finished):
    from tests.conftest import bearer_client

    midi = auth_client.get(f"/api/generate/{finished.pk}/midi")
    assert midi.status_code == 200 and midi["Content-Type"] == "audio/midi"
    assert midi["Content-Disposition"].startswith('attachment; filename="trap-melody-')
    assert len(mido.MidiFile(file=io.BytesIO(b"".join(midi.streaming_content))).tracks) == 3

    stranger = bearer_client(other_user)
    for path in ("midi", "musicxml", "preview"):
        assert stranger.get(f"/api/generate/{finished.pk}/{path}").status_code == 404
        assert api_client.get(f"/api/generate/{finished.pk}/{path}").status_code == 401


def test_musicxml_is_written_on_a_worker_and_the_download_waits_for_it(auth_client, user):
    generation = services.generation_start(owner=user, tool="melody", raw_parameters={})
    services.generation_run(generation_id=generation.pk)

    pending = auth_client.get(f"/api/generate/{generation.pk}/musicxml")
    assert (pending.status_code, pending["Retry-After"]) == (202, "2")

    services.generation_render_files(generation_id=generation.pk)  # the queued task
    score = auth_client.get(f"/api/generate/{generation.pk}/musicxml")
    assert score.status_code == 200
    assert b"<score-partwise" in b"".join(score.streaming_content)


def test_deleting_a_row_deletes_its_files(finished, django_capture_on_commit_callbacks):
    paths = [Path(default_storage.path(f.name)) for f in (finished.midi, finished.musicxml, finished.preview)]
    assert all(p.exists() for p in paths)

    with django_capture_on_commit_callbacks(execute=True):
        Generation.objects.filter(pk=finished.pk).delete()

    assert not any(p.exists() for p in paths)


def test_behind_nginx_the_view_hands_the_file_over_after_the_check(auth_client, finished, settings):
    settings.FILE_SERVING = "x-accel-redirect"

    response = auth_client.get(f"/api/generate/{finished.pk}/preview")

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{finished.preview.name}"
    assert response["Content-Type"] == "audio/mpeg"
    assert response.content == b""
