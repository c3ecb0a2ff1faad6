#!/usr/bin/env python
"""Benchmark of the audio renderer: a 3-minute, 5-part song and an 8-bar preview.

Each step is timed ``--repeat`` times (p50 and best; the machine is shared, so single runs are
noisy): rendering the stems (in parallel), mixing, each encoding on its own, then the whole job as
a user waits for it -- stems, mix and WAV + MP3 + FLAC + OGG encoded side by side -- and the
8-bar MP3 preview. CPU seconds (every thread) are shown beside the wall time: on a busy
machine they say what the work costs. FluidSynth's log is counted throughout: every voice it could not allocate
(a dropped note) or had to steal (a note cut short) is reported. The last line is
``all formats wall: <p50 seconds> s``.

    .venv/bin/python bench/render.py [--seconds 180] [--repeat 5]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generation.engine import results, tools
from generation.engine.audio import fluid
from generation.engine.audio.encode import encode
from generation.engine.audio.mix import mix_stems
from generation.engine.audio.render import render_idea, render_preview, render_stems, render_threads
from generation.engine.audio.synth import SAMPLE_RATE

ALL_FORMATS = ("wav", "mp3", "flac", "ogg")


class VoiceCounter(logging.Handler):
    """Counts FluidSynth's reports of dropped and stolen voices."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.dropped = 0
        self.stolen = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.dropped += fluid.DROPPED_MESSAGE in message
        self.stolen += fluid.STOLEN_MESSAGE in message


def cpu_seconds() -> float:
    """CPU time of this process (all threads) and of its finished children (the ffmpeg encoders)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(step: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """(p50, best) wall seconds and p50 CPU seconds of ``repeat`` runs of ``step``."""
    runs, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), cpu_seconds()
        step()
        runs.append(time.perf_counter() - start)
        cpu.append(cpu_seconds() - start_cpu)
    return statistics.median(runs), min(runs), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    start_load = os.getloadavg()[0]
    counter = VoiceCounter()
    fluid.logger.addHandler(counter)
    fluid.logger.setLevel(logging.DEBUG)
    fluid.logger.propagate = False

    result = tools.generate(
        "arrangement", tools.validate_parameters("arrangement", {"genre": "pop", "length": args.seconds}), seed=1
    )
    song = results.idea_from_result(result)
    keep = ("melody", "chords", "bass", "drums", "arp")
    song.parts = [p for p in song.parts if p.name in keep]
    preview = results.idea_from_result(
        tools.generate("surprise_me", tools.validate_parameters("surprise_me", {}), seed=2)
    )
    # Load the SoundFont in every render thread and import the encoders (once per worker process).
    render_idea(song, formats=ALL_FORMATS)
    render_preview(preview)

    audio_seconds = song.duration_seconds
    stems = render_stems(song)
    mixed = mix_stems(stems, SAMPLE_RATE)
    rows: list[tuple[str, tuple[float, float, float]]] = [
        (f"render {len(stems)} stems ({render_threads()} threads)", timed(lambda: render_stems(song), args.repeat)),
        ("mix (gain, pan, LUFS, limiter)", timed(lambda: mix_stems(stems, SAMPLE_RATE), args.repeat)),
    ]
    for fmt in ("wav", "wav24", "mp3", "flac", "ogg"):
        rows.append((f"encode {fmt} (alone)", timed(lambda fmt=fmt: encode(mixed.mix, SAMPLE_RATE, fmt), args.repeat)))
    wall = timed(lambda: render_idea(song, formats=ALL_FORMATS), args.repeat)
    rows.append(("stems + mix + WAV+MP3+FLAC+OGG", wall))
    preview_row = timed(lambda: render_preview(preview), args.repeat)

    print(f"\n{len(song.parts)}-part song, {audio_seconds:.1f} s of audio ({song.bars} bars at {song.bpm:g} BPM)")
    print(f"{os.cpu_count()} cores; load average {start_load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    print(f"{args.repeat} runs per step on a shared machine: wall p50 and best, CPU seconds p50 (all cores)\n")
    print(f"{'step':38} {'p50 s':>7} {'best s':>7} {'cpu s':>7} {'x real time':>12}")
    for name, (p50, best, cpu) in rows:
        print(f"{name:38} {p50:>7.2f} {best:>7.2f} {cpu:>7.2f} {audio_seconds / p50:>12.1f}")
    p50, best, cpu = preview_row
    print(f"{'8-bar preview (MP3 192k)':38} {p50:>7.2f} {best:>7.2f} {cpu:>7.2f} {'':>12}   target <= 0.3 s")
    print(f"FluidSynth: {counter.dropped} voices not allocated (dropped notes), {counter.stolen} voices stolen")
    print("targets: mix <= 0.5 s; stems + mix + all four formats <= 4 s; preview <= 0.3 s")
    print(f"all formats wall: {wall[0]:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
