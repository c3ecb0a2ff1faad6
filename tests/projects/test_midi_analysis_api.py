"""A MIDI file written elsewhere, uploaded and analysed; edits saved as versions; parts downloaded one by one."""

from __future__ import annotations

import io

import mido
import pytest

from projects.models import MidiFile
from tests.engine.known_midi import c_minor_song, corpus_midi, mido_file

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name: str = "sketch") -> dict:
    response = client.post("/api/midi", {"file": io.BytesIO(data), "name": name}, format="multipart")
    assert response.status_code == 201, response.content
    return response.json()["data"]


def test_the_analysis_of_an_uploaded_chorale(auth_client, other_client):
    midi = upload(auth_client, corpus_midi("bach/bwv66.6")[0], "bwv66.6")
    assert midi["analysis_url"] == f"/api/midi/{midi['id']}/analysis"
    response = auth_client.get(midi["analysis_url"])
    assert response.status_code == 200
    analysis = response.json()["data"]
    assert (analysis["key"], analysis["mode"], analysis["time_signature"]) == ("F#", "minor", "4/4")
    assert analysis["confidence"] == pytest.approx(0.899, abs=1e-3)
    assert [(t["name"], t["role"]) for t in analysis["tracks"]] == [
        ("Soprano", "melody"),
        ("Alto", "harmony"),
        ("Tenor", "harmony"),
        ("Bass", "bass"),
    ]
    assert analysis["progression"][0]["roman_numeral"] == "III"  # it opens on A major
    assert "data" not in analysis
    with_music = auth_client.get(midi["analysis_url"] + "?include=data").json()["data"]["data"]
    assert [p["name"] for p in with_music["parts"]] == ["Soprano", "Alto", "Tenor", "Bass"]
    assert other_client.get(midi["analysis_url"]).status_code == 404


def test_a_file_past_the_idea_limits_uploads_but_is_not_analysed(auth_client):
    tracks = [(f"t{i}", i % 9, 0, [(60, 0, 1)]) for i in range(17)]
    midi = upload(auth_client, mido_file(tracks))
    response = auth_client.get(midi["analysis_url"])
    assert response.status_code == 400
    assert list(response.json()["details"]) == ["midi_file_id"]


def test_an_edit_is_saved_as_a_new_version_and_the_old_one_stays(auth_client, other_client):
    original = upload(auth_client, c_minor_song(), "c minor")
    music = auth_client.get(original["analysis_url"] + "?include=data").json()["data"]["data"]
    lead = music["parts"][0]["notes"]
    lead[0]["note"] = 74  # move the first note up a tone
    lead.append({"note": 79, "start_time": 31.5, "duration": 0.5, "velocity": 90})  # add one
    response = auth_client.post(f"/api/midi/{original['id']}/versions", {"data": music}, format="json")
    assert response.status_code == 201, response.content
    edit = response.json()["data"]
    assert (edit["version"], edit["origin_id"], edit["previous_id"]) == (2, original["id"], original["id"])
    assert edit["note_count"] == original["note_count"] + 1
    again = auth_client.post(f"/api/midi/{edit['id']}/versions", {"data": music}, format="json").json()["data"]
    assert (again["version"], again["origin_id"], again["previous_id"]) == (3, original["id"], edit["id"])
    history = auth_client.get(f"/api/midi/{edit['id']}/versions").json()["data"]
    assert [(v["id"], v["version"]) for v in history] == [(original["id"], 1), (edit["id"], 2), (again["id"], 3)]
    first = mido.MidiFile(file=io.BytesIO(b"".join(auth_client.get(original["download_url"]).streaming_content)))
    first_pitch = next(m.note for m in first.tracks[1] if m.type == "note_on")
    second = mido.MidiFile(file=io.BytesIO(b"".join(auth_client.get(edit["download_url"]).streaming_content)))
    second_pitch = next(m.note for m in second.tracks[1] if m.type == "note_on")
    assert (first_pitch, second_pitch) == (72, 74)
    assert other_client.post(f"/api/midi/{edit['id']}/versions", {"data": music}, format="json").status_code == 404


def test_a_bad_edit_is_a_400_naming_the_note_and_stores_nothing(auth_client):
    original = upload(auth_client, c_minor_song())
    music = auth_client.get(original["analysis_url"] + "?include=data").json()["data"]["data"]
    music["parts"][1]["notes"][2]["duration"] = -1
    response = auth_client.post(f"/api/midi/{original['id']}/versions", {"data": music}, format="json")
    assert response.status_code == 400
    assert list(response.json()["details"]) == ["data.parts[1].notes[2]"]
    assert MidiFile.objects.count() == 1


def test_each_part_downloads_as_its_own_midi_file(auth_client, other_client):
    midi = upload(auth_client, c_minor_song(with_drums=True), "My Song")
    response = auth_client.get(f"/api/midi/{midi['id']}/parts/1/download")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/midi"
    assert response["Content-Disposition"] == 'attachment; filename="my-song-bass.mid"'
    part = mido.MidiFile(file=io.BytesIO(response.content))
    names = [m.name for t in part.tracks for m in t if m.type == "track_name"]
    assert names == ["Co-Prod AI", "Bass"]
    assert sum(1 for t in part.tracks for m in t if m.type == "note_on" and m.velocity) == 36
    assert auth_client.get(f"/api/midi/{midi['id']}/parts/4/download").status_code == 404
    assert other_client.get(f"/api/midi/{midi['id']}/parts/1/download").status_code == 404


def test_the_midi_files_page_shows_its_analysis_and_history(client, user, other_user, auth_client):
    midi = upload(auth_client, c_minor_song(with_drums=True), "c minor sketch")
    client.force_login(user)
    page = client.get(midi["page_url"])
    assert page.status_code == 200
    html = page.content.decode()
    assert '<dd id="analysis-key">C minor</dd>' in html
    assert "<td>Lead</td><td>melody</td>" in html and "<td>Beat</td><td>drums</td>" in html
    assert "<strong>VI</strong> Ab" in html
    client.force_login(other_user)
    assert client.get(midi["page_url"]).status_code == 404
