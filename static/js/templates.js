/* Template gallery and "use this template": previews play once rendered (the API answers 202 while a
 * worker renders one: ask again after Retry-After), and the form posts only the customizations the
 * page lists to POST /v1/ai/generate-from-template, then follows the generation to its track.
 * No HTML is built from data (textContent only). */
(function () {
  "use strict";

  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function previewBlob(url, status) {
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.status === 200) return response.blob();
      if (response.status !== 202) throw new Error("preview: " + response.status);
      status.textContent = "Rendering the preview…";
      await sleep(1000 * Number(response.headers.get("Retry-After") || 2));
    }
    throw new Error("the preview took too long");
  }

  document.querySelectorAll(".template-preview").forEach(function (button) {
    const status = button.parentElement.querySelector(".template-preview-status");
    let audio = null;
    button.addEventListener("click", async function () {
      if (audio) {
        if (audio.paused) { audio.play(); button.textContent = "Pause"; } else { audio.pause(); button.textContent = "Play preview"; }
        return;
      }
      button.disabled = true;
      try {
        const blob = await previewBlob(button.dataset.url, status);
        audio = new Audio(URL.createObjectURL(blob));
        audio.addEventListener("ended", function () { button.textContent = "Play preview"; });
        status.textContent = "";
        await audio.play();
        button.textContent = "Pause";
      } catch (error) {
        status.textContent = "Could not play the preview (" + error.message + ")";
      } finally {
        button.disabled = false;
      }
    });
  });

  const form = document.getElementById("template-form");
  if (!form) return;
  const page = document.querySelector(".template-use");
  const result = document.getElementById("template-result");
  const trackLink = document.getElementById("template-track-link");

  function customizations() {
    const values = {};
    form.querySelectorAll(".field[data-name]").forEach(function (field) {
      const name = field.dataset.name;
      const type = field.dataset.type;
      let value;
      if (type === "range") {
        const raw = field.querySelector("input").value;
        if (raw === "") return;
        value = Number(raw);
      } else if (type === "boolean") {
        value = field.querySelector("input").checked;
      } else if (type === "subset") {
        value = Array.from(field.querySelectorAll("input:checked")).map((box) => box.value);
      } else {
        value = (field.querySelector("input, select") || {}).value;
        if (value === "") return;
      }
      if (name.indexOf("lyrics.") === 0) {
        values.lyrics = values.lyrics || {};
        values.lyrics[name.slice(7)] = value;
      } else {
        values[name] = value;
      }
    });
    if (values.instrumental === true) delete values.lyrics;
    return values;
  }

  async function follow(generationId) {
    for (;;) {
      const response = await fetch("/v1/ai/generations/" + generationId, { credentials: "same-origin" });
      const data = (await response.json()).data;
      result.textContent = "Generation " + generationId + ": " + data.status + " " + (data.progress || 0) + " %";
      if (data.track_id) {
        trackLink.href = "/studio/tracks/" + data.track_id + "/";
        trackLink.hidden = false;
        return;
      }
      if (["failed", "cancelled"].indexOf(data.status) >= 0) return;
      await sleep(1500);
    }
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    result.textContent = "Queueing…";
    trackLink.hidden = true;
    const response = await fetch("/v1/ai/generate-from-template", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({
        template_id: page.dataset.templateId,
        customizations: customizations(),
        metadata: { title: document.getElementById("template-title").value }
      })
    });
    const body = await response.json();
    if (!body.success) {
      result.textContent = body.error.message;
      return;
    }
    follow(body.data.generation_id);
  });
})();
