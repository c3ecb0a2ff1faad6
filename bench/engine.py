#!/usr/bin/env python
"""Benchmark of the composition engine in a warm process: p50/p95 latency and notes per second.

Each tool of the facade (``generation.engine.tools``) runs ``--runs`` times (different seeds) after a
warm-up; surprise-me and a three-minute arrangement with all parts are the targets' cases. Rows
from ``bench/vocals.py`` are appended when that module exists (lyrics and sung vocals).

    .venv/bin/python bench/engine.py [--runs 100]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generation.engine import tools  # noqa: E402

MELODY = [{"note": 60 + (i % 5) * 2, "start_time": i * 0.5, "duration": 0.5} for i in range(64)]
CASES: dict[str, tuple[str, dict]] = {
    "melody (8 bars)": ("melody", {"genre": "trap", "key": "C", "scale": "minor", "bpm": 140}),
    "chords (8 bars)": ("chords", {"genre": "lofi", "key": "F", "scale": "major", "length": 8}),
    "bassline 808 (8 bars)": ("bassline", {"genre": "trap", "style": "808", "length": 8}),
    "drums (8 bars)": ("drums", {"genre": "trap", "length": 8, "complexity": 0.8}),
    "arpeggiator (8 bars)": ("arpeggiator", {"pattern": "updown", "length": 8}),
    "counter-melody (32 beats)": ("counter_melody", {"main_melody": MELODY, "key": "C", "style": "counterpoint"}),
    "genre fusion (8 bars, 4 parts)": ("genre_fusion", {"genre1": "trap", "genre2": "amapiano"}),
    "emotion (8 bars, 4 parts)": ("emotion", {"emotion": "hope", "intensity": 0.7}),
    "surprise-me (4 parts)": ("surprise_me", {}),
    "arrangement 3 min, all parts": ("arrangement", {"genre": "pop", "length": 180}),
}
# The tools that work on a producer's own music take an 8-bar, 4-part idea (a surprise-me result,
# sent back as a client would send an uploaded file's music): analysis included in each run.
SOURCE_CASES: dict[str, tuple[str, dict]] = {
    "continue (8 bars + 4, 4 parts)": ("continue", {"bars": 4}),
    "reharmonize (8 bars)": ("reharmonize", {"mood": "dark"}),
    "drumify (8 bars)": ("drumify", {"genre": "house"}),
    "groove (8 bars, shuffle)": ("groove", {"feel": "shuffle"}),
    "groove (8 bars, template)": ("groove", {"template": None}),
}
TARGETS = {"surprise-me (4 parts)": 200.0, "arrangement 3 min, all parts": 1000.0} | dict.fromkeys(SOURCE_CASES, 100.0)
PART_TARGET_MS = 50.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def measure(run: Callable[[int], int], runs: int) -> tuple[float, float, float]:
    run(10_000)  # warm caches (music21 roman numerals, genre tables)
    times, notes = [], 0
    for seed in range(runs):
        start = time.perf_counter()
        notes += run(seed)
        times.append(time.perf_counter() - start)
    return percentile(times, 50) * 1000, percentile(times, 95) * 1000, notes / sum(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    rows: list[tuple[str, Callable[[int], int], float | None, int]] = []
    source = tools.generate("surprise_me", tools.validate_parameters("surprise_me", {"length": 8}), seed=1)
    source.pop("metrics")
    cases = dict(CASES)
    for label, (tool, raw) in SOURCE_CASES.items():
        cases[label] = (tool, {"source": source, **{k: (v if v is not None else source) for k, v in raw.items()}})
    for label, (tool, raw) in cases.items():
        params = tools.validate_parameters(tool, raw)

        def run(seed: int, tool: str = tool, params: dict = params) -> int:
            result = tools.generate(tool, params, seed=seed)
            return sum(len(p["notes"]) for p in result["parts"])

        runs = args.runs if tool != "arrangement" else max(10, args.runs // 5)
        target = TARGETS.get(label, None if "4 parts" in label else PART_TARGET_MS)
        rows.append((label, run, target, runs))
    vocals = ROOT / "bench" / "vocals.py"
    if vocals.exists():
        spec = importlib.util.spec_from_file_location("bench_vocals", vocals)
        if spec and spec.loader:
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            for label, run in getattr(module, "CASES", []):
                rows.append((label, run, 3000.0 if "sung" in label else None, 5))
    print(f"\n{'case':38} {'runs':>5} {'p50 ms':>9} {'p95 ms':>9} {'notes/s':>11} {'target':>14}")
    for label, run, target, runs in rows:
        p50, p95, rate = measure(run, runs)
        verdict = "" if target is None else (f"p50<={target:g}ms " + ("ok" if p50 <= target else "MISS"))
        print(f"{label:38} {runs:>5} {p50:>9.2f} {p95:>9.2f} {rate:>11.0f} {verdict:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
