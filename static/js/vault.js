/* The vault page: play an idea, toggle favourites, merge the selected ideas (all through the API). */
(function () {
  "use strict";
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  let playing = null;
  async function api(method, url, body) {
    const response = await fetch(url, { method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body) });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    return { status: response.status, data: data };
  }
  document.querySelectorAll(".idea").forEach(function (card) {
    const id = card.dataset.ideaId;
    const favorite = card.querySelector(".favorite");
    favorite.addEventListener("click", async function () {
      const { status, data } = await api("POST", "/api/vault/" + id + "/favorite");
      if (status !== 200) return;
      favorite.textContent = data.data.is_favorite ? "★" : "☆";
      favorite.setAttribute("aria-pressed", String(data.data.is_favorite));
    });
    const tagForm = card.querySelector(".tag-form");
    tagForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      const tags = tagForm.querySelector(".tags").value.split(",").map((t) => t.trim()).filter(Boolean);
      const { status } = await api("PATCH", "/api/vault/" + id, { tags: tags });
      tagForm.querySelector("button").textContent = status === 200 ? "Saved" : "Error";
    });
    const play = card.querySelector(".play");
    if (play) play.addEventListener("click", async function () {
      if (playing) { playing.stop(); playing = null; play.textContent = "▶ Play"; return; }
      const { status, data } = await api("GET", "/api/vault/" + id);
      if (status !== 200) return;
      playing = window.coprodPlayer.play(data.data.data, function () { playing = null; play.textContent = "▶ Play"; });
      play.textContent = "■ Stop";
    });
  });
  const merge = document.getElementById("merge");
  const picks = () => Array.from(document.querySelectorAll(".merge-pick:checked")).map((el) => parseInt(el.value, 10));
  document.querySelectorAll(".merge-pick").forEach((el) => el.addEventListener("change", function () {
    merge.disabled = picks().length < 2;
  }));
  merge.addEventListener("click", async function () {
    const ids = picks();
    if (ids.length < 2) return;
    const { status, data } = await api("POST", "/api/vault/" + ids[0] + "/merge", { idea_ids: ids.slice(1) });
    document.getElementById("merge-status").textContent = status === 201 ? "Merged: “" + data.data.title + "”" :
      "Could not merge: " + JSON.stringify(data.details || data.error);
    if (status === 201) setTimeout(() => location.reload(), 600);
  });
})();
