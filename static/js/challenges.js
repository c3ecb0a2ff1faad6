/* A challenge page: join, live constraint feedback while choosing an entry, submit, play entries, vote.
 * Everything goes through the API; user text is inserted with textContent only. */
(function () {
  "use strict";
  const root = document.getElementById("challenge");
  if (!root) return;
  const id = root.dataset.challengeId;
  const base = "/api/challenges/" + id;
  const csrf = document.querySelector("meta[name=csrf-token]").content;

  async function api(method, url, body) {
    const options = { method: method, credentials: "same-origin", headers: { "X-CSRF-Token": csrf } };
    if (body instanceof FormData) options.body = body;
    else if (body !== undefined) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
    const response = await fetch(url, options);
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    return { status: response.status, data: data };
  }

  function errorText(data) {
    if (data.reason) return data.reason;
    if (typeof data.details === "string") return data.details;
    if (data.details) return Object.keys(data.details).map((k) => k + ": " + [].concat(data.details[k]).join(" ")).join("; ");
    return data.error || "Something went wrong";
  }

  function showResults(results) {
    results.forEach(function (r) {
      const item = document.querySelector('#checklist li[data-constraint="' + r.constraint + '"]');
      if (!item) return;
      item.classList.toggle("passed", r.passed);
      item.classList.toggle("failed", !r.passed);
      item.querySelector(".mark").textContent = r.passed ? "✓" : "✗";
      item.querySelector(".reason").textContent = " — " + r.reason;
    });
  }
  showResults(Array.from(document.querySelectorAll("template.last-result")).map((t) => ({
    constraint: t.dataset.constraint, passed: t.dataset.passed === "true", reason: t.dataset.reason })));

  const join = document.getElementById("join");
  if (join) join.addEventListener("click", async function () {
    join.disabled = true;
    const { status, data } = await api("POST", base + "/join");
    document.getElementById("join-status").textContent = status < 300 ? "Joined!" : errorText(data);
    if (status < 300) setTimeout(() => location.reload(), 400); else join.disabled = false;
  });

  const form = document.getElementById("entry-form");
  if (form) {
    const kind = document.getElementById("source-kind");
    const status = document.getElementById("entry-status");
    const showSource = function () {
      form.querySelectorAll(".source").forEach((el) => { el.hidden = el.dataset.source !== kind.value; });
    };
    const entryBody = function () {
      const genre = document.getElementById("genre").value.trim();
      if (kind.value === "file") {
        const file = document.getElementById("file").files[0];
        if (!file) return null;
        const body = new FormData();
        body.append("file", file);
        if (genre) body.append("genre", genre);
        return body;
      }
      const value = document.getElementById(kind.value).value;
      if (!value) return null;
      const body = {};
      body[kind.value] = kind.value === "generation_id" ? value : parseInt(value, 10);
      if (genre) body.genre = genre;
      return body;
    };
    let checking = 0;
    const check = async function () {
      const body = entryBody();
      if (!body) return;
      const ticket = ++checking;
      status.textContent = "Checking…";
      const { status: code, data } = await api("POST", base + "/check", body);
      if (ticket !== checking) return;  // a newer choice was made meanwhile
      if (code !== 200) { status.textContent = errorText(data); return; }
      showResults(data.data.results);
      status.textContent = data.data.constraints_met + " of " + data.data.constraints_total + " constraints met" +
        (data.data.passed ? " — ready to submit" : "");
    };
    kind.addEventListener("change", function () { showSource(); check(); });
    form.querySelectorAll(".source select, .source input, #genre").forEach((el) => el.addEventListener("change", check));
    document.getElementById("check").addEventListener("click", check);
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const body = entryBody();
      if (!body) { status.textContent = "Choose your music first."; return; }
      status.textContent = "Submitting…";
      const { status: code, data } = await api("POST", base + "/submit", body);
      if (code !== 200 && code !== 201) { status.textContent = errorText(data); return; }
      showResults(data.data.results);
      status.textContent = data.message;
      setTimeout(() => location.reload(), 800);
    });
    showSource();
  }

  let playing = null;
  let playingButton = null;
  const stop = function () {
    if (playing) playing.stop();
    if (playingButton) { playingButton.textContent = "▶ Play"; playingButton.setAttribute("aria-pressed", "false"); }
    playing = null; playingButton = null;
  };
  document.querySelectorAll("#entries .entry").forEach(function (entry) {
    const submissionId = entry.dataset.submissionId;
    const play = entry.querySelector(".play");
    play.addEventListener("click", async function () {
      const wasMine = playingButton === play;
      stop();
      if (wasMine) return;
      const { status, data } = await api("GET", base + "/submissions/" + submissionId);
      if (status !== 200) return;
      playing = window.coprodPlayer.play(data.data.data, stop);
      playingButton = play;
      play.textContent = "■ Stop";
      play.setAttribute("aria-pressed", "true");
    });
    const vote = entry.querySelector(".vote");
    if (vote) vote.addEventListener("click", async function () {
      const { status, data } = await api("POST", base + "/vote", { submission_id: parseInt(submissionId, 10) });
      const message = document.getElementById("vote-status");
      if (status !== 201) { message.textContent = errorText(data); return; }
      message.textContent = "Vote recorded.";
      const votes = entry.querySelector(".votes");
      votes.textContent = String(parseInt(votes.textContent, 10) + 1);
      document.querySelectorAll("#entries .vote").forEach((b) => { b.disabled = true; });
    });
  });
})();
