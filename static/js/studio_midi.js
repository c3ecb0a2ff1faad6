/* Bring your own MIDI into the studio, edit it and keep every version.
 *
 * Drop a .mid anywhere on the studio (or pick one with "Load .mid"): it is uploaded through the
 * MIDI API (POST /api/midi), analysed (GET /api/midi/{id}/analysis?include=data) and drawn in the
 * piano roll, with its key, metre, roles and chords beside it; the tools that work on given music
 * (continue, re-harmonise, drumify, groove) then take it as their source. /studio/?midi=<id> opens
 * a file of the library.
 *
 * The piano roll edits pitched notes: drag a note to move it (a sixteenth and a semitone at a
 * time), drag its right edge to resize it, double-click an empty spot to add one to the part chosen
 * under "Add notes to", select one and press Delete to remove it (arrows move it, Shift+arrows
 * resize it). "Save as new version" stores the edit as the next version of the file's history
 * (POST /api/midi/{id}/versions); a generation is first saved as a file, so its original stays too. */
(function () {
  "use strict";
  const studio = window.coprodStudio;
  if (!studio) return;
  const state = studio.state;
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  const canvas = $("piano-roll");
  const GRID = 0.25;
  const EDGE = 6;

  // ---------- loading ----------
  async function upload(file) {
    studio.clearErrors();
    studio.setProgress(10, "uploading " + file.name);
    const form = new FormData();
    form.append("file", file);
    form.append("name", file.name.replace(/\.midi?$/i, "").slice(0, 120));
    const response = await fetch("/api/midi", {
      method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf }, body: form,
    });
    let body = {};
    try { body = await response.json(); } catch (e) { body = {}; }
    if (response.status !== 201) {
      studio.setProgress(0, "not loaded");
      studio.showErrors(body.details || body.error || "The file could not be uploaded");
      return;
    }
    await open(body.data.id);
  }

  async function open(midiId) {
    studio.setProgress(60, "analysing");
    const { status, data } = await studio.api("GET", "/api/midi/" + midiId + "/analysis?include=data");
    if (status !== 200) {
      studio.setProgress(0, "not analysed");
      studio.showErrors((data && (data.details || data.error)) || "The file could not be analysed");
      return;
    }
    studio.stop();
    const analysis = data.data;
    state.midiFileId = analysis.midi_file_id;
    state.generationId = null;
    state.name = analysis.name;
    state.roles = {};
    analysis.tracks.forEach((t) => { state.roles[t.name] = t.role === "harmony" ? "chords" : t.role; });
    studio.setProgress(100, "loaded");
    studio.show(analysis.data, analysis.name + ": " + analysis.key_name + " · " + analysis.time_signature +
                " · " + analysis.bpm + " BPM · " + analysis.bars + " bars");
    showAnalysis(analysis);
    setEdited(false);
  }

  function showAnalysis(analysis) {
    const panel = $("analysis");
    panel.hidden = false;
    $("analysis-key").textContent = analysis.key_name + " (confidence " + Number(analysis.confidence).toFixed(2) + ")";
    $("analysis-metre").textContent = analysis.time_signature + " · " + analysis.bpm + " BPM · " + analysis.bars + " bars";
    const roles = $("analysis-roles");
    roles.replaceChildren();
    analysis.tracks.forEach(function (track) {
      const li = document.createElement("li");
      li.textContent = track.name + ": " + track.role;  // track names come from the file: text only
      li.title = track.reason;
      roles.appendChild(li);
    });
    $("analysis-chords").textContent = analysis.progression.map((c) => c.roman_numeral).join(" ") || "—";
    const page = $("analysis-page");
    page.href = "/projects/midi/" + analysis.midi_file_id + "/";
  }

  document.addEventListener("coprod:music-shown", function () {
    if (!state.midiFileId) { $("analysis").hidden = true; state.roles = {}; }
    fillEditParts();
  });

  const dropZone = document.querySelector(".studio");
  dropZone.addEventListener("dragover", function (event) {
    if (!event.dataTransfer || !Array.from(event.dataTransfer.types || []).includes("Files")) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    dropZone.classList.add("dropping");
  });
  dropZone.addEventListener("dragleave", () => dropZone.classList.remove("dropping"));
  dropZone.addEventListener("drop", function (event) {
    const files = Array.from((event.dataTransfer && event.dataTransfer.files) || []);
    if (!files.length) return;
    event.preventDefault();
    dropZone.classList.remove("dropping");
    const midi = files.find((f) => /\.midi?$/i.test(f.name)) || files[0];
    upload(midi);
  });
  $("load-midi").addEventListener("change", function (event) {
    if (event.target.files.length) upload(event.target.files[0]);
    event.target.value = "";
  });

  // ---------- editing ----------
  function fillEditParts() {
    const select = $("edit-part");
    select.replaceChildren();
    ((state.result && state.result.parts) || []).forEach(function (part, index) {
      if (!part.is_drum) select.appendChild(new Option(String(part.name), String(index)));
    });
    $("editor").hidden = !select.options.length;
  }

  function setEdited(edited) {
    state.edited = edited;
    $("save-version").disabled = !edited;
    if (edited) $("version-status").textContent = "Edited: not saved yet.";
  }

  function canvasPoint(event) {
    const box = canvas.getBoundingClientRect();
    return { x: (event.clientX - box.left) * (canvas.width / box.width), y: (event.clientY - box.top) * (canvas.height / box.height) };
  }

  function noteAt(point) {
    for (let i = state.rollNotes.length - 1; i >= 0; i--) {
      const r = state.rollNotes[i];
      if (point.x >= r.x && point.x <= r.x + Math.max(r.w, EDGE) && point.y >= r.y && point.y <= r.y + r.h) return r;
    }
    return null;
  }

  function selectedNote() {
    if (!state.selected || !state.result) return null;
    const part = state.result.parts[state.selected[0]];
    return part ? part.notes[state.selected[1]] : null;
  }

  function totalBeats() { return state.rollGeometry.beats; }

  function snap(beat) { return Math.round(beat / GRID) * GRID; }

  function place(note, start, pitch, duration) {
    const total = totalBeats();
    note.duration = Math.max(GRID, Math.min(duration, total - GRID));
    note.start_time = Math.max(0, Math.min(snap(start), total - note.duration));
    note.note = Math.max(0, Math.min(127, pitch));
    note.octave = Math.floor(note.note / 12) - 1;
  }

  let drag = null;
  canvas.addEventListener("pointerdown", function (event) {
    if (!state.result || !state.rollGeometry) return;
    const point = canvasPoint(event);
    const hit = noteAt(point);
    state.selected = hit ? [hit.part, hit.note] : null;
    if (hit) {
      const note = selectedNote();
      const geometry = Object.assign({}, state.rollGeometry);
      drag = { point: point, geometry: geometry, start: note.start_time, pitch: note.note, duration: note.duration,
               resize: point.x >= hit.x + hit.w - EDGE && hit.w > 2 * EDGE, moved: false };
      canvas.setPointerCapture(event.pointerId);
    }
    canvas.focus();
    studio.drawRoll(state.result);
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drag) return;
    const note = selectedNote();
    const point = canvasPoint(event);
    const g = drag.geometry;
    const beats = snap(((point.x - drag.point.x) / g.W) * g.beats);
    const semitones = -Math.round((point.y - drag.point.y) / (g.span / Math.max(1, g.high - g.low)));
    if (drag.resize) place(note, drag.start, drag.pitch, drag.duration + beats);
    else place(note, drag.start + beats, drag.pitch + semitones, drag.duration);
    drag.moved = drag.moved || beats !== 0 || semitones !== 0;
    studio.drawRoll(state.result);
  });
  canvas.addEventListener("pointerup", function () {
    if (drag && drag.moved) setEdited(true);
    drag = null;
  });
  canvas.addEventListener("dblclick", function (event) {
    if (!state.result || !state.rollGeometry || noteAt(canvasPoint(event))) return;
    const partIndex = Number($("edit-part").value);
    const part = state.result.parts[partIndex];
    if (!part) return;
    const g = state.rollGeometry;
    const point = canvasPoint(event);
    const note = { note: 60, start_time: 0, duration: 1, velocity: 96, octave: 4 };
    // A note of pitch p is drawn in the row just above y(p), so the row under the pointer is the floor.
    const pitch = g.low + Math.floor(((g.rollH - point.y) / g.span) * (g.high - g.low));
    place(note, Math.floor(((point.x / g.W) * g.beats) / GRID) * GRID, pitch, 1);
    part.notes.push(note);
    state.selected = [partIndex, part.notes.length - 1];
    setEdited(true);
    studio.drawRoll(state.result);
  });
  canvas.addEventListener("keydown", function (event) {
    const note = selectedNote();
    if (!note) return;
    if (event.key === "Delete" || event.key === "Backspace") {
      state.result.parts[state.selected[0]].notes.splice(state.selected[1], 1);
      state.selected = null;
    } else if (event.key.startsWith("Arrow")) {
      const step = { ArrowLeft: -GRID, ArrowRight: GRID, ArrowUp: 0, ArrowDown: 0 }[event.key];
      const semitone = { ArrowUp: 1, ArrowDown: -1 }[event.key] || 0;
      if (event.shiftKey) place(note, note.start_time, note.note, note.duration + step);
      else place(note, note.start_time + step, note.note + semitone, note.duration);
    } else {
      return;
    }
    event.preventDefault();
    setEdited(true);
    studio.drawRoll(state.result);
  });

  // ---------- saving a version ----------
  $("save-version").addEventListener("click", async function () {
    if (!state.result) return;
    $("save-version").disabled = true;
    let midiId = state.midiFileId;
    if (!midiId && state.generationId) {
      // The generation is saved as a file first, so the history keeps the original as version 1.
      const saved = await studio.api("POST", "/api/midi", { generation_id: state.generationId, name: state.name.slice(0, 120) });
      if (saved.status !== 201) { failed(saved.data); return; }
      midiId = saved.data.data.id;
    }
    const { status, data } = await studio.api("POST", "/api/midi/" + midiId + "/versions", { data: state.result });
    if (status !== 201) { failed(data); return; }
    state.midiFileId = data.data.id;
    state.generationId = null;
    setEdited(false);
    studio.show(state.result, state.name + " · version " + data.data.version);
    const status_ = $("version-status");
    const link = document.createElement("a");
    link.href = data.data.page_url;
    link.textContent = "version " + data.data.version;
    status_.replaceChildren("Saved as ", link, ".");
  });

  function failed(data) {
    $("save-version").disabled = false;
    $("version-status").textContent = "Not saved: " + JSON.stringify((data && (data.details || data.error)) || "error");
  }

  const wanted = new URLSearchParams(window.location.search).get("midi");
  if (wanted && /^\d+$/.test(wanted)) open(Number(wanted));
})();
