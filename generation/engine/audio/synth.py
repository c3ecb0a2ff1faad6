"""Rendering parts to audio with FluidSynth and a General MIDI SoundFont.

One synthesiser per thread, its SoundFont loaded once (loading FluidR3 costs ~0.5 s) and reset
between renders; synthesisers in different threads render in parallel (the C calls release the
GIL). A part is rendered by scheduling its note-ons and note-offs at their sample offsets (the
synth renders the samples between events straight into the output array); FluidSynth starts a
note at the first edge of its 64-frame blocks at or after that offset, so timing is exact to
1.5 ms and the same on every render. Reverb and chorus are off: stems stay dry and the mixer decides. Drums play on
MIDI channel 10 (bank 128).

No dropped notes: the voice pool is sized for what is rendered (:func:`polyphony_for`), and
FluidSynth's own log is watched during the render (:mod:`.fluid`). A render during which FluidSynth
dropped a note or stole a sounding voice is done again with a larger pool.

Besides whole parts in one pass (:func:`render_parts_checked`), a synthesiser renders one note
alone until its voices die (:meth:`_Synth.render_note`) and says whether a note's voices have an
exclusive class (:meth:`_Synth.exclusive`): what :mod:`.notes` needs to render each distinct note once.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EngineDependencyError
from ..types import Note, Part
from . import fluid

logger = logging.getLogger(__name__)

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
# Voice-pool sizing. A General MIDI preset sounds a note with up to four voices (stereo samples,
# velocity or key layers); a released note keeps its voices for its release, and a drum hit rings
# out whatever its note-off says (a crash cymbal for seconds).
VOICES_PER_NOTE = 4
MELODIC_RING_SECONDS = 2.0
DRUM_RING_SECONDS = 4.0
MIN_POLYPHONY = 256
MAX_POLYPHONY = 65535  # FluidSynth's own limit
BLOCK_FRAMES = 64  # FluidSynth renders in blocks of 64 frames; an event takes effect at the next block
DRUM_CHANNEL = 9
GEN_EXCLUSIVECLASS = 57  # SoundFont generator: a voice of this class silences the channel's others of it
# A lone note's voices are polled this often after its note-off: the render stops once they are gone.
NOTE_TAIL_STEP_FRAMES = 1024


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


@dataclass(slots=True)
class PartsAudio:
    """One render: the samples, the voice pool it had and FluidSynth's report of lost voices."""

    samples: np.ndarray
    polyphony: int
    voice_log: fluid.VoiceLog


class _Synth:
    """A FluidSynth synthesiser with the SoundFont loaded; used by one thread only."""

    def __init__(self, soundfont: str) -> None:
        try:
            import fluidsynth
        except (ImportError, OSError) as exc:  # the Python package loads libfluidsynth at import
            raise EngineDependencyError(f"FluidSynth is not available ({exc}): {_INSTALL_HINT}") from None
        self.lib = fluid.library(fluidsynth._fl)
        settings = {"synth.reverb.active": 0, "synth.chorus.active": 0, "synth.polyphony": MIN_POLYPHONY}
        # FluidSynth sets up its default modulators (velocity to volume, ...) on the first synth made
        # in a process without a lock: two threads making their first synth at once can get a synth
        # missing some of them (it logs "Modulator with source 1 none"). One at a time, then.
        with _creation_lock:
            self.synth: Any = fluidsynth.Synth(samplerate=float(SAMPLE_RATE), **settings)
        self.polyphony = MIN_POLYPHONY
        self.soundfont_id = self.synth.sfload(soundfont)
        if self.soundfont_id < 0:
            raise EngineDependencyError(f"FluidSynth could not load the SoundFont {soundfont}")
        self.soundfont = soundfont
        self._scratch = np.zeros((2 * BLOCK_FRAMES, 2), dtype=np.float32)
        self._block_phase = 0  # frames written so far, modulo BLOCK_FRAMES
        self._note_buffer = np.empty((0, 2), dtype=np.float32)
        self._silent = False  # True when no voice sounds and no state but the presets was changed

    def _write(self, buffer: np.ndarray, start: int, frames: int) -> None:
        # Interleaved stereo float32: left at even offsets, right at odd ones.
        address = buffer.ctypes.data + start * 8
        self.lib.write_float(self.synth.synth, frames, address, 0, 2, address, 1, 2)
        self._block_phase = (self._block_phase + frames) % BLOCK_FRAMES

    def _reset(self) -> None:
        """Silence, then one whole block (the voices turned off return to the pool), ending on a block edge.

        Every render then starts on a block boundary: the same notes give the same samples whatever
        was rendered before.
        """
        self.synth.system_reset()
        self._write(self._scratch, 0, BLOCK_FRAMES + (BLOCK_FRAMES - self._block_phase) % BLOCK_FRAMES)

    def render(self, parts: list[Part], bpm: float, total_seconds: float, polyphony: int) -> PartsAudio:
        self._silent = False
        if polyphony != self.polyphony:
            self.lib.set_polyphony(self.synth.synth, polyphony)
            self.polyphony = polyphony
        self._reset()
        channels = _channels(parts)
        for part, channel in zip(parts, channels, strict=True):
            bank, program = preset(part)
            self.synth.program_select(channel, self.soundfont_id, bank, program)
        frames = round((total_seconds + RELEASE_SECONDS) * SAMPLE_RATE)
        out = np.empty((frames, 2), dtype=np.float32)
        cursor = 0
        with fluid.capture_voice_log(keep_keys=True) as voice_log:
            for frame, is_on, channel, pitch, velocity in _events(parts, channels, bpm):
                if frame >= frames:
                    break  # notes that start after the end would only be cut off
                if frame > cursor:
                    self._write(out, cursor, frame - cursor)
                    cursor = frame
                if is_on:
                    self.synth.noteon(channel, pitch, velocity)
                else:
                    self.synth.noteoff(channel, pitch)
            if cursor < frames:
                self._write(out, cursor, frames - cursor)
        self._reset()
        return PartsAudio(out, polyphony, voice_log)

    def _start_note(self, bank: int, program: int, pitch: int, velocity: int, polyphony: int | None = None) -> int:
        """Select the preset and strike one note at frame 0 (a block edge); returns its channel.

        A full reset costs 0.8 ms, as much as rendering a short note: it is skipped when the last
        lone note's voices all died (nothing sounds, no controller was touched), and the synthesiser
        is only brought to the next block edge.
        """
        polyphony = polyphony or MIN_POLYPHONY
        if self.polyphony != polyphony:
            self.lib.set_polyphony(self.synth.synth, polyphony)
            self.polyphony = polyphony
        if self._silent:
            if self._block_phase:
                self._write(self._scratch, 0, BLOCK_FRAMES - self._block_phase)
        else:
            self._reset()
        self._silent = False
        channel = DRUM_CHANNEL if bank == DRUM_BANK else 0
        self.synth.program_select(channel, self.soundfont_id, bank, program)
        self.synth.noteon(channel, pitch, velocity)
        return channel

    def exclusive(self, bank: int, program: int, pitch: int, velocity: int) -> bool:
        """Whether the note's voices belong to an exclusive class (a hi-hat choking another).

        Such notes change each other's sound, so they cannot be rendered alone. FluidSynth is asked
        (the voices the note starts, and their generator) rather than the SoundFont parsed again.
        """
        key = (self.soundfont, bank, program, pitch, velocity)
        known = _exclusive_notes.get(key)
        if known is None:
            self._start_note(bank, program, pitch, velocity)
            voices = (ctypes.c_void_p * 64)()  # zeroed: the list ends at the first NULL
            self.lib.get_voicelist(self.synth.synth, voices, len(voices), -1)
            known = any(
                voices[i] is not None and self.lib.voice_gen_get(voices[i], GEN_EXCLUSIVECLASS) != 0
                for i in range(len(voices))
            )
            self._reset()  # renders a block: the note's queued events are drained and its voices freed
            _exclusive_notes[key] = known
        return known

    def render_note(
        self,
        bank: int,
        program: int,
        pitch: int,
        velocity: int,
        held_frames: int,
        limit_frames: int,
        polyphony: int | None = None,
    ) -> tuple[np.ndarray, fluid.VoiceLog]:
        """One note struck at frame 0 and released after ``held_frames``, until its voices have died.

        At most ``limit_frames``; ``polyphony`` voices (default :data:`MIN_POLYPHONY`). The samples are
        a view of a buffer this synthesiser reuses: valid until its next render.
        """
        if self._note_buffer.shape[0] < limit_frames:
            self._note_buffer = np.empty((limit_frames, 2), dtype=np.float32)
        buffer = self._note_buffer
        with fluid.capture_voice_log() as voice_log:
            channel = self._start_note(bank, program, pitch, velocity, polyphony)
            position = min(held_frames, limit_frames)
            if position > 0:
                self._write(buffer, 0, position)
            self.synth.noteoff(channel, pitch)
            while position < limit_frames:
                step = min(NOTE_TAIL_STEP_FRAMES, limit_frames - position)
                self._write(buffer, position, step)
                position += step
                if self.lib.active_voice_count(self.synth.synth) == 0:
                    self._silent = True
                    break
        return buffer[:position], voice_log


DRUM_BANK = 128
# (SoundFont, bank, program, pitch, velocity) -> whether the note's voices have an exclusive class.
_exclusive_notes: dict[tuple[str, int, int, int, int], bool] = {}


def exclusive_known(soundfont: str, key: tuple[int, int, int, int]) -> bool | None:
    """What :meth:`_Synth.exclusive` found for (bank, program, pitch, velocity), or None if not asked yet."""
    return _exclusive_notes.get((soundfont, *key))


_local = threading.local()
_creation_lock = threading.Lock()


def _synth() -> _Synth:
    """This thread's synthesiser for the configured SoundFont (made on first use)."""
    soundfont = str(find_soundfont())
    synths: dict[str, _Synth] = getattr(_local, "synths", None) or {}
    _local.synths = synths
    if soundfont not in synths:
        synths[soundfont] = _Synth(soundfont)
    return synths[soundfont]


def preset(part: Part) -> tuple[int, int]:
    """The General MIDI bank and program that play ``part`` (drums: the percussion bank's kit 0)."""
    return (DRUM_BANK, 0) if part.is_drum else (0, part.program)


def note_frames(note: Note, frames_per_beat: float) -> tuple[int, int]:
    """The frames of a note's note-on and note-off.

    FluidSynth starts the note at the first block edge at or after its note-on frame; the note-off
    comes a whole number of blocks after that edge: the duration rounded to blocks (at least one
    frame after the note-on). So notes of one duration are held exactly as long wherever they fall
    (their note-offs move by under a block, 1.5 ms, against rounding the end on its own), and a
    repeated note is the same note for :mod:`.notes`.
    """
    start = round(note.start * frames_per_beat)
    edge = -(-start // BLOCK_FRAMES) * BLOCK_FRAMES
    held = round(note.duration * frames_per_beat / BLOCK_FRAMES) * BLOCK_FRAMES
    return start, max(start + 1, edge + held)


def _channels(parts: list[Part]) -> list[int]:
    melodic = [c for c in range(16) if c != DRUM_CHANNEL]
    channels, next_melodic = [], 0
    for part in parts:
        if part.is_drum:
            channels.append(DRUM_CHANNEL)
        else:
            channels.append(melodic[next_melodic % len(melodic)])
            next_melodic += 1
    return channels


def _events(parts: list[Part], channels: list[int], bpm: float) -> list[tuple[int, int, int, int, int]]:
    """(frame, is_on, channel, pitch, velocity) in time order; at one frame, note-offs come first."""
    frames_per_beat = 60.0 / bpm * SAMPLE_RATE
    events: list[tuple[int, int, int, int, int]] = []
    for part, channel in zip(parts, channels, strict=True):
        for note in part.notes:
            start, end = note_frames(note, frames_per_beat)
            events.append((start, 1, channel, note.pitch, max(1, min(127, note.velocity))))
            events.append((end, 0, channel, note.pitch, 0))
    events.sort()
    return events


def sounding_notes_peak(parts: list[Part], bpm: float) -> int:
    """The most notes sounding at once, counting each note's ring after its note-off."""
    seconds_per_beat = 60.0 / bpm
    starts, ends = [], []
    for part in parts:
        ring = DRUM_RING_SECONDS if part.is_drum else MELODIC_RING_SECONDS
        for note in part.notes:
            starts.append(note.start * seconds_per_beat)
            ends.append((note.start + note.duration) * seconds_per_beat + ring)
    if not starts:
        return 0
    times = np.concatenate([np.asarray(starts), np.asarray(ends)])
    # Ends sort before starts at the same instant: +1 for a start, -1 for an end.
    steps = np.concatenate([np.ones(len(starts)), -np.ones(len(ends))])
    order = np.lexsort((steps, times))
    return int(np.cumsum(steps[order]).max())


def polyphony_for(parts: list[Part], bpm: float) -> int:
    """A voice pool that holds every voice the parts can sound at once (a power of two, 256-65535)."""
    needed = sounding_notes_peak(parts, bpm) * VOICES_PER_NOTE
    size = MIN_POLYPHONY
    while size < needed:
        size *= 2
    return min(size, MAX_POLYPHONY)


def render_parts_checked(
    parts: list[Part], bpm: float, total_seconds: float, polyphony: int | None = None
) -> PartsAudio:
    """Several parts in one pass, each on its own MIDI channel, with FluidSynth's voice report.

    With ``polyphony`` unset the pool is sized by :func:`polyphony_for`, and a render that still
    dropped or stole a voice is done again with four times the pool (up to FluidSynth's limit);
    if even that loses notes, a warning is logged. An explicit ``polyphony`` is used as given.
    """
    synth = _synth()
    if polyphony is not None:
        return synth.render(parts, bpm, total_seconds, polyphony)
    size = polyphony_for(parts, bpm)
    rendered = synth.render(parts, bpm, total_seconds, size)
    while not rendered.voice_log.clean and size < MAX_POLYPHONY:
        size = min(size * 4, MAX_POLYPHONY)
        rendered = synth.render(parts, bpm, total_seconds, size)
    if not rendered.voice_log.clean:
        logger.warning(
            "FluidSynth lost notes with %d voices: %d dropped, %d cut short",
            size,
            rendered.voice_log.dropped,
            rendered.voice_log.stolen,
        )
    return rendered


def render_parts(parts: list[Part], bpm: float, total_seconds: float) -> np.ndarray:
    """Several parts in one pass of the synthesiser, each on its own MIDI channel (a quick mix).

    float32 stereo samples, shape (frames, 2), ``total_seconds`` plus a release tail.
    """
    return render_parts_checked(parts, bpm, total_seconds).samples


def render_part(part: Part, bpm: float, total_seconds: float) -> np.ndarray:
    """The part as float32 stereo samples, shape (frames, 2), ``total_seconds`` plus a release tail."""
    return render_parts([part], bpm, total_seconds)
