/* The vault page: play an idea, toggle favourites, retitle / retag / annotate / delete it, add it to a
 * project, and merge the selected ideas with the key, mode and tempo of the idea the producer picks
 * (all through the API). User text is inserted with textContent only. */
(function () {
  "use strict";
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  const $ = (id) => document.getElementById(id);
  let playing = null;
  async function api(method, url, body) {
    const response = await fetch(url, { method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body) });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    return { status: response.status, data: data };
  }
  function firstError(data) {
    if (data.details && typeof data.details === "object") {
      const field = Object.keys(data.details)[0];
      return [].concat(data.details[field])[0];
    }
    return data.details || data.error || "try again";
  }

  function wireFavorite(card, id) {
    const favorite = card.querySelector(".favorite");
    favorite.addEventListener("click", async function () {
      const { status, data } = await api("POST", "/api/vault/" + id + "/favorite");
      if (status !== 200) return;
      favorite.textContent = data.data.is_favorite ? "★" : "☆";
      favorite.setAttribute("aria-pressed", String(data.data.is_favorite));
    });
  }

  function wireEdit(card, id) {
    const form = card.querySelector(".edit-form");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const tags = form.querySelector(".tags").value.split(",").map((t) => t.trim()).filter(Boolean);
      const body = { title: form.querySelector(".title").value.trim(), tags: tags, notes: form.querySelector(".notes").value };
      const { status, data } = await api("PATCH", "/api/vault/" + id, body);
      const note = form.querySelector(".edit-status");
      if (status !== 200) { note.textContent = "Not saved: " + firstError(data); return; }
      note.textContent = "Saved.";
      card.querySelector(".idea-title").textContent = data.data.title;
      card.dataset.title = data.data.title;
    });
  }

  function wireDelete(card, id) {
    card.querySelector(".delete").addEventListener("click", async function () {
      if (!window.confirm("Delete “" + card.dataset.title + "”? Its MIDI and preview go with it.")) return;
      const { status } = await api("DELETE", "/api/vault/" + id);
      if (status === 200) { card.remove(); updateMerge(); }
    });
  }

  function wireProject(card, id, projects) {
    const pick = card.querySelector(".project-pick");
    if (!pick) return;
    projects.forEach((p) => pick.appendChild(new Option(p.name, String(p.id))));
    if (!projects.length) pick.options[0].textContent = "No projects yet";
    card.querySelector(".add-to-project").addEventListener("click", async function () {
      const out = card.querySelector(".project-status");
      if (!pick.value) { out.textContent = "Choose a project first."; return; }
      const { status, data } = await api("POST", "/api/projects/" + pick.value + "/ideas", { idea_id: parseInt(id, 10) });
      out.replaceChildren();
      if (status !== 200) { out.textContent = "Could not add it: " + firstError(data); return; }
      const link = document.createElement("a");
      link.href = "/projects/" + pick.value + "/";
      link.textContent = "Added to " + pick.selectedOptions[0].textContent;
      out.appendChild(link);
    });
  }

  function wirePlay(card, id) {
    const play = card.querySelector(".play");
    if (!play) return;
    play.addEventListener("click", async function () {
      if (playing) { playing.stop(); playing = null; play.textContent = "▶ Play"; return; }
      const { status, data } = await api("GET", "/api/vault/" + id);
      if (status !== 200) return;
      playing = window.coprodPlayer.play(data.data.data, function () { playing = null; play.textContent = "▶ Play"; });
      play.textContent = "■ Stop";
    });
  }

  // ---------- merge: the producer picks the idea that sets key, mode and tempo ----------
  const picked = () => Array.from(document.querySelectorAll(".merge-pick:checked")).map((el) => el.closest(".idea"));
  function keyText(card) {
    return [card.dataset.key, (card.dataset.scale || "").replace(/_/g, " ")].filter(Boolean).join(" ");
  }
  function updateMerge() {
    const cards = picked();
    const base = $("merge-base");
    const previous = base.dataset.chosen; // kept only when the producer chose it
    base.replaceChildren();
    cards.forEach((card) => base.appendChild(new Option(card.dataset.title + (keyText(card) ? " (" + keyText(card) + (card.dataset.bpm ? ", " + card.dataset.bpm + " BPM" : "") + ")" : " (no key: drums)"), card.dataset.ideaId)));
    if (!cards.length) base.appendChild(new Option("Select ideas first", ""));
    // Default: the first picked idea that has a key (a drum groove has none to give).
    const keyed = cards.find((card) => card.dataset.key);
    base.value = cards.some((c) => c.dataset.ideaId === previous) ? previous : keyed ? keyed.dataset.ideaId : (cards[0] ? cards[0].dataset.ideaId : "");
    base.disabled = cards.length < 2;
    $("merge").disabled = cards.length < 2;
    // The controls show once there is something to merge (on a phone they pushed the ideas down).
    $("merge-controls").hidden = cards.length < 2;
    explainMerge();
  }
  function explainMerge() {
    // Nothing changes mode silently: say which ideas will be moved to the target key.
    const cards = picked();
    const target = cards.find((c) => c.dataset.ideaId === $("merge-base").value);
    if (!target || cards.length < 2) { $("merge-note").textContent = ""; return; }
    const moved = cards.filter((c) => c !== target && c.dataset.key && keyText(c) !== keyText(target));
    $("merge-note").textContent = "The merge is in " + (keyText(target) || "C major") + (target.dataset.bpm ? " at " + target.dataset.bpm + " BPM" : "") + "." +
      (moved.length ? " Moved to it by scale degree: " + moved.map((c) => c.dataset.title + " (" + keyText(c) + ")").join(", ") + "." : "");
  }
  async function merge() {
    const base = $("merge-base").value;
    const others = picked().map((c) => c.dataset.ideaId).filter((id) => id !== base).map((id) => parseInt(id, 10));
    if (!base || !others.length) return;
    const { status, data } = await api("POST", "/api/vault/" + base + "/merge", { idea_ids: others });
    $("merge-status").textContent = status === 201 ? "Merged: “" + data.data.title + "”" : "Could not merge: " + firstError(data);
    if (status === 201) setTimeout(() => location.reload(), 600);
  }

  async function start() {
    const { status, data } = await api("GET", "/api/projects?per_page=100");
    const projects = status === 200 ? data.data || [] : [];
    document.querySelectorAll(".idea").forEach(function (card) {
      const id = card.dataset.ideaId;
      wireFavorite(card, id);
      wireEdit(card, id);
      wireDelete(card, id);
      wirePlay(card, id);
      wireProject(card, id, projects);
    });
  }
  document.querySelectorAll(".merge-pick").forEach((el) => el.addEventListener("change", updateMerge));
  $("merge-base").addEventListener("change", function () { $("merge-base").dataset.chosen = $("merge-base").value; explainMerge(); });
  $("merge").addEventListener("click", merge);
  start();
})();
