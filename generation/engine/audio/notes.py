"""Parts rendered note by note: every distinct note synthesised once and added at each of its onsets.

FluidSynth's voices are independent of one another, so a part's audio is the sum of its notes'
audio, and a note's audio depends only on its preset, pitch, velocity and how long it is held. The
synthesiser starts and releases notes on the edges of its 64-frame blocks
(:data:`.synth.BLOCK_FRAMES`), so "how long" is a whole number of blocks, and a note heard at
block ``b`` is its lone render moved by ``b`` blocks, sample for sample. Parts repeat their notes:
a comped chord part, a drum groove, an arpeggio or a bassline plays each distinct note six to
thirteen times in a 3-minute song, and a long-ringing patch (General MIDI 90, Polysynth: four
voices a note, three seconds of release) keeps FluidSynth busy for every copy. Here each distinct
note costs one short render, and each copy one numpy addition.

Two cases where notes do touch each other are kept exact:

- **A key struck again while it is still held, or released by another note's note-off** (same
  part, so same channel): FluidSynth releases the key's held voices at the first event of that key;
  the hold is cut there here too.
- **Exclusive classes** (a closed hi-hat silences a ringing open one): notes whose voices belong to
  one are asked of FluidSynth (:meth:`.synth._Synth.exclusive`) and rendered together in one pass
  (:func:`.synth.render_parts_checked`, with its voice-pool sizing and log check).

A lone note does not run out of voices; FluidSynth's log is still watched, and a note that lost a
voice would be rendered again with FluidSynth's largest pool.

A part whose notes hardly repeat (a melody in an 8-bar preview) is rendered in one pass, as before.
A part whose notes cost more than its share of the render threads is split into several jobs
(distinct notes dealt out by cost) so that the threads finish together.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace

import numpy as np

from ..types import Note, Part
from .synth import (
    BLOCK_FRAMES,
    DRUM_RING_SECONDS,
    MAX_POLYPHONY,
    MELODIC_RING_SECONDS,
    RELEASE_SECONDS,
    SAMPLE_RATE,
    _synth,
    exclusive_known,
    find_soundfont,
    note_frames,
    preset,
    render_parts_checked,
)

logger = logging.getLogger(__name__)

# Relative cost of adding a note's samples into the part against synthesising them (measured: 2-3 %).
PLACE_COST = 0.025
# A part whose notes repeat less than this on average is rendered in one pass: each lone render
# synthesises its note's whole ring, where one pass may cut it at the end (measured on 8-bar previews).
MIN_REUSE = 1.25


@dataclass(frozen=True, slots=True)
class NoteGroup:
    """One distinct note (pitch, velocity, blocks held) and the blocks where it starts."""

    pitch: int
    velocity: int
    held_blocks: int
    onsets: tuple[int, ...]
    ring_frames: int

    @property
    def cost(self) -> float:
        frames = self.held_blocks * BLOCK_FRAMES + self.ring_frames
        return frames * (1 + PLACE_COST * len(self.onsets))


@dataclass(slots=True)
class NoteJob:
    """Some of a part's distinct notes (and, for one job per part, its exclusive-class notes)."""

    part: Part
    bpm: float
    total_seconds: float
    groups: list[NoteGroup] = field(default_factory=list)
    live: list[Note] = field(default_factory=list)

    @property
    def frames(self) -> int:
        return round((self.total_seconds + RELEASE_SECONDS) * SAMPLE_RATE)

    @property
    def cost(self) -> float:
        live = sum(note.duration for note in self.live) * 60.0 / self.bpm * SAMPLE_RATE * (1 + PLACE_COST)
        return sum(group.cost for group in self.groups) + live

    def run(self) -> np.ndarray:
        """The job's notes as float32 stereo samples, shape (frames, 2)."""
        out = np.zeros((self.frames, 2), dtype=np.float32)
        synth = _synth()
        bank, program = preset(self.part)
        for group in self.groups:
            first = group.onsets[0] * BLOCK_FRAMES
            if first >= self.frames:
                continue
            audio, voice_log = synth.render_note(
                bank, program, group.pitch, group.velocity, group.held_blocks * BLOCK_FRAMES, self.frames - first
            )
            if not voice_log.clean:  # a lone note in a pool of 256 voices: not seen; if it happens, lose nothing
                audio, voice_log = synth.render_note(
                    bank,
                    program,
                    group.pitch,
                    group.velocity,
                    group.held_blocks * BLOCK_FRAMES,
                    self.frames - first,
                    polyphony=MAX_POLYPHONY,
                )
                if not voice_log.clean:
                    logger.warning("FluidSynth lost voices of a lone note (%s, key %d)", self.part.name, group.pitch)
            for onset in group.onsets:
                start = onset * BLOCK_FRAMES
                length = min(audio.shape[0], self.frames - start)
                if length > 0:
                    out[start : start + length] += audio[:length]
        if self.live:
            live = replace(self.part, notes=self.live)
            out += render_parts_checked([live], self.bpm, self.total_seconds).samples
        return out


def _velocity(note: Note) -> int:
    return max(1, min(127, note.velocity))


def note_groups(part: Part, notes: list[Note], bpm: float, frames: int) -> list[NoteGroup]:
    """``notes`` of ``part`` as distinct notes with their onsets (block numbers), heaviest first.

    A note is released at the first event of its key after its note-on, as FluidSynth does on one
    channel: its own note-off, another note's note-off (a note-off releases every voice of the key)
    or another note-on (which releases the key's held voices first). Events are ordered as the
    one-pass render sends them: by frame, note-offs first, then by velocity; events from the end
    on are not sent.
    """
    frames_per_beat = 60.0 / bpm * SAMPLE_RATE
    ring = round((DRUM_RING_SECONDS if part.is_drum else MELODIC_RING_SECONDS) * SAMPLE_RATE)
    never = -(-frames // BLOCK_FRAMES) + 1  # a release after the end: held to the end
    by_key: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)  # (frame, is_on, velocity, index)
    for index, note in enumerate(notes):
        start, end = note_frames(note, frames_per_beat)
        by_key[note.pitch] += [(start, 1, _velocity(note), index), (end, 0, 0, index)]
    onsets: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for pitch, events in by_key.items():
        events.sort()
        for position, (frame, is_on, velocity, _) in enumerate(events):
            if not is_on or frame >= frames:
                continue  # a note that starts after the end is not played
            on = -(-frame // BLOCK_FRAMES)
            release = events[position + 1][0] if position + 1 < len(events) else frames
            off = -(-release // BLOCK_FRAMES) if release < frames else max(never, on)
            onsets[(pitch, velocity, off - on)].append(on)
    groups = [
        NoteGroup(pitch, velocity, held, tuple(sorted(starts)), ring)
        for (pitch, velocity, held), starts in onsets.items()
    ]
    return sorted(groups, key=lambda g: -g.cost)


def _probe(keys: set[tuple[int, int, int, int]]) -> dict[tuple[int, int, int, int], bool]:
    synth = _synth()
    return {key: synth.exclusive(*key) for key in keys}


def note_jobs(
    parts: list[Part], bpm: float, total_seconds: float, threads: int, pool: Executor | None = None
) -> list[NoteJob]:
    """The jobs that render ``parts`` (each part's jobs sum to it), heaviest first.

    Notes not seen before are first asked about exclusive classes, on ``pool`` (whose threads have
    their synthesisers) if given, else on this thread.
    """
    soundfont = str(find_soundfont())
    keys = {(*preset(part), note.pitch, _velocity(note)) for part in parts for note in part.notes}
    exclusive = {key: known for key in keys if (known := exclusive_known(soundfont, key)) is not None}
    unknown = keys - exclusive.keys()
    if unknown:
        exclusive.update(pool.submit(_probe, unknown).result() if pool is not None else _probe(unknown))
    frames = round((total_seconds + RELEASE_SECONDS) * SAMPLE_RATE)
    per_part = []
    for part in parts:
        live = [n for n in part.notes if exclusive[(*preset(part), n.pitch, _velocity(n))]]
        cached = [n for n in part.notes if not exclusive[(*preset(part), n.pitch, _velocity(n))]]
        groups = note_groups(part, cached, bpm, frames)
        if len(cached) < MIN_REUSE * len(groups):  # hardly a note repeats: one pass costs less
            live, groups = part.notes, []
        per_part.append((part, live, groups))
    total = sum(group.cost for _, _, groups in per_part for group in groups) or 1.0
    jobs: list[NoteJob] = []
    for part, live, groups in per_part:
        cost = sum(group.cost for group in groups)
        # A part heavier than a thread's share of the whole is dealt out over as many jobs as it fills.
        count = max(1, min(threads, math.ceil(cost * threads / total - 1e-9)))
        shares = [NoteJob(part, bpm, total_seconds) for _ in range(count)]
        shares[0].live = live
        for group in groups:  # heaviest first, each to the lightest share
            min(shares, key=lambda job: job.cost).groups.append(group)
        jobs.extend(job for job in shares if job.groups or job.live)
    return sorted(jobs, key=lambda job: -job.cost)


def render_part(part: Part, bpm: float, total_seconds: float) -> np.ndarray:
    """``part`` as float32 stereo samples, shape (frames, 2): ``total_seconds`` plus a release tail."""
    frames = round((total_seconds + RELEASE_SECONDS) * SAMPLE_RATE)
    out = np.zeros((frames, 2), dtype=np.float32)
    for job in note_jobs([part], bpm, total_seconds, threads=1):
        out += job.run()
    return out
