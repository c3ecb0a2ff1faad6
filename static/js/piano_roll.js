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

  // ---------- piano roll: drum lanes and chord symbols ----------
  const DRUM_LANES = [
    ["Kick", [35, 36]], ["Snare", [38, 40, 37]], ["Clap", [39]], ["Closed hat", [42, 44]], ["Open hat", [46]],
    ["Toms", [41, 43, 45, 47, 48, 50]], ["Ride", [51, 53, 59]], ["Crash", [49, 57, 52, 55]],
  ];

  function drumLanes(parts) {
    const used = new Set();
    parts.filter((p) => p.is_drum).forEach((p) => p.notes.forEach((n) => used.add(n.note)));
    const lanes = DRUM_LANES.filter((lane) => lane[1].some((n) => used.has(n))).map((lane) => ({ name: lane[0], notes: lane[1] }));
    const known = new Set(DRUM_LANES.flatMap((lane) => lane[1]));
    const other = Array.from(used).filter((n) => !known.has(n));
    if (other.length) lanes.push({ name: "Percussion", notes: other });
    return lanes;
  }

  // Text sizes are in screen pixels; ``px`` is canvas pixels per screen pixel (the canvas is scaled to its box).
  function drawDrumLaneLabels(ctx, lanes, drumH, W, H, px) {
    const laneH = drumH / Math.max(1, lanes.length);
    ctx.font = Math.round(Math.min(13, Math.max(10, laneH / px - 4)) * px) + "px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    lanes.forEach(function (lane, i) {
      const top = H - (i + 1) * laneH;
      ctx.fillStyle = "rgba(255,255,255,0.06)";
      if (i % 2 === 0) ctx.fillRect(0, top, W, laneH);
      ctx.fillStyle = "rgba(11,13,18,0.75)";
      ctx.fillRect(0, top + 1, ctx.measureText(lane.name).width + 10 * px, laneH - 2);
      ctx.fillStyle = "#e9ecf3";
      ctx.fillText(lane.name, 5 * px, top + laneH / 2);
    });
    ctx.canvas.dataset.drumLanes = lanes.map((l) => l.name).join(",");
  }

  function drawChordSymbols(ctx, progression, x, chordH, px) {
    if (!chordH) { ctx.canvas.dataset.chords = ""; return; }
    // A band at the top of the roll, above the highest note (drawRoll keeps the notes below it).
    ctx.fillStyle = "rgba(11,13,18,0.7)";
    ctx.fillRect(0, 0, ctx.canvas.width, chordH);
    const size = Math.round(13 * px);
    ctx.font = "bold " + size + "px system-ui, sans-serif";
    ctx.canvas.dataset.labelPx = String(size);
    ctx.textBaseline = "middle";
    ctx.fillStyle = "#e9ecf3";
    progression.forEach((c) => ctx.fillText(c.symbol || c.roman_numeral || "", x(c.start_bar * 4) + 4 * px, chordH / 2));
    ctx.canvas.dataset.chords = progression.map((c) => c.symbol || c.roman_numeral || "").join(" ");
  }


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
      const lanes = drumLanes(parts);
      // On a phone the roll is ~300 px wide: a taller canvas keeps notes and lanes apart there.
      const box = canvas.getBoundingClientRect().width;
      const height = box && box < 500 ? 640 : 360;
      if (canvas.height !== height) canvas.height = height;
      const W = canvas.width, H = canvas.height;
      const px = box ? W / box : 1;
      // Chord symbols get their own band at the top (drawn over the notes, they hid the top row).
      const chordH = (result.progression || []).length ? 20 * px : 0;
      // Drums alone fill the roll under that band; beside pitched parts they get a band of labelled lanes.
      const drumH = !lanes.length ? 0 : pitched.length ? Math.min(H * 0.45, Math.max(60, lanes.length * 16) * px) : H - chordH;
      const rollH = Math.max(1, H - drumH - (lanes.length ? 4 : 0));
      const top = pitched.length ? Math.min(chordH, rollH / 2) : 0;
      const span = Math.max(1, rollH - top);
      const x = (beat) => (beat / beats) * W;
      const y = (pitch) => rollH - ((pitch - low) / Math.max(1, high - low)) * span;
      ctx.clearRect(0, 0, W, H);
      ctx.fillStyle = "#0b0d12"; ctx.fillRect(0, 0, W, H);
      for (let b = 0; b <= beats; b++) {
        ctx.strokeStyle = b % barBeats === 0 ? "#2f3547" : "#181c27";
        ctx.beginPath(); ctx.moveTo(x(b) + 0.5, 0); ctx.lineTo(x(b) + 0.5, H); ctx.stroke();
      }
      let count = 0;
      const rowH = Math.max(2, span / Math.max(1, high - low) - 1);
      state.rollNotes = [];
      parts.forEach(function (part, partIndex) {
        const color = COLORS[part.name] || COLORS[(state.roles || {})[part.name]] || "#e5e7eb";
        part.notes.forEach(function (n, noteIndex) {
          const w = Math.max(2, x(n.duration) - 1);
          ctx.fillStyle = color;
          if (part.is_drum) {
            const lane = lanes.findIndex((l) => l.notes.indexOf(n.note) >= 0);
            const laneH = drumH / lanes.length;
            ctx.globalAlpha = 0.4 + (n.velocity / 127) * 0.6;
            ctx.fillRect(x(n.start_time), H - (lane + 1) * laneH + 2, Math.max(3, Math.min(w, laneH)), Math.max(3, laneH - 4));
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
      drawDrumLaneLabels(ctx, lanes, drumH, W, H, px);
      drawChordSymbols(ctx, result.progression || [], (beat) => x(beat * barBeats / 4), chordH, px);
      canvas.dataset.noteCount = String(count);
      canvas.dataset.beats = String(beats);
      canvas.setAttribute("aria-label", "Piano roll: " + count + " notes in " + parts.length + " parts over " + beats / barBeats + " bars");
      drawLegend(parts);
      // The editor maps pitches inside [top, rollH]: the band of chord symbols holds no notes.
      state.rollGeometry = { beats: beats, W: W, H: H, low: low, high: high, rollH: rollH, top: top, span: span, barBeats: barBeats };
      canvas.dataset.chordBand = String(Math.round(top));
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
