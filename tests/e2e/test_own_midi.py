"""A producer drops their own MIDI file on the studio, moves a note, saves a version and drags a part out."""

from __future__ import annotations

import base64
import io

import mido
import pytest

from projects.models import MidiFile
from tests.e2e.conftest import wait_until
from tests.e2e.test_studio import _login, celery_worker  # noqa: F401
from tests.engine.known_midi import c_minor_song

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DROP = """([name, data]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type: "audio/midi" }));
  const target = document.getElementById("piano-roll");
  for (const type of ["dragenter", "dragover", "drop"]) {
    target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }
}"""

DRAG_DATA = """(selector) => {
  const transfer = new DataTransfer();
  document.querySelector(selector).dispatchEvent(new DragEvent("dragstart", { dataTransfer: transfer, bubbles: true }));
  return transfer.getData("DownloadURL");
}"""

FIRST_NOTE_BOX = """() => {
  const canvas = document.getElementById("piano-roll");
  const box = canvas.getBoundingClientRect();
  const scale = box.width / canvas.width;
  const r = window.coprodStudio.state.rollNotes.find((n) => n.part === 0 && n.note === 0);
  return { x: box.left + (r.x + r.w / 2) * scale, y: box.top + (r.y + r.h / 2) * scale,
           row: (window.coprodStudio.state.rollGeometry.rollH / (window.coprodStudio.state.rollGeometry.high
                 - window.coprodStudio.state.rollGeometry.low)) * scale };
}"""


def test_drop_a_file_edit_a_note_save_a_version_and_drag_a_part_out(live_server, page, user):
    _login(page, live_server, user)
    page.goto(live_server.url + "/studio/")
    data = base64.b64encode(c_minor_song(with_drums=True)).decode()
    page.evaluate(DROP, ["sketch.mid", data])

    wait_until(page, "document.getElementById('progress').getAttribute('aria-valuenow') === '100'")
    assert page.inner_text("#analysis-key").startswith("C minor")
    assert page.inner_text("#analysis-chords") == "i VI III V i VI III i"
    assert page.locator("#analysis-roles li").all_inner_texts() == [
        "Lead: melody",
        "Bass: bass",
        "Piano: harmony",
        "Beat: drums",
    ]
    assert page.get_attribute("#piano-roll", "data-note-count") == str(39 + 36 + 24 + 32)
    original = MidiFile.objects.get(owner=user)

    # Drag the lead's first note (C5) up two semitones.
    box = page.evaluate(FIRST_NOTE_BOX)
    page.mouse.move(box["x"], box["y"])
    page.mouse.down()
    page.mouse.move(box["x"], box["y"] - box["row"], steps=3)
    page.mouse.move(box["x"], box["y"] - 2 * box["row"], steps=3)
    page.mouse.up()
    assert page.evaluate("window.coprodStudio.state.result.parts[0].notes[0].note") == 74
    assert page.is_enabled("#save-version")
    page.click("#save-version")
    wait_until(page, "document.getElementById('version-status').textContent.startsWith('Saved as')")
    assert page.inner_text("#version-status") == "Saved as version 2."

    edit = MidiFile.objects.exclude(pk=original.pk).get(owner=user)
    assert (edit.version, edit.origin_id, edit.previous_id) == (2, original.pk, original.pk)
    with edit.file.open("rb") as handle:
        saved = mido.MidiFile(file=io.BytesIO(handle.read()))
    first_lead_note = next(m.note for m in saved.tracks[1] if m.type == "note_on" and m.velocity)
    assert first_lead_note == 74
    with original.file.open("rb") as handle:
        kept = mido.MidiFile(file=io.BytesIO(handle.read()))
    assert next(m.note for m in kept.tracks[1] if m.type == "note_on" and m.velocity) == 72

    # The bass part drags out as a file of the new version; the whole piece too.
    bass_drag = page.evaluate(DRAG_DATA, "#legend li[data-part-index='1']")
    assert bass_drag == f"audio/midi:sketch-bass.mid:{live_server.url}/api/midi/{edit.pk}/parts/1/download"
    whole_drag = page.evaluate(DRAG_DATA, "#download-midi")
    assert whole_drag == f"audio/midi:sketch.mid:{live_server.url}/api/midi/{edit.pk}/download"
    response = page.request.get(f"{live_server.url}/api/midi/{edit.pk}/parts/1/download")
    assert response.status == 200
    bass = mido.MidiFile(file=io.BytesIO(response.body()))
    assert sum(1 for t in bass.tracks for m in t if m.type == "note_on" and m.velocity) == 36
