/* Downloads of files that a worker may still be writing.
 *
 * Result files (MusicXML scores, vault MIDI) are written on workers; until one is ready its URL
 * answers 202 with Retry-After. A link marked data-download-when-ready is fetched instead of
 * followed: on 202 it waits and asks again (a few times), then saves the file under the name the
 * server gave. Other links work as plain links. */
(function () {
  "use strict";

  const MAX_ATTEMPTS = 15;

  function filenameOf(response, fallback) {
    const header = response.headers.get("Content-Disposition") || "";
    const star = /filename\*=utf-8''([^;]+)/i.exec(header);
    if (star) return decodeURIComponent(star[1]);
    const plain = /filename="([^"]+)"/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = name;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  async function fetchWhenReady(link) {
    const fallback = link.getAttribute("download") || "download";
    const original = link.textContent;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const response = await fetch(link.href, { credentials: "same-origin" });
      if (response.status === 202) {
        link.textContent = "Preparing…";
        const wait = Number(response.headers.get("Retry-After")) || 2;
        await new Promise(function (resolve) { setTimeout(resolve, wait * 1000); });
        continue;
      }
      link.textContent = original;
      if (!response.ok) {
        link.setAttribute("title", "Download failed (" + response.status + ")");
        return;
      }
      save(await response.blob(), filenameOf(response, fallback));
      return;
    }
    link.textContent = original;
    link.setAttribute("title", "The file is taking long to prepare; try again in a moment.");
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-download-when-ready]");
    if (!link || link.classList.contains("disabled")) return;
    event.preventDefault();
    fetchWhenReady(link);
  });
})();
