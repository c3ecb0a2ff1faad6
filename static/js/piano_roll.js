/* The studio's piano roll and what takes music out of the page.
 *
 * draw(result): every part in its colour (drums in their own lane), bar lines in the result's metre,
 * the selected note highlighted; it records each pitched note's rectangle (state.rollNotes) and the
 * geometry (state.rollGeometry) for the editor (studio_midi.js). The legend lists the parts: each
 * has a .mid download link and drags out of the page as a file (DownloadURL
 * "audio/midi:name.mid:absolute-url", which Chromium saves; text/uri-list for the others), and so
 * does the "Download .mid" button for the whole piece. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);

  window.coprodPianoRoll = function (state, COLORS) {
    // ---------- taking music out: downloads and drags into a DAW ----------
    function fileStem() {
      return (state.name || "idea").trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "idea";
    }

    function partUrl(index) {
      return state.midiFileId ? "/api/midi/" + state.midiFileId + "/parts/" + index + "/download"
                              : "/api/generate/" + state.generationId + "/parts/" + index + "/midi";
    }

    // Chromium saves a file dragged out of the page when the drag carries "mime:name:absolute-url".
    function dragOut(event, url, name) {
      const absolute = new URL(url, window.location.origin).href;
      event.dataTransfer.effectAllowed = "copy";
      event.dataTransfer.setData("DownloadURL", "audio/midi:" + name + ":" + absolute);
      event.dataTransfer.setData("text/uri-list", absolute);
      event.dataTransfer.setData("text/plain", absolute);
    }

    $("download-midi").addEventListener("dragstart", function (event) {
      if (!state.result) { event.preventDefault(); return; }
      dragOut(event, $("download-midi").getAttribute("href"), fileStem() + ".mid");
    });

    // ---------- piano roll ----------
    function beatsPerBar(result) {
      const metre = String(result.time_signature || "4/4").split("/");
      return (Number(metre[0]) * 4) / Number(metre[1]) || 4;
    }

    function drawRoll(result) {
      const canvas = $("piano-roll");
      const ctx = canvas.getContext("2d");
      const parts = result.parts || [];
      const barBeats = beatsPerBar(result);
      const beats = Math.max(barBeats, (result.bars || 1) * barBeats);
      const pitched = parts.filter((p) => !p.is_drum).flatMap((p) => p.notes.map((n) => n.note));
      const low = pitched.length ? Math.min.apply(null, pitched) - 1 : 48;
      const high = pitched.length ? Math.max.apply(null, pitched) + 1 : 72;
      const hasDrums = parts.some((p) => p.is_drum && p.notes.length);
      const W = canvas.width, H = canvas.height, drumH = hasDrums ? 60 : 0, rollH = H - drumH - 4;
      const x = (beat) => (beat / beats) * W;
      const y = (pitch) => rollH - ((pitch - low) / Math.max(1, high - low)) * rollH;
      ctx.clearRect(0, 0, W, H);
      ctx.fillStyle = "#0b0d12"; ctx.fillRect(0, 0, W, H);
      for (let b = 0; b <= beats; b++) {
        ctx.strokeStyle = b % barBeats === 0 ? "#2f3547" : "#181c27";
        ctx.beginPath(); ctx.moveTo(x(b) + 0.5, 0); ctx.lineTo(x(b) + 0.5, H); ctx.stroke();
      }
      let count = 0;
      const rowH = Math.max(2, rollH / Math.max(1, high - low) - 1);
      state.rollNotes = [];
      parts.forEach(function (part, partIndex) {
        const color = COLORS[part.name] || COLORS[(state.roles || {})[part.name]] || "#e5e7eb";
        part.notes.forEach(function (n, noteIndex) {
          const w = Math.max(2, x(n.duration) - 1);
          ctx.fillStyle = color;
          if (part.is_drum) {
            const lane = (n.note % 8) / 8;
            ctx.globalAlpha = 0.4 + (n.velocity / 127) * 0.6;
            ctx.fillRect(x(n.start_time), rollH + 4 + lane * (drumH - 6), Math.max(2, w), 5);
          } else {
            const selected = state.selected && state.selected[0] === partIndex && state.selected[1] === noteIndex;
            ctx.globalAlpha = selected ? 1 : 0.55 + (n.velocity / 127) * 0.45;
            if (selected) ctx.fillStyle = "#ffffff";
            ctx.fillRect(x(n.start_time), y(n.note) - rowH, w, rowH);
            state.rollNotes.push({ part: partIndex, note: noteIndex, x: x(n.start_time), y: y(n.note) - rowH, w: w, h: rowH });
          }
          count++;
        });
      });
      ctx.globalAlpha = 1;
      canvas.dataset.noteCount = String(count);
      canvas.dataset.beats = String(beats);
      canvas.setAttribute("aria-label", "Piano roll: " + count + " notes in " + parts.length + " parts over " + beats / barBeats + " bars");
      drawLegend(parts);
      state.rollGeometry = { beats: beats, W: W, H: H, low: low, high: high, rollH: rollH, barBeats: barBeats };
    }

    // Each part: its colour, name and size, a download link, and the whole item draggable into a DAW.
    function drawLegend(parts) {
      const legend = $("legend");
      if (legend.dataset.drawnFor === legendKey(parts)) return;  // redrawn only when the parts change
      legend.dataset.drawnFor = legendKey(parts);
      legend.replaceChildren();
      parts.forEach(function (part, index) {
        // Part names come from the result, which users can supply: text only, never markup.
        const li = document.createElement("li");
        li.className = "part";
        li.dataset.partIndex = String(index);
        const swatch = document.createElement("i");
        swatch.style.background = COLORS[part.name] || COLORS[(state.roles || {})[part.name]] || "#e5e7eb";
        const name = fileStem() + "-" + String(part.name).toLowerCase().replace(/[^a-z0-9]+/g, "-") + ".mid";
        const link = document.createElement("a");
        link.href = partUrl(index);
        link.download = name;
        link.textContent = ".mid";
        link.title = "Download " + part.name + " (or drag it into your DAW)";
        li.draggable = true;
        li.title = "Drag into your DAW or onto the desktop";
        li.addEventListener("dragstart", (event) => dragOut(event, partUrl(index), name));
        li.append(swatch, String(part.name).replace(/_/g, " ") + " (" + part.notes.length + ") ", link);
        legend.appendChild(li);
      });
    }

    function legendKey(parts) {
      return (state.midiFileId || "g" + state.generationId) + ":" + parts.map((p) => p.name + p.notes.length).join(",");
    }

    return drawRoll;
  };
})();
