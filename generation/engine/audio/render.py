"""One call from an idea to finished audio: stems, mix, encodings; and the quick MP3 preview.

Both cores at work: the stems are rendered by a pool of render threads, one FluidSynth per thread
(its SoundFont loaded once per thread, kept for the life of the process), each distinct note once
(:mod:`.notes`), the heaviest jobs first so the threads finish together; the mix is numpy; then
every format is encoded at the same time (:func:`.encode.encode_many`). The pool has
``COPROD_RENDER_THREADS`` threads (default: the machine's cores) and is made on first use, so a
forked worker process makes its own.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

from ..types import Composition
from .encode import encode_many
from .mix import mix_bus
from .notes import note_jobs
from .synth import RELEASE_SECONDS, SAMPLE_RATE
from .threads import render_threads

PREVIEW_BITRATE = "192k"

_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()


def render_pool() -> ThreadPoolExecutor:
    """The process's render threads (made again after a fork: threads do not survive one)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=render_threads(), thread_name_prefix="render")
            _pool_pid = os.getpid()
        return _pool


@dataclass(slots=True)
class RenderResult:
    sample_rate: int
    stems: dict[str, np.ndarray]
    mix: np.ndarray
    encoded: dict[str, bytes] = field(default_factory=dict)
    loudness_lufs: float = 0.0
    peak_dbfs: float = 0.0
    # stem name -> format -> bytes, for the ``stem_formats`` asked of :func:`render_idea`.
    encoded_stems: dict[str, dict[str, bytes]] = field(default_factory=dict)

    @property
    def duration_seconds(self) -> float:
        return float(self.mix.shape[0] / self.sample_rate)


# Velocities are rendered in steps of 4: at most 2 off, which FluidSynth's default velocity curve
# (40 log10 of the ratio) turns into 0.55 dB at a mezzo-forte 64 and 0.35 dB at 100 (a level change of
# about 1 dB is the smallest a listener notices). A humanised chord part hits 25-30 distinct velocities; in steps of 4
# it hits 7-8, so each distinct note (pitch, velocity, length) is synthesised far fewer times: the
# 3-minute synthwave chord part (2,197 notes) went from 269 distinct notes to ~100. The MIDI and
# MusicXML keep every velocity as composed.
VELOCITY_STEP = 4


def rendered_velocity(velocity: int) -> int:
    """The velocity a note is rendered at (:data:`VELOCITY_STEP`), within 1-127."""
    return max(1, min(127, VELOCITY_STEP * round(velocity / VELOCITY_STEP)))


def render_stems(idea: Composition) -> dict[str, np.ndarray]:
    """Each part of ``idea`` as a stem (parts of the same name are summed), rendered in parallel.

    Every stem is the song's length plus the release tail. The jobs (:func:`.notes.note_jobs`: each
    distinct note rendered once, heavy parts dealt out over several jobs) start heaviest first.
    Velocities are rendered in steps of :data:`VELOCITY_STEP`.
    """
    parts = [
        replace(p, notes=[replace(n, velocity=rendered_velocity(n.velocity)) for n in p.notes])
        for p in idea.parts
        if p.notes
    ]
    pool = render_pool()
    jobs = note_jobs(parts, idea.bpm, idea.duration_seconds, render_threads(), pool)
    futures = [(job.part.name, pool.submit(job.run)) for job in jobs]
    stems: dict[str, np.ndarray] = {part.name: np.empty(0) for part in parts}  # the parts' order
    for name, future in futures:
        samples = future.result()
        if stems[name].size:
            stems[name] += samples
        else:
            stems[name] = samples
    frames = round((idea.duration_seconds + RELEASE_SECONDS) * SAMPLE_RATE)
    for name, samples in stems.items():
        if not samples.size:  # every note of the part starts after the end
            stems[name] = np.zeros((frames, 2), dtype=np.float32)
    return stems


def render_idea(
    idea: Composition,
    *,
    formats: tuple[str, ...] = ("wav", "mp3"),
    extra_stems: dict[str, np.ndarray] | None = None,
    title: str | None = None,
    stem_formats: tuple[str, ...] = (),
) -> RenderResult:
    """Stems, their mix and the mix encoded in ``formats``; ``extra_stems`` (e.g. vocals) join the mix.

    ``stem_formats`` also encodes every processed stem (``RenderResult.encoded_stems``). The mix's
    encoders start as soon as the mix is made; the processed stems are built while they run.
    """
    stems = render_stems(idea)
    stems.update(extra_stems or {})
    bus = mix_bus(stems, SAMPLE_RATE)
    del stems  # the raw stems are folded into the bus: let their memory go
    with ThreadPoolExecutor(max_workers=1 + len(bus.names), thread_name_prefix="encode-job") as pool:
        mix_encoded = pool.submit(encode_many, bus.mix, SAMPLE_RATE, formats, title)
        processed = bus.processed_stems()
        stem_encoded = (
            {name: pool.submit(encode_many, stem, SAMPLE_RATE, stem_formats) for name, stem in processed.items()}
            if stem_formats
            else {}
        )
        encoded = mix_encoded.result()
        encoded_stems = {name: future.result() for name, future in stem_encoded.items()}
    return RenderResult(SAMPLE_RATE, processed, bus.mix, encoded, bus.loudness_lufs, bus.peak_dbfs, encoded_stems)


def render_preview(idea: Composition, *, bars: int = 8) -> bytes:
    """The first ``bars`` bars as an MP3 at 192 kbit/s (what the studio plays).

    Mixed like :func:`render_idea` (the same stems, gains, pans, loudness and limiter), so the
    preview sounds like the export.
    """
    beats = bars * idea.time_signature[0]
    parts = [replace(p, notes=[n for n in p.notes if n.start < beats]) for p in idea.parts if p.notes]
    short = replace(idea, parts=parts, bars=min(idea.bars, bars))
    silence = np.zeros((round(short.duration_seconds * SAMPLE_RATE), 2), dtype=np.float32)
    bus = mix_bus(render_stems(short) or {"mix": silence}, SAMPLE_RATE)  # no stems wanted: the bus alone
    return encode_many(bus.mix, SAMPLE_RATE, ("mp3",), bitrate=PREVIEW_BITRATE)["mp3"]
