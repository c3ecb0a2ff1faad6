/* The track page: every stem plays in sync through WebAudio, each with its own gain, so a stem can
 * be soloed or muted while the song plays; the lyric being sung is highlighted from the lyrics'
 * timestamps; the first play is counted. No HTML is built from data (textContent only). */
(function () {
  "use strict";

  const page = document.querySelector(".track-page");
  if (!page) return;
  const trackId = page.dataset.trackId;
  const playButton = document.getElementById("track-play");
  const status = document.getElementById("track-status");
  const timeLabel = document.getElementById("track-time");
  const stems = Array.from(document.querySelectorAll(".stem"));
  const lines = Array.from(document.querySelectorAll("#lyrics li"));
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  let context = null;
  let buffers = null;       // stem name -> AudioBuffer
  let gains = {};           // stem name -> GainNode
  let sources = [];
  let startedAt = 0;        // context time at which offset 0 would have played
  let offset = 0;           // seconds into the song when paused
  let playing = false;
  let counted = false;
  const soloed = new Set();
  const muted = new Set();

  function duration() {
    return buffers ? Math.max.apply(null, Object.values(buffers).map((b) => b.duration)) : 0;
  }

  function clock(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  async function load() {
    context = new (window.AudioContext || window.webkitAudioContext)();
    status.textContent = "Loading stems…";
    const loaded = {};
    await Promise.all(stems.map(async function (item) {
      const response = await fetch(item.dataset.url, { credentials: "same-origin" });
      if (!response.ok) throw new Error("stem " + item.dataset.stem + ": " + response.status);
      loaded[item.dataset.stem] = await context.decodeAudioData(await response.arrayBuffer());
    }));
    buffers = loaded;
    status.textContent = "";
  }

  function applyGains() {
    stems.forEach(function (item) {
      const name = item.dataset.stem;
      const audible = !muted.has(name) && (soloed.size === 0 || soloed.has(name));
      if (gains[name]) gains[name].gain.value = audible ? 1 : 0;
      item.querySelector(".stem-solo").setAttribute("aria-pressed", String(soloed.has(name)));
      item.querySelector(".stem-mute").setAttribute("aria-pressed", String(muted.has(name)));
    });
  }

  function start() {
    sources = Object.entries(buffers).map(function ([name, buffer]) {
      const source = context.createBufferSource();
      source.buffer = buffer;
      if (!gains[name]) {
        gains[name] = context.createGain();
        gains[name].connect(context.destination);
      }
      source.connect(gains[name]);
      return source;
    });
    applyGains();
    const when = context.currentTime + 0.05;
    startedAt = when - offset;
    sources.forEach((source) => source.start(when, offset));
    sources[0].onended = function () { if (playing && position() >= duration() - 0.1) stop(true); };
    playing = true;
    playButton.textContent = "Pause";
    requestAnimationFrame(tick);
  }

  function stop(finished) {
    offset = finished ? 0 : position();
    sources.forEach(function (source) { try { source.stop(); } catch (e) { /* already ended */ } });
    sources = [];
    playing = false;
    playButton.textContent = "Play";
  }

  function position() {
    return playing ? Math.min(duration(), context.currentTime - startedAt) : offset;
  }

  function tick() {
    const now = position();
    timeLabel.textContent = clock(now) + " / " + clock(duration());
    let current = null;
    lines.forEach(function (line) {
      const sung = now >= Number(line.dataset.start) && now < Number(line.dataset.end);
      line.classList.toggle("sung", sung);
      if (sung) current = line;
    });
    if (current && current.dataset.shown !== "1") {
      lines.forEach((line) => { delete line.dataset.shown; });
      current.dataset.shown = "1";
      current.scrollIntoView({ block: "nearest" });
    }
    if (playing) requestAnimationFrame(tick);
  }

  function countPlay() {
    if (counted) return;
    counted = true;
    fetch("/v1/ai/tracks/" + encodeURIComponent(trackId) + "/plays", {
      method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf },
    });
  }

  playButton.addEventListener("click", async function () {
    try {
      if (!buffers) await load();
      if (context.state === "suspended") await context.resume();
      if (playing) { stop(false); return; }
      countPlay();
      start();
    } catch (error) {
      status.textContent = "Could not play: " + error.message;
    }
  });

  stems.forEach(function (item) {
    const name = item.dataset.stem;
    item.querySelector(".stem-solo").addEventListener("click", function () {
      if (soloed.has(name)) soloed.delete(name); else soloed.add(name);
      applyGains();
    });
    item.querySelector(".stem-mute").addEventListener("click", function () {
      if (muted.has(name)) muted.delete(name); else muted.add(name);
      applyGains();
    });
  });
})();
