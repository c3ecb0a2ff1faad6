"""MP3 for every plan, stems for paid plans, and ``format``: each value changes the file, others are refused."""

from __future__ import annotations

import io
import wave
import zipfile

import mido
import pytest

from coprod.plans import plan_includes
from projects.exports import EXPORT_FORMATS
from projects.models import Export
from tests.conftest import bearer_client
from tests.factories import UserFactory
from tests.projects.test_exports import _decoded_seconds, _generation, _wait


def _export(client, generation, export_type, export_format=None):
    body = {"type": export_type, "generation_id": generation.pk}
    if export_format is not None:
        body["format"] = export_format
    response = client.post("/api/export", body, format="json")
    assert response.status_code == 202, response.content
    export = _wait(response.json()["export_id"], timeout=120)
    assert export.status == "completed", export.error_message
    download = client.get(f"/api/export/{export.pk}/download")
    return download, b"".join(download.streaming_content)


def test_the_plan_matrix_gates_each_export():
    assert [
        plan_includes("free", f) for f in ("export_midi", "export_mp3", "export_audio", "export_stems", "export_zip")
    ] == [
        True,
        True,
        False,
        False,
        False,
    ]
    assert all(plan_includes("pro", f) for f in ("export_mp3", "export_audio", "export_stems", "export_zip"))


def test_a_free_user_exports_the_mix_as_mp3(celery_worker, auth_client, user):
    generation = _generation(user)

    download, data = _export(auth_client, generation, "mp3")

    assert download["Content-Type"] == "audio/mpeg"
    assert data[:3] == b"ID3"
    assert _decoded_seconds(data) > 1.0


def test_stems_export_is_a_zip_of_every_part_and_the_mix(celery_worker):
    pro = UserFactory(subscription_tier="pro")
    client = bearer_client(pro)
    generation = _generation(pro)

    download, data = _export(client, generation, "stems")

    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(name.split("/", 1)[1] for name in archive.namelist())
    assert names == ["mix.wav", "stems/bass.wav", "stems/chords.wav", "stems/drums.wav", "stems/melody.wav"]
    first = archive.namelist()[0]
    with wave.open(io.BytesIO(archive.read(first))) as wav:
        assert (wav.getnchannels(), wav.getframerate(), wav.getsampwidth()) == (2, 44100, 2)


def test_formats_change_the_file(celery_worker):
    pro = UserFactory(subscription_tier="pro")
    client = bearer_client(pro)
    generation = _generation(pro)

    _, midi = _export(client, generation, "midi", "type0")
    parsed = mido.MidiFile(file=io.BytesIO(midi))
    assert (parsed.type, len(parsed.tracks)) == (0, 1)

    _, wav24 = _export(client, generation, "wav", "24bit")
    with wave.open(io.BytesIO(wav24)) as wav:
        assert wav.getsampwidth() == 3

    download, flac = _export(client, generation, "flac")
    assert download["Content-Type"] == "audio/flac"
    assert flac[:4] == b"fLaC"

    _, stems = _export(client, generation, "stems", "flac")
    archive = zipfile.ZipFile(io.BytesIO(stems))
    assert all(name.endswith(".flac") for name in archive.namelist())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("export_type", "export_format"), [("mp3", "wav"), ("midi", "24bit"), ("wav", "ogg"), ("stems", "mp3")]
)
def test_a_format_the_type_does_not_make_is_refused(export_type, export_format):
    pro = UserFactory(subscription_tier="pro")
    client = bearer_client(pro)
    generation = _generation(pro)

    response = client.post(
        "/api/export", {"type": export_type, "generation_id": generation.pk, "format": export_format}, format="json"
    )

    assert response.status_code == 400
    allowed = ", ".join(EXPORT_FORMATS[export_type])
    assert response.json()["details"] == {"format": [f"format must be one of {allowed} for {export_type} exports"]}
    assert Export.objects.count() == 0
