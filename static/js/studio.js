/* The studio: builds the parameter form from the engine's catalog, generates through the API,
 * follows progress (WebSocket events from realtime.js, polling as a fallback), draws the piano
 * roll, plays the result with WebAudio at the result's tempo, and offers downloads and variations.
 * What is shown is either a generation (state.generationId) or a MIDI file of the library
 * (state.midiFileId, loaded by studio_midi.js); the tools that work on given music send it as
 * their source. Every part can be dragged out of the page as a .mid file (DownloadURL). */
(function () {
  "use strict";
  const catalog = JSON.parse(document.getElementById("studio-catalog").textContent);
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  const COLORS = { melody: "#a78bfa", chords: "#60a5fa", bass: "#f59e0b", drums: "#f472b6", arp: "#34d399",
                   counter_melody: "#fb7185", pad: "#93c5fd", vocals: "#fde047" };
  const state = { generationId: null, midiFileId: null, name: "", result: null, seed: null, pollTimer: null,
                  player: null, lastRequest: null, rollNotes: [], selected: null };

  // ---------- form ----------
  function fieldId(name) { return "param-" + name; }

  function buildForm(tool) {
    const spec = catalog.tools[tool];
    $("tool-summary").textContent = spec.summary;
    const container = $("params");
    container.replaceChildren();
    spec.params.forEach(function (param) {
      if (param.kind === "notes" || param.kind === "object") return; // filled from the current result
      const wrap = document.createElement("div");
      wrap.className = "field" + (param.kind === "bool" ? " checkbox" : "");
      const id = fieldId(param.name);
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = param.name.replace(/_/g, " ");
      let input;
      if (param.choices) {
        input = document.createElement("select");
        if (!param.required && param.default === null) input.appendChild(new Option("(genre default)", ""));
        param.choices.forEach((c) => input.appendChild(new Option(c.replace(/_/g, " "), c)));
        if (param.default !== null) input.value = param.default;
      } else if (param.kind === "level") {
        input = document.createElement("select");
        ["low", "medium", "high"].forEach((c) => input.appendChild(new Option(c, c)));
        input.value = param.default >= 0.8 ? "high" : param.default <= 0.4 ? "low" : "medium";
      } else if (param.kind === "bool") {
        input = document.createElement("input");
        input.type = "checkbox";
        input.checked = !!param.default;
      } else if (param.kind === "int" || param.kind === "float") {
        input = document.createElement("input");
        input.type = "number";
        if (param.minimum !== null) input.min = param.minimum;
        if (param.maximum !== null) input.max = param.maximum;
        input.step = param.kind === "int" ? "1" : "0.05";
        if (param.default !== null) input.value = param.default;
      } else {
        input = document.createElement("input");
        input.type = "text";
        input.value = param.kind === "int_list" ? (param.default || []).join(",") : (param.default || "");
        if (param.name === "key") input.placeholder = "C, F#, Bb...";
        if (param.kind === "int_list") input.placeholder = "0,4,7";
      }
      input.id = id;
      input.name = param.name;
      input.dataset.kind = param.kind;
      input.setAttribute("aria-describedby", id + "-error");
      if (param.help) input.title = param.help;
      const error = document.createElement("p");
      error.className = "field-error";
      error.id = id + "-error";
      error.hidden = true;
      if (param.kind === "bool") { label.prepend(input); wrap.appendChild(label); }
      else { wrap.appendChild(label); wrap.appendChild(input); }
      wrap.appendChild(error);
      container.appendChild(wrap);
    });
    const genre = $(fieldId("genre"));
    if (genre) { genre.addEventListener("change", applyGenreDefaults); applyGenreDefaults(); }
  }

  function applyGenreDefaults() {
    const genre = catalog.genres[$(fieldId("genre")).value];
    if (!genre) return;
    const bpm = $(fieldId("bpm"));
    if (bpm) bpm.value = genre.default_bpm;
    const scale = $(fieldId("scale"));
    if (scale) scale.value = genre.scales[0];
  }

  function readForm(tool) {
    const body = {};
    catalog.tools[tool].params.forEach(function (param) {
      const input = $(fieldId(param.name));
      if (!input) return;
      if (param.kind === "bool") { body[param.name] = input.checked; return; }
      const raw = input.value.trim();
      if (raw === "") return;
      if (param.kind === "int") body[param.name] = Number.isNaN(Number(raw)) ? raw : parseInt(raw, 10);
      else if (param.kind === "float") body[param.name] = Number.isNaN(Number(raw)) ? raw : parseFloat(raw);
      else if (param.kind === "int_list") body[param.name] = raw.split(",").map((v) => parseInt(v, 10));
      else body[param.name] = raw;
    });
    if (catalog.tools[tool].params.some((p) => p.name === "source")) Object.assign(body, sourceReference());
    if (tool === "counter_melody" && state.generationId) body.main_melody = { generation_id: state.generationId };
    if (tool === "variations" && state.generationId) {
      body.original = { generation_id: state.generationId };
      body.variation_type = body.variation_type || $("variation-type").value;
    }
    return body;
  }

  function clearErrors() {
    document.querySelectorAll(".params .field-error").forEach((el) => { el.hidden = true; el.textContent = ""; });
    document.querySelectorAll(".params .has-error").forEach((el) => el.classList.remove("has-error"));
    $("form-error").hidden = true;
  }

  function showErrors(details) {
    let shown = false;
    if (details && typeof details === "object") {
      Object.keys(details).forEach(function (field) {
        const base = field.split(/[.[]/)[0];
        const error = $(fieldId(base) + "-error");
        const message = [].concat(details[field]).join(" ");
        if (error) {
          error.textContent = message;
          error.hidden = false;
          error.parentElement.classList.add("has-error");
          shown = true;
        } else {
          $("form-error").textContent = field + ": " + message;
          $("form-error").hidden = false;
          shown = true;
        }
      });
    }
    if (!shown) { $("form-error").textContent = String(details || "Something went wrong"); $("form-error").hidden = false; }
  }

  // The music shown, as the tools' source: the MIDI file, else the generation.
  function sourceReference() {
    if (state.midiFileId) return { midi_file_id: state.midiFileId };
    if (state.generationId) return { generation_id: state.generationId };
    return {};
  }

  // ---------- generation ----------
  async function api(method, url, body) {
    const response = await fetch(url, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    return { status: response.status, data: data };
  }

  function setProgress(percent, stage) {
    $("progress-bar").style.width = percent + "%";
    $("progress").setAttribute("aria-valuenow", String(percent));
    $("progress-text").textContent = stage ? percent + "% · " + stage : percent + "%";
  }

  async function generate(tool, body) {
    clearErrors();
    stop();
    state.lastRequest = { tool: tool, body: body };
    $("generate").disabled = true;
    setProgress(0, "queued");
    const slug = catalog.slugs[tool];
    const { status, data } = await api("POST", "/api/generate/" + slug + "?async=true", body);
    $("generate").disabled = false;
    if (status === 400) { setProgress(0, "fix the highlighted fields"); showErrors(data.details); return; }
    if (status >= 400) { setProgress(0, "error"); showErrors(data.reason || data.details || data.error); return; }
    state.generationId = data.generation_id;
    if (status === 200 && data.data) { finish(data.data); return; }
    poll();
  }

  function poll() {
    clearTimeout(state.pollTimer);
    const id = state.generationId;
    state.pollTimer = setTimeout(async function () {
      if (id !== state.generationId) return;
      const { status, data } = await api("GET", "/api/generate/" + id + "/status?include=data");
      if (status !== 200) return;
      if (data.status === "completed") { finish(data.data); return; }
      if (data.status === "failed" || data.status === "cancelled") { fail(data.error_message || data.status); return; }
      setProgress(data.progress, data.stage);
      poll();
    }, window.coprodSocket && window.coprodSocket.readyState === 1 ? 1500 : 300);
  }

  document.addEventListener("coprod:generation_progress", function (event) {
    if (event.detail.generation_id === state.generationId) setProgress(event.detail.progress, event.detail.stage);
  });
  document.addEventListener("coprod:generation_complete", function (event) {
    if (event.detail.generation_id === state.generationId) finish(event.detail.result);
  });
  document.addEventListener("coprod:generation_failed", function (event) {
    if (event.detail.generation_id === state.generationId) fail(event.detail.error);
  });

  function showPreview(url) {
    const audio = $("preview");
    if (audio.dataset.src === url) return;
    audio.dataset.src = url;
    audio.src = url;
    $("preview-wrap").hidden = false;
  }

  function pollPreview(id, attempts) {
    if (id !== state.generationId || attempts <= 0 || $("preview").dataset.src) return;
    setTimeout(async function () {
      const { status, data } = await api("GET", "/api/generate/" + id + "/status");
      if (status === 200 && data.preview_url) showPreview(data.preview_url);
      else pollPreview(id, attempts - 1);
    }, 1000);
  }

  document.addEventListener("coprod:generation_preview_ready", function (event) {
    if (event.detail.generation_id === state.generationId) showPreview(event.detail.preview_url);
  });

  function fail(message) {
    clearTimeout(state.pollTimer);
    setProgress(0, "failed");
    showErrors(message);
  }

  function finish(result) {
    if (!result || state.result === result) return;
    clearTimeout(state.pollTimer);
    state.midiFileId = null;
    state.name = (result.genre || "") + " " + (catalog.labels[result.type] || result.type);
    setProgress(100, "done");
    $("preview-wrap").hidden = true;
    $("preview").removeAttribute("src");
    delete $("preview").dataset.src;
    pollPreview(state.generationId, 30);
    const summary = [result.genre, result.key, result.scale, result.bpm && result.bpm + " BPM",
                     result.bars && result.bars + " bars"].filter(Boolean).join(" · ");
    show(result, (catalog.labels[result.type] || result.type) + ": " + summary);
  }

  // Shows music (a generation's result or a MIDI file's) as the current piece.
  function show(result, summary) {
    state.result = result;
    state.seed = result.seed;
    state.selected = null;
    $("result-summary").textContent = summary;
    drawRoll(result);
    showMetrics(result.metrics || {});
    ["play", "apply-variation", "save-idea"].forEach((id) => { $(id).disabled = false; });
    $("regenerate").disabled = !state.lastRequest;
    $("save-status").textContent = "";
    document.dispatchEvent(new CustomEvent("coprod:music-shown"));
    const links = state.midiFileId
      ? [["download-midi", "/api/midi/" + state.midiFileId + "/download"], ["download-xml", null]]
      : [["download-midi", "/api/generate/" + state.generationId + "/midi"],
         ["download-xml", "/api/generate/" + state.generationId + "/musicxml"]];
    links.forEach(function (pair) {
      const link = $(pair[0]);
      if (pair[1]) link.href = pair[1]; else link.removeAttribute("href");
      link.classList.toggle("disabled", !pair[1]);
      link.setAttribute("aria-disabled", pair[1] ? "false" : "true");
    });
    $("download-midi").draggable = true;
  }

  const drawRoll = window.coprodPianoRoll(state, COLORS);

  function showMetrics(metrics) {
    const list = $("metrics");
    list.replaceChildren();
    const notApplicable = metrics.not_applicable || {};
    ["melodic_coherence", "harmonic_consistency", "rhythmic_stability", "scale_consistency", "chord_tone_ratio",
     "stepwise_ratio", "repetition_structure"].forEach(function (name) {
      if (metrics[name] === undefined) return;
      const dt = document.createElement("dt");
      dt.textContent = name.replace(/_/g, " ");
      const meter = document.createElement("dd");
      const value = document.createElement("dd");
      if (metrics[name] === null) {
        // Not applicable to this result (a drum pattern has no melody): a dash and the reason.
        value.textContent = "—";
        value.title = notApplicable[name] || "not applicable";
        meter.className = "metric-na";
        meter.textContent = notApplicable[name] || "not applicable";
      } else {
        const bar = document.createElement("div");
        bar.className = "meter";
        bar.setAttribute("role", "meter");
        bar.setAttribute("aria-valuemin", "0");
        bar.setAttribute("aria-valuemax", "1");
        bar.setAttribute("aria-valuenow", String(metrics[name]));
        bar.setAttribute("aria-label", dt.textContent);
        const fill = document.createElement("span");
        fill.style.width = Math.round(metrics[name] * 100) + "%";
        bar.appendChild(fill);
        meter.appendChild(bar);
        value.textContent = Number(metrics[name]).toFixed(2);
      }
      list.append(dt, meter, value);
    });
  }

  // ---------- player (static/js/player.js) ----------
  function play() {
    if (!state.result) return;
    state.player = window.coprodPlayer.play(state.result, stop);
    if (!state.player) return;
    $("play").textContent = "■ Stop"; $("play").setAttribute("aria-pressed", "true");
    requestAnimationFrame(playhead);
  }

  function playhead() {
    const player = state.player;
    if (!player || !state.rollGeometry) return;
    drawRoll(state.result);
    const position = player.position();
    if (position >= 0 && position <= 1) {
      const ctx = $("piano-roll").getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(position * state.rollGeometry.W, 0, 2, state.rollGeometry.H);
    }
    if (state.player) requestAnimationFrame(playhead);
  }

  function stop() {
    if (!state.player) return;
    state.player.stop();
    state.player = null;
    $("play").textContent = "▶ Play"; $("play").setAttribute("aria-pressed", "false");
    if (state.result) drawRoll(state.result);
  }

  // ---------- wiring ----------
  $("tool").addEventListener("change", (e) => buildForm(e.target.value));
  $("studio-form").addEventListener("submit", function (event) {
    event.preventDefault();
    const tool = $("tool").value;
    generate(tool, readForm(tool));
  });
  $("regenerate").addEventListener("click", function () {
    if (!state.lastRequest) return;
    const body = Object.assign({}, state.lastRequest.body, { seed: Math.floor(Math.random() * 2147483647) });
    generate(state.lastRequest.tool, body);
  });
  $("apply-variation").addEventListener("click", function () {
    if (!state.result) return;
    const original = state.midiFileId ? state.result : { generation_id: state.generationId };
    generate("variations", { original: original, variation_type: $("variation-type").value });
  });
  $("play").addEventListener("click", () => (state.player ? stop() : play()));
  $("save-idea").addEventListener("click", async function () {
    if (!state.result) return;
    const body = state.midiFileId ? { data: state.result, title: state.name.slice(0, 120) } : { generation_id: state.generationId };
    const { status } = await api("POST", "/api/vault", body);
    $("save-status").textContent = status === 201 ? "Saved to your vault." : "Could not save this idea.";
    if (status === 201) $("save-idea").disabled = true;
  });
  document.addEventListener("keydown", function (event) {
    const typing = /^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(document.activeElement.tagName);
    if (event.code === "Space" && !typing && state.result) { event.preventDefault(); state.player ? stop() : play(); }
  });
  buildForm($("tool").value);
  // What studio_midi.js (loading, editing, saving MIDI files) works with.
  window.coprodStudio = { state: state, api: api, show: show, drawRoll: drawRoll, setProgress: setProgress,
                          showErrors: showErrors, clearErrors: clearErrors, stop: stop };
})();
