#!/usr/bin/env python
"""Benchmark of the audio renderer: a 3-minute, 5-part song and an 8-bar preview.

Prints the time and real-time factor (audio seconds per second of work) of rendering the stems,
mixing, and each encoding, the WAV+MP3 total, and the preview.

    .venv/bin/python bench/render.py [--seconds 180]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generation.engine import results, tools
from generation.engine.audio.encode import encode
from generation.engine.audio.mix import mix_stems
from generation.engine.audio.render import render_preview, render_stems
from generation.engine.audio.synth import SAMPLE_RATE, render_part


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=180)
    args = parser.parse_args()
    result = tools.generate(
        "arrangement", tools.validate_parameters("arrangement", {"genre": "pop", "length": args.seconds}), seed=1
    )
    song = results.idea_from_result(result)
    keep = ("melody", "chords", "bass", "drums", "arp")
    song.parts = [p for p in song.parts if p.name in keep]
    render_part(song.parts[0], song.bpm, 1.0)  # load the SoundFont before timing (once per worker process)
    import pyloudnorm  # noqa: F401 - imported once per worker process too

    audio_seconds = song.duration_seconds
    rows = []
    start = time.perf_counter()
    stems = render_stems(song)
    rows.append(("render 5 stems", time.perf_counter() - start))
    start = time.perf_counter()
    mixed = mix_stems(stems, SAMPLE_RATE)
    rows.append(("mix (gain, pan, LUFS, limiter)", time.perf_counter() - start))
    encoded = {}
    for fmt in ("wav", "wav24", "mp3", "flac", "ogg"):
        start = time.perf_counter()
        encoded[fmt] = encode(mixed.mix, SAMPLE_RATE, fmt)
        rows.append((f"encode {fmt}", time.perf_counter() - start))
    total = sum(
        t
        for name, t in rows
        if name in ("render 5 stems", "mix (gain, pan, LUFS, limiter)", "encode wav", "encode mp3")
    )
    print(f"\n{len(song.parts)}-part song, {audio_seconds:.1f} s of audio ({song.bars} bars at {song.bpm:g} BPM)")
    print(f"{'step':34} {'seconds':>9} {'x real time':>12}")
    for name, seconds in rows:
        print(f"{name:34} {seconds:>9.2f} {audio_seconds / seconds:>12.1f}")
    print(f"{'total: stems + mix + WAV + MP3':34} {total:>9.2f} {audio_seconds / total:>12.1f}   target <= 10 s")
    preview = results.idea_from_result(
        tools.generate("surprise_me", tools.validate_parameters("surprise_me", {}), seed=2)
    )
    render_preview(preview)
    start = time.perf_counter()
    render_preview(preview)
    seconds = time.perf_counter() - start
    print(f"{'8-bar preview (MP3)':34} {seconds:>9.2f} {preview.duration_seconds / seconds:>12.1f}   target <= 1 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
