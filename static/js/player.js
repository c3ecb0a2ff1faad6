/* A small WebAudio player for results ({bpm, bars, parts: [{name, is_drum, notes}]}): oscillator voices per
 * part and synthesised kick, snare and hats, scheduled at the result's tempo. Used by the studio and the vault.
 *   const playing = coprodPlayer.play(result, onEnd);  playing.position() -> 0..1;  playing.stop(); */
(function () {
  "use strict";
  function tone(audio, out, name, pitch, t, d, v) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = { bass: "sawtooth", chords: "triangle", pad: "sine", arp: "square", melody: "triangle" }[name] || "triangle";
    osc.frequency.value = 440 * Math.pow(2, (pitch - 69) / 12);
    let node = osc;
    if (name === "bass" || name === "arp") {
      const filter = audio.createBiquadFilter();
      filter.type = "lowpass"; filter.frequency.value = name === "bass" ? 600 : 2200;
      osc.connect(filter); node = filter;
    }
    const level = (name === "chords" || name === "pad" ? 0.12 : 0.3) * v;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(level, t + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + d + 0.08);
    node.connect(gain); gain.connect(out);
    osc.start(t); osc.stop(t + d + 0.1);
  }

  function drum(audio, out, noise, key, t, v) {
    const gain = audio.createGain();
    gain.connect(out);
    if (key === 35 || key === 36) {
      const osc = audio.createOscillator();
      osc.frequency.setValueAtTime(150, t); osc.frequency.exponentialRampToValueAtTime(45, t + 0.15);
      gain.gain.setValueAtTime(v, t); gain.gain.exponentialRampToValueAtTime(0.001, t + 0.3);
      osc.connect(gain); osc.start(t); osc.stop(t + 0.3);
      return;
    }
    const source = audio.createBufferSource(); source.buffer = noise;
    const filter = audio.createBiquadFilter();
    const hat = [42, 44, 46, 51, 70].indexOf(key) >= 0;
    filter.type = hat ? "highpass" : "bandpass"; filter.frequency.value = hat ? 7000 : 1800;
    const length = key === 46 ? 0.3 : hat ? 0.05 : 0.18;
    gain.gain.setValueAtTime(v * (hat ? 0.35 : 0.7), t); gain.gain.exponentialRampToValueAtTime(0.001, t + length);
    source.connect(filter); filter.connect(gain); source.start(t); source.stop(t + length + 0.02);
  }

  function play(result, onEnd) {
    const AudioContext = window.AudioContext || window.webkitAudioContext;
    if (!AudioContext || !result) return null;
    const audio = new AudioContext();
    const secondsPerBeat = 60 / (result.bpm || 120);
    const start = audio.currentTime + 0.1;
    const master = audio.createGain(); master.gain.value = 0.25; master.connect(audio.destination);
    const noise = audio.createBuffer(1, audio.sampleRate, audio.sampleRate);
    const data = noise.getChannelData(0);
    for (let i = 0; i < data.length; i++) data[i] = Math.random() * 2 - 1;
    (result.parts || []).forEach(function (part) {
      part.notes.forEach(function (n) {
        const t = start + n.start_time * secondsPerBeat;
        const d = Math.max(0.05, n.duration * secondsPerBeat);
        const v = (n.velocity || 100) / 127;
        if (part.is_drum) drum(audio, master, noise, n.note, t, v); else tone(audio, master, part.name, n.note, t, d, v);
      });
    });
    const total = (result.bars || 1) * 4 * secondsPerBeat;
    const playing = {
      position: () => (audio.currentTime - start) / total,
      stop: function () { clearTimeout(playing.timer); if (audio.state !== "closed") audio.close(); },
    };
    playing.timer = setTimeout(function () { playing.stop(); if (onEnd) onEnd(); }, (total + 0.5) * 1000);
    return playing;
  }
  window.coprodPlayer = { play: play };
})();
