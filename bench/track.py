#!/usr/bin/env python
"""Benchmark of full v1 tracks: a 3-minute sung track with 5 stems in every format, and tracks per hour.

For each case (``pop``; the spec's example, electronic/synthwave at 120 BPM in C minor) the whole
:func:`generation.engine.track.build_track` runs ``--repeat`` times after a warm-up build (a worker
process loads the SoundFont, the CMU dictionary and music21 once). Printed: best and median wall
time, CPU seconds (this process's threads and its children: Festival, rsvg-convert) and the median
of each stage's own wall time (stages overlap, so they add up to more than the whole). Then each
stage run alone, one after another, with its wall time and CPU seconds (its threads and child
processes): what each costs, whatever else loads the machine. Then tracks per hour with one and
with two worker processes building tracks at the same time (``--count`` tracks each; skipped
with ``--no-throughput``). The machine is shared: a loaded machine shows in wall time, CPU seconds
stay comparable. Target: <= 6 s wall for the 3-minute sung track in every format on 2 cores.

    .venv/bin/python bench/track.py [--repeat 3] [--count 2] [--cases pop,spec] [--seconds 180] [--no-throughput]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generation.engine.audio.encode import encode
from generation.engine.audio.mix import mix_stems
from generation.engine.audio.synth import SAMPLE_RATE
from generation.engine.track import build as track_build
from generation.engine.track import build_track, validate_track_parameters
from generation.engine.track.catalog import AUDIO_QUALITY, STEM_PARTS
from generation.engine.track.fidelity import audio_fidelity
from generation.engine.track.render import balance_vocals, render_track_stems
from generation.engine.track.voice import write_vocals
from generation.engine.vocals import sing

T = TypeVar("T")

ALL_FORMATS = ["wav", "mp3", "flac", "ogg", "midi", "musicxml", "pdf"]
CASES = {
    "pop": {"genre": "pop", "mood": "emotional", "tempo": 100, "key": "A_minor", "lyrics": {"theme": "rainy_city"}},
    "spec": {
        "genre": "electronic",
        "subgenre": "synthwave",
        "mood": "nostalgic",
        "tempo": 120,
        "key": "C_minor",
        "lyrics": {"enabled": True, "theme": "cyberpunk_city", "language": "en", "style": "poetic_tech"},
        "primary_instruments": ["synth_bass", "drum_machine", "arpeggiator"],
        "complexity": "medium",
        "creativity": 0.7,
    },
}
STAGES = (
    "compose",
    "lyrics",
    "render_stems",
    "vocals",
    "midi",
    "musicxml",
    "chord_chart_pdf",
    "note_metrics",
    "mix",
    "encode",
    "audio_metrics",
)


def parameters(case: str, seconds: int) -> dict[str, object]:
    raw = {**CASES[case], "duration": seconds, "output_formats": ALL_FORMATS, "audio_quality": "high"}
    return validate_track_parameters(raw)


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def stage_costs(case: str, seconds: int, seed: int) -> list[tuple[str, float, float]]:
    """Each stage of :func:`build_track` alone, in order: (stage, wall seconds, CPU seconds)."""
    params = parameters(case, seconds)
    rows: list[tuple[str, float, float]] = []

    def measure(name: str, work: Callable[[], T]) -> T:
        start_cpu, start = cpu_seconds(), time.perf_counter()
        result = work()
        rows.append((name, time.perf_counter() - start, cpu_seconds() - start_cpu))
        return result

    idea, arrangement = measure("compose", lambda: track_build.compose_track_song(params, seed))
    vocal = measure("lyrics", lambda: write_vocals(params, idea, arrangement, seed, None))
    title = vocal.lyrics.title
    instruments = replace(idea, parts=[p for p in idea.parts if p.name != "vocals"])
    parts = measure("render_stems (FluidSynth)", lambda: render_track_stems(instruments))
    voice = measure("vocals (Festival)", lambda: sing(vocal.vocals, idea.duration_seconds))
    parts["vocals"] = balance_vocals(voice, parts)
    measure("MIDI+MusicXML+PDF+notes", lambda: track_build._scores(idea, vocal, params, title, {}))
    mixed = measure(f"mix ({len(parts)} parts)", lambda: mix_stems(parts, SAMPLE_RATE, groups=STEM_PARTS))
    stems = track_build._group_stems(mixed.stems, set(parts), True, mixed.mix.shape[0])
    track_build._headroom(mixed.mix, stems)
    quality = AUDIO_QUALITY[str(params["audio_quality"])]
    for fmt in ("wav24" if quality.wav_bit_depth == 24 else "wav", "mp3", "flac", "ogg"):
        measure(f"encode mix {fmt}", partial(encode, mixed.mix, SAMPLE_RATE, fmt, title, f"{quality.mp3_kbps}k"))
    stem_wav = "wav24" if quality.stem_bit_depth == 24 else "wav"
    measure(
        f"encode {len(stems)} stems {stem_wav}",
        lambda: [encode(samples, SAMPLE_RATE, stem_wav) for _, samples in stems.values()],
    )
    with_notes = {name for name, (names, _) in stems.items() if names}
    measure(
        "audio_metrics",
        lambda: audio_fidelity(mixed.mix, {n: s for n, (_, s) in stems.items()}, with_notes, SAMPLE_RATE),
    )
    return rows


def worker(case: str, seconds: int, count: int) -> int:
    """Build ``count`` tracks in a row (after a warm-up) and print their wall times as JSON."""
    params = parameters(case, seconds)
    build_track(parameters(case, 10), seed=0)
    print("ready", flush=True)
    sys.stdin.readline()  # start together with the other workers
    times = []
    for seed in range(1, count + 1):
        start = time.perf_counter()
        build_track(params, seed=seed)
        times.append(time.perf_counter() - start)
    print(json.dumps(times), flush=True)
    return 0


def throughput(case: str, seconds: int, workers: int, count: int) -> float:
    """Tracks per hour with ``workers`` processes each building ``count`` tracks at the same time."""
    command = [sys.executable, __file__, "--worker", "--cases", case, "--seconds", str(seconds), "--count", str(count)]
    processes = [
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(workers)
    ]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in processes:
        process.communicate()
    return workers * count / (time.perf_counter() - start) * 3600


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--count", type=int, default=2, help="tracks per worker process in the throughput runs")
    parser.add_argument("--cases", default="pop,spec")
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--no-throughput", action="store_true", help="skip the tracks-per-hour runs")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    cases = args.cases.split(",")
    if args.worker:
        return worker(cases[0], args.seconds, args.count)

    print(f"\n{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    build_track(parameters(cases[0], 10), seed=0)  # warm-up: SoundFont per render thread, CMU dictionary, imports
    rows = []
    for case in cases:
        params = parameters(case, args.seconds)
        walls, cpus, stages = [], [], []
        for seed in range(1, args.repeat + 1):
            start_cpu, start = cpu_seconds(), time.perf_counter()
            build = build_track(params, seed=seed)
            walls.append(time.perf_counter() - start)
            cpus.append(cpu_seconds() - start_cpu)
            stages.append(build.timings)
        rows.append((case, walls, cpus, stages, build))

    for case, walls, cpus, stages, build in rows:
        files = len(build.audio_files) + len(build.chord_chart) + len(build.stems)
        print(
            f"\n## {case}: {build.metadata['profile']}, {build.metadata['tempo']} BPM, {build.metadata['key']}, "
            f"{build.metadata['bars']} bars, {len(build.stems)} stems, {files} files, "
            f"{build.lyrics['sung_lines'] if build.lyrics else 0} sung lines"
        )
        print(f"{'stage':18} {'median s':>9} {'best s':>8}")
        for stage in STAGES:
            values = [s[stage] for s in stages if stage in s]
            if values:
                print(f"{stage:18} {statistics.median(values):>9.2f} {min(values):>8.2f}")
        print(f"{'whole track (wall)':18} {statistics.median(walls):>9.2f} {min(walls):>8.2f}")
        print(f"{'CPU seconds':18} {statistics.median(cpus):>9.2f} {min(cpus):>8.2f}")

    for case in cases:
        costs: list[Any] = stage_costs(case, args.seconds, seed=1)
        print(f"\n## {case}: each stage alone (seed 1)")
        print(f"{'stage':30} {'wall s':>7} {'CPU s':>7}")
        for name, wall, cpu in costs:
            print(f"{name:30} {wall:>7.2f} {cpu:>7.2f}")
        print(f"{'sum':30} {sum(r[1] for r in costs):>7.2f} {sum(r[2] for r in costs):>7.2f}")

    print(f"\n{'throughput (' + cases[0] + ')':34} {'tracks/hour':>12}")
    for workers in () if args.no_throughput else (1, 2):
        per_hour = throughput(cases[0], args.seconds, workers, args.count)
        print(f"{f'{workers} worker process(es)':34} {per_hour:>12.0f}")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end; target: <= 6 s wall for a 3-minute sung track")
    return 0


if __name__ == "__main__":
    sys.exit(main())
