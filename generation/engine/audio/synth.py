"""Rendering parts to audio with FluidSynth and a General MIDI SoundFont.

One synthesiser per process, its SoundFont loaded once (loading FluidR3 costs ~1 s) and reset
between parts. A part is rendered by scheduling its note-ons and note-offs at exact sample offsets
(the synth renders the samples between events), so timing is sample-accurate. Reverb and chorus are
off: stems stay dry and the mixer decides. Drums play on MIDI channel 10 (bank 128).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EngineDependencyError
from ..types import Part

SAMPLE_RATE = 44100
RELEASE_SECONDS = 1.0
SOUNDFONT_CANDIDATES = (
    "/usr/share/sounds/sf2/FluidR3_GM.sf2",
    "/usr/share/sounds/sf2/default-GM.sf2",
    "/usr/share/sounds/sf3/default-GM.sf3",
    "/usr/share/sounds/sf2/TimGM6mb.sf2",
)
_INSTALL_HINT = (
    "install FluidSynth and a General MIDI SoundFont (Debian: apt-get install fluidsynth fluid-soundfont-gm)"
)


def find_soundfont() -> Path:
    """``COPROD_SOUNDFONT`` if set, else the first General MIDI SoundFont Debian installs."""
    configured = os.environ.get("COPROD_SOUNDFONT")
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise EngineDependencyError(f"COPROD_SOUNDFONT points at {path}, which is not a file")
        return path
    for candidate in SOUNDFONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    raise EngineDependencyError(f"No General MIDI SoundFont found: {_INSTALL_HINT}, or set COPROD_SOUNDFONT")


@lru_cache(maxsize=2)
def _synth(soundfont: str) -> tuple[Any, int]:
    try:
        import fluidsynth
    except (ImportError, OSError) as exc:  # the Python package loads libfluidsynth at import
        raise EngineDependencyError(f"FluidSynth is not available ({exc}): {_INSTALL_HINT}") from None
    synth = fluidsynth.Synth(samplerate=float(SAMPLE_RATE))
    for setting, value in (("synth.reverb.active", 0), ("synth.chorus.active", 0), ("synth.polyphony", 128)):
        synth.setting(setting, value)
    soundfont_id = synth.sfload(soundfont)
    if soundfont_id < 0:
        raise EngineDependencyError(f"FluidSynth could not load the SoundFont {soundfont}")
    return synth, soundfont_id


def render_part(part: Part, bpm: float, total_seconds: float) -> np.ndarray:
    """The part as float32 stereo samples, shape (frames, 2), ``total_seconds`` plus a release tail."""
    return render_parts([part], bpm, total_seconds)


def _channels(parts: list[Part]) -> list[int]:
    melodic = [c for c in range(16) if c != 9]
    channels, next_melodic = [], 0
    for part in parts:
        if part.is_drum:
            channels.append(9)
        else:
            channels.append(melodic[next_melodic % len(melodic)])
            next_melodic += 1
    return channels


def render_parts(parts: list[Part], bpm: float, total_seconds: float) -> np.ndarray:
    """Several parts in one pass of the synthesiser, each on its own MIDI channel (a quick mix)."""
    synth, soundfont_id = _synth(str(find_soundfont()))
    synth.system_reset()
    channels = _channels(parts)
    for part, channel in zip(parts, channels, strict=True):
        synth.program_select(channel, soundfont_id, 128 if part.is_drum else 0, 0 if part.is_drum else part.program)
    seconds_per_beat = 60.0 / bpm
    # (frame, order, channel, pitch, velocity): at one frame, note-offs come before note-ons.
    events: list[tuple[int, int, int, int, int]] = []
    for part, channel in zip(parts, channels, strict=True):
        for note in part.notes:
            start = round(note.start * seconds_per_beat * SAMPLE_RATE)
            end = max(start + 1, round((note.start + note.duration) * seconds_per_beat * SAMPLE_RATE))
            events.append((start, 1, channel, note.pitch, max(1, min(127, note.velocity))))
            events.append((end, 0, channel, note.pitch, 0))
    events.sort()
    frames = round((total_seconds + RELEASE_SECONDS) * SAMPLE_RATE)
    out = np.zeros(frames * 2, dtype=np.int16)
    cursor = 0
    for frame, is_on, channel, pitch, velocity in events:
        frame = min(frame, frames)
        if frame > cursor:
            out[cursor * 2 : frame * 2] = synth.get_samples(frame - cursor)
            cursor = frame
        if is_on:
            synth.noteon(channel, pitch, velocity)
        else:
            synth.noteoff(channel, pitch)
    if cursor < frames:
        out[cursor * 2 :] = synth.get_samples(frames - cursor)
    synth.system_reset()
    return (out.reshape(-1, 2).astype(np.float32) / 32768.0).copy()
