#!/usr/bin/env python
"""Benchmark of lyrics and sung vocals for a 3-minute song (target: lyrics + vocals <= 3 s).

Prints p50/p95 over a few runs of: the lyric writer, the vocal melody, Festival singing and
alignment, and the whole. ``CASES`` lets ``bench/engine.py`` add these rows to its table.

    .venv/bin/python bench/vocals.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generation.engine.lyrics import write_lyrics
from generation.engine.song import compose_song
from generation.engine.theory import Key
from generation.engine.vocals import fit_vocal_melody, sing

KEY = Key(9, "minor")
SONG, ARRANGEMENT = compose_song(
    genre="pop", mood="emotional", energy=0.6, key=KEY, bpm=100, length_seconds=180, seed=1
)
SECTIONS = [s.name for s in ARRANGEMENT.sections]


def lyrics_only(seed: int) -> int:
    return sum(len(line.syllables) for line in write_lyrics(theme="rainy_city", sections=SECTIONS, seed=seed).lines)


def lyrics_and_melody(seed: int) -> int:
    lyrics = write_lyrics(theme="rainy_city", sections=SECTIONS, seed=seed)
    return len(
        fit_vocal_melody(
            lyrics=lyrics, sections=ARRANGEMENT.sections, key=KEY, bpm=ARRANGEMENT.bpm, chords=SONG.chords, seed=seed
        ).part.notes
    )


def lyrics_and_sung_vocals(seed: int) -> int:
    lyrics = write_lyrics(theme="rainy_city", sections=SECTIONS, seed=seed)
    vocals = fit_vocal_melody(
        lyrics=lyrics, sections=ARRANGEMENT.sections, key=KEY, bpm=ARRANGEMENT.bpm, chords=SONG.chords, seed=seed
    )
    sing(vocals, ARRANGEMENT.duration_seconds)
    return len(vocals.part.notes)


CASES: list[tuple[str, Callable[[int], int]]] = [
    ("lyrics, 3-minute song", lyrics_only),
    ("lyrics + vocal melody, 3-minute song", lyrics_and_melody),
    ("lyrics + sung vocals, 3-minute song", lyrics_and_sung_vocals),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"\n{'case':40} {'runs':>5} {'p50 s':>8} {'p95 s':>8} {'syllables/s':>12}")
    for label, run in CASES:
        run(999)
        times, notes = [], 0
        for seed in range(args.runs):
            start = time.perf_counter()
            notes += run(seed)
            times.append(time.perf_counter() - start)
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(f"{label:40} {args.runs:>5} {statistics.median(times):>8.3f} {p95:>8.3f} {notes / sum(times):>12.0f}")
    print("target: lyrics + sung vocals for a 3-minute song <= 3 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
