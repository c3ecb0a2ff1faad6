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
                  player: null, lastRequest: null, rollNotes: [], selected: null,
                  requestSeq: 0, requests: {}, history: [], then: null };
  const SOURCE_PARAM = { counter_melody: "main_melody", variations: "original" };
  // Vault ideas with no line for a counter-melody to answer.
  const NO_LINE_TYPES = ["drum_pattern", "chord_progression"];
  // Fields whose default is the genre's: the value shown (and what an emptied field returns to).
  const GENRE_VALUES = { bpm: "default_bpm", swing: "swing" };
  // Selects whose blank option means the genre's choice: the option names it.
  const GENRE_CHOICES = { pattern: "comping_pattern", style: "bass_style" };

  // ---------- form ----------
  function fieldId(name) { return "param-" + name; }

  function buildForm(tool) {
    const spec = catalog.tools[tool];
    state.sourceApplied = null;  // the fields are the tool's defaults again
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
      label.textContent = param.label || param.name.replace(/_/g, " ");
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
        else if (!GENRE_VALUES[param.name]) input.placeholder = "the genre's";
      } else {
        input = document.createElement("input");
        input.type = "text";
        input.value = param.kind === "int_list" ? (param.default || []).join(",") : (param.default || "");
        if (param.name === "key") { input.placeholder = "C, F#, Bb..."; input.value = input.value || "C"; }
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
      keepDefaultVisible(input, param);
      if (GENRE_VALUES[param.name] || param.name === "scale") {
        // What the producer set stays when the genre changes (a minor scale picked before "lofi" became dorian).
        const mark = () => { input.dataset.chosen = input.value.trim() !== "" ? "1" : ""; };
        input.addEventListener("input", mark);
        input.addEventListener("change", mark);
      }
    });
    buildSourceField(tool);
    const genre = $(fieldId("genre"));
    if (genre) { genre.addEventListener("change", applyGenreDefaults); applyGenreDefaults(); }
  }

  function applyGenreDefaults() {
    const genre = catalog.genres[$(fieldId("genre")).value];
    if (!genre) return;
    Object.keys(GENRE_VALUES).forEach(function (name) {
      const input = $(fieldId(name));
      if (input && !input.dataset.chosen) input.value = genre[GENRE_VALUES[name]];
    });
    Object.keys(GENRE_CHOICES).forEach(function (name) {
      const select = $(fieldId(name));
      if (select && select.options[0] && select.options[0].value === "") {
        select.options[0].textContent = "Genre's: " + String(genre[GENRE_CHOICES[name]]).replace(/_/g, " ");
      }
    });
    const scale = $(fieldId("scale"));
    if (scale && !scale.dataset.chosen) scale.value = genre.scales[0];
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
        // An error about the music worked from (main_melody, original) belongs beside the source picker.
        const named = field.split(/[.[]/)[0];
        const base = Object.values(SOURCE_PARAM).indexOf(named) >= 0 && $("param-source-error") ? "source" : named;
        const error = $(fieldId(base) + "-error");
        const message = [].concat(details[field]).map((m) => humanError(field, String(m))).join(" ");
        if (error) {
          error.textContent = message;
          error.hidden = false;
          error.parentElement.classList.add("has-error");
          shown = true;
        } else {
          $("form-error").textContent = message;
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
    // Events and polls of the previous job are stale from here on: they carry its id, not ours.
    const seq = ++state.requestSeq;
    state.generationId = null;
    clearTimeout(state.pollTimer);
    $("generate").disabled = true;
    setProgress(0, "queued");
    const slug = catalog.slugs[tool];
    // The request waits for quick jobs (the producer is watching: no notification needed).
    const { status, data } = await api("POST", "/api/generate/" + slug, body);
    if (seq !== state.requestSeq) return;
    $("generate").disabled = false;
    if (status === 400) { setProgress(0, "fix the highlighted fields"); showErrors(data.details); return; }
    if (status >= 400) { setProgress(0, "error"); showErrors(data.reason || data.details || data.error); return; }
    state.generationId = data.generation_id;
    state.requests[data.generation_id] = { tool: tool, body: body };
    if (status === 200 && data.success === false) { fail(data.error_message || data.status); return; }
    if (status === 200 && data.data) { finish(data.data); return; }
    poll();
  }

  function poll() {
    clearTimeout(state.pollTimer);
    const id = state.generationId;
    state.pollTimer = setTimeout(async function () {
      if (id !== state.generationId) return;
      const { status, data } = await api("GET", "/api/generate/" + id + "/status?include=data");
      if (status !== 200 || id !== state.generationId) return;
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

  function showPreview(url, id) {
    if (id !== state.generationId) return; // a preview of an earlier result
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
      if (id !== state.generationId) return;
      if (status === 200 && data.preview_url) showPreview(data.preview_url, id);
      else pollPreview(id, attempts - 1);
    }, 1000);
  }

  document.addEventListener("coprod:generation_preview_ready", function (event) {
    showPreview(event.detail.preview_url, event.detail.generation_id);
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
    rememberResult(state.generationId, result);
    show(result, resultTitle(result) + ": " + summary);
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
    afterResult();
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

  // ---------- plain language: labels, defaults, errors ----------
  function paramOf(name) {
    return catalog.tools[$("tool").value].params.find((p) => p.name === name);
  }

  function humanError(field, message) {
    // The API's wording ("Invalid parameter: bpm must be 40-240 (got 999)") in the form's words.
    const base = field.split(/[.[]/)[0];
    const param = paramOf(base);
    const label = param ? param.label : base.replace(/_/g, " ");
    if (/^Unknown parameter/.test(message)) return "“" + base + "” is not a setting of this tool.";
    if (SOURCE_PARAM[$("tool").value] === base) return "Choose the result to work from (" + message.replace(/^Invalid parameter: /, "") + ").";
    const match = /must be (.*?)(?: \(got [\s\S]*\))?$/.exec(message);
    if (!match) return message;
    const constraint = match[1];
    const range = /^(-?[\d.]+)-(-?[\d.]+)$/.exec(constraint);
    if (range) return label + ": enter a number from " + range[1] + " to " + range[2] + ".";
    if (base === "key") return label + ": use a note name such as C, F# or Bb.";
    if (/^one of:/.test(constraint)) return label + ": choose one of the listed options.";
    if (constraint === "an integer") return label + ": enter a whole number.";
    if (constraint === "a number") return label + ": enter a number.";
    if (constraint === "present") return label + " is needed.";
    return label + " must be " + constraint + ".";
  }

  function keepDefaultVisible(input, param) {
    // An emptied field shows its default again rather than silently meaning it.
    if (GENRE_VALUES[param.name]) {
      input.addEventListener("blur", function () {
        const genre = $(fieldId("genre")) && catalog.genres[$(fieldId("genre")).value];
        if (input.value.trim() === "" && genre) input.value = genre[GENRE_VALUES[param.name]];
      });
      return;
    }
    if (param.default === null || param.kind === "bool") return;
    input.addEventListener("blur", function () {
      if (input.value.trim() !== "") return;
      input.value = param.kind === "int_list" ? param.default.join(",") :
        param.kind === "level" ? (param.default >= 0.8 ? "high" : param.default <= 0.4 ? "low" : "medium") : param.default;
    });
  }

  function resultTitle(result) {
    const label = catalog.result_labels[result.type] || catalog.labels[result.type] || String(result.type).replace(/_/g, " ");
    if (result.type === "variation" && result.variation_type) return label + " (" + (catalog.variation_labels[result.variation_type] || result.variation_type) + ")";
    return label;
  }

  // ---------- sources: counter-melody and variation name what they work from ----------
  function historyLabel(entry) {
    const r = entry.result;
    return resultTitle(r) + " · " + [r.key, r.scale, r.bpm && r.bpm + " BPM"].filter(Boolean).join(" ") + " (#" + entry.id + ")";
  }

  function rememberResult(id, result) {
    if (!id) return;
    state.history = [{ id: id, result: result }].concat(state.history.filter((e) => e.id !== id)).slice(0, 10);
    if (SOURCE_PARAM[$("tool").value]) buildSourceField($("tool").value);
  }

  async function buildSourceField(tool) {
    const old = $("source-field");
    if (old) old.remove();
    if (!SOURCE_PARAM[tool]) return;
    const wrap = document.createElement("div");
    wrap.className = "field wide";
    wrap.id = "source-field";
    const label = document.createElement("label");
    label.htmlFor = "param-source";
    label.textContent = tool === "counter_melody" ? "Melody to answer" : "Result to vary";
    const select = document.createElement("select");
    select.id = "param-source";
    select.setAttribute("aria-describedby", "param-source-error");
    const recent = document.createElement("optgroup");
    recent.label = "Recent results";
    // A counter-melody answers a line: drums, chords and pads have none, so they are not offered.
    const usable = (result) => tool !== "counter_melody" || leadNotes(result).length > 0;
    state.history.forEach(function (e, i) {
      if (usable(e.result)) recent.appendChild(new Option((i === 0 ? "Current: " : "") + historyLabel(e), "gen:" + e.id));
    });
    const vault = document.createElement("optgroup");
    vault.label = "Vault";
    select.append(recent, vault);
    const error = document.createElement("p");
    error.className = "field-error";
    error.id = "param-source-error";
    error.hidden = true;
    wrap.append(label, select, error);
    $("params").prepend(wrap);
    select.addEventListener("change", () => applySource(tool));
    const { status, data } = await api("GET", "/api/vault?per_page=20");
    if (status === 200) {
      (data.data || []).forEach(function (idea) {
        if (tool === "counter_melody" && NO_LINE_TYPES.indexOf(idea.type) >= 0) return;
        vault.appendChild(new Option(idea.title + " (" + resultTitle({ type: idea.type }) + ")", "idea:" + idea.id));
      });
    }
    if (!select.options.length) {
      select.appendChild(new Option("Nothing yet: generate a result or save one to your vault", ""));
      select.disabled = true;
    }
    applySource(tool);
  }

  async function sourceResult() {
    const value = $("param-source") ? $("param-source").value : "";
    if (value.startsWith("gen:")) {
      const entry = state.history.find((e) => "gen:" + e.id === value);
      return entry ? { ref: { generation_id: entry.id }, result: entry.result } : null;
    }
    if (value.startsWith("idea:")) {
      const { status, data } = await api("GET", "/api/vault/" + value.slice(5));
      return status === 200 ? { result: data.data.data } : null;
    }
    return null;
  }

  // Which source (tool and choice) last filled the form; the form's own defaults until then.
  function sourceChoice(tool) { return tool + "|" + ($("param-source") ? $("param-source").value : ""); }

  async function applySource(tool) {
    // The source's genre, key, scale and tempo fill the form, so what is sent is what is shown.
    const choice = sourceChoice(tool);
    const source = await sourceResult();
    if (!source || tool !== $("tool").value || choice !== sourceChoice(tool)) return;
    state.sourceApplied = choice;
    const r = source.result;
    [["genre", r.genre], ["key", r.key], ["scale", r.scale], ["bpm", r.bpm]].forEach(function (pair) {
      const input = $(fieldId(pair[0]));
      if (!input || pair[1] === undefined || pair[1] === null || pair[1] === "") return;
      // A select keeps its value unless the source's is one of its options (a fused genre is not).
      if (input.tagName === "SELECT" && !Array.from(input.options).some((o) => o.value === String(pair[1]))) return;
      input.value = pair[1];
    });
  }

  // The line a counter-melody answers: the engine's lead part (a drum pattern's ``notes`` are its hits).
  function leadNotes(result) {
    const parts = result.parts || [];
    if (!parts.length) return Array.isArray(result.notes) ? result.notes : [];
    for (const name of catalog.lead_parts) {
      const part = parts.find((p) => p.name === name && !p.is_drum && p.notes.length);
      if (part) return part.notes;
    }
    return [];
  }

  async function withSource(tool, body) {
    const field = SOURCE_PARAM[tool];
    if (!field) return body;
    const source = await sourceResult();
    if (!source) {
      const error = $("param-source-error");
      if (error) { error.textContent = "Choose the result to work from: generate one first or save one to your vault."; error.hidden = false; }
      return null;
    }
    if (tool === "counter_melody" && !leadNotes(source.result).length) {
      const error = $("param-source-error");
      if (error) { error.textContent = "That result has no melody to answer (drums, chords and pads have none): choose a melody or a song."; error.hidden = false; }
      return null;
    }
    if (tool === "counter_melody") body.main_melody = source.ref || leadNotes(source.result);
    else body.original = source.ref || source.result;
    return body;
  }

  // ---------- after a result: focus, New seed, project ----------
  function afterResult() {
    $("result-heading").focus();
    const request = state.requests[state.generationId];
    const seedless = request && request.tool === "variations" && catalog.seedless_variations.indexOf(request.body.variation_type) >= 0;
    const source = seedless && request.body.original && state.requests[request.body.original.generation_id];
    $("regenerate").disabled = !request || (!!seedless && !source);
    $("regenerate").title = seedless && !source ? "This variation is exact: a new seed gives the same notes. Generate a new source first." : "";
    ["project-pick", "add-to-project"].forEach((id) => { $(id).disabled = !$("project-pick").dataset.loaded; });
    $("new-project").disabled = !state.generationId;
    $("project-status").textContent = "";
    if (state.then) { const next = state.then; state.then = null; next(state.generationId); }
  }

  function regenerateCurrent() {
    // New seed re-runs whatever made the current result. An exact variation (darker, happier)
    // would come back identical: its source is re-run with a new seed and varied again.
    const request = state.requests[state.generationId] || state.lastRequest;
    if (!request) return;
    const seed = () => Math.floor(Math.random() * 2147483647);
    const seedless = request.tool === "variations" && catalog.seedless_variations.indexOf(request.body.variation_type) >= 0;
    const source = seedless && request.body.original && state.requests[request.body.original.generation_id];
    if (source) {
      state.then = (id) => generate("variations", { original: { generation_id: id }, variation_type: request.body.variation_type });
      generate(source.tool, Object.assign({}, source.body, { seed: seed() }));
      return;
    }
    generate(request.tool, Object.assign({}, request.body, { seed: seed() }));
  }

  async function loadProjects() {
    const { status, data } = await api("GET", "/api/projects?per_page=100");
    if (status !== 200) return;
    const pick = $("project-pick");
    (data.data || []).forEach((p) => pick.appendChild(new Option(p.name, String(p.id))));
    if (!(data.data || []).length) pick.options[0].textContent = "No projects yet";
    pick.dataset.loaded = (data.data || []).length ? "1" : "";
  }

  // A first project made where the first result is: named here, created, and the result filed in it.
  async function createProjectAndAdd(event) {
    event.preventDefault();
    const name = $("new-project-name").value.trim();
    if (!name) { $("new-project-name").focus(); return; }
    const { status, data } = await api("POST", "/api/projects", { name: name });
    if (status !== 201) { $("project-status").textContent = "Could not create it: " + (data.error || status); return; }
    const pick = $("project-pick");
    pick.appendChild(new Option(data.data.name, String(data.data.id)));
    pick.options[0].textContent = "Add to a project…";
    pick.dataset.loaded = "1";
    pick.value = String(data.data.id);
    ["project-pick", "add-to-project"].forEach((id) => { $(id).disabled = false; });
    $("new-project-form").hidden = true;
    $("new-project").setAttribute("aria-expanded", "false");
    $("new-project-name").value = "";
    await addToProject();
  }

  async function addToProject() {
    const project = $("project-pick").value;
    if (!project || !state.generationId) { $("project-status").textContent = "Choose a project first."; return; }
    const { status, data } = await api("POST", "/api/projects/" + project + "/ideas", { generation_id: state.generationId });
    const name = $("project-pick").selectedOptions[0].textContent;
    $("project-status").replaceChildren();
    if (status === 200) {
      const link = document.createElement("a");
      link.href = "/projects/" + project + "/";
      link.textContent = "Added to " + name;
      $("project-status").appendChild(link);
    } else {
      $("project-status").textContent = "Could not add it: " + (data.error || status);
    }
  }

  // ---------- a notification's link: /studio/?generation=<id> opens that result ----------
  async function openFromQuery() {
    const id = parseInt(new URLSearchParams(location.search).get("generation"), 10);
    if (!id) return;
    const { status, data } = await api("GET", "/api/generate/" + id + "/status?include=data");
    if (status !== 200 || state.generationId) return;
    state.generationId = id;
    if (data.status === "completed") finish(data.data);
    // A failure's notification leads here too: say what went wrong rather than show nothing.
    else if (data.status === "failed" || data.status === "cancelled") fail((catalog.labels[data.tool] || "This result") + " " + data.status + ": " + (data.error_message || "no reason given"));
    else poll();
  }

  // ---------- phone: the form folds away ----------
  function toggleForm() {
    const form = $("studio-form");
    form.hidden = !form.hidden;
    $("toggle-form").setAttribute("aria-expanded", String(!form.hidden));
    $("toggle-form").textContent = form.hidden ? "Show settings" : "Hide settings";
  }

  // ---------- wiring ----------
  $("tool").addEventListener("change", (e) => buildForm(e.target.value));
  $("studio-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const tool = $("tool").value;
    // A Generate pressed before the chosen source filled the form (it is read asynchronously) would
    // send the tool's defaults: a C major line for a C minor arpeggio. Fill it first.
    if (SOURCE_PARAM[tool] && state.sourceApplied !== sourceChoice(tool)) await applySource(tool);
    const body = await withSource(tool, readForm(tool));
    if (body) generate(tool, body);
  });
  $("regenerate").addEventListener("click", regenerateCurrent);
  $("apply-variation").addEventListener("click", function () {
    if (!state.result) return;
    // Explicitly this result (the button says so): a generation by id, a MIDI file by its notes.
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
  $("add-to-project").addEventListener("click", addToProject);
  $("new-project").addEventListener("click", function () {
    const form = $("new-project-form");
    form.hidden = !form.hidden;
    $("new-project").setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) $("new-project-name").focus();
  });
  $("new-project-form").addEventListener("submit", createProjectAndAdd);
  $("toggle-form").addEventListener("click", toggleForm);
  buildForm($("tool").value);
  // What studio_midi.js (loading, editing, saving MIDI files) works with.
  window.coprodStudio = { state: state, api: api, show: show, drawRoll: drawRoll, setProgress: setProgress,
                          showErrors: showErrors, clearErrors: clearErrors, stop: stop };
  loadProjects();
  openFromQuery();
})();
