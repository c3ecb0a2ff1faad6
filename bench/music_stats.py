#!/usr/bin/env python
"""The engine's melodies, chord parts and basslines against real music, statistic by statistic.

Real music comes from the music21 corpus, offline in the wheel (no pop data set installs from the
package index with a licence that allows it): Essen folk songs in duple metre for melodies, Bach
chorales for chord parts (alto, tenor and bass under the tune) and basslines (the bass voice).
The real windows are split in two halves at random (seeded): half A trains a first-order Markov
chain over (interval, inter-onset, length) tokens, half B is what everything is compared with.
For each statistic of ``generation.engine.music_stats`` the table prints the median and the 10th-90th
percentiles, and the overlap (histogram intersection, 1.0 = same distribution) with half B:
``real A`` is the ceiling (real against real), ``markov`` the floor to beat.

    .venv/bin/python bench/music_stats.py [--seeds 100] [--genres pop,rnb] [--refresh]

The corpus is parsed once (about two minutes) and cached in ``var/music_stats_reference.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
from collections import defaultdict
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generation.engine import tools as api  # noqa: E402
from generation.engine.music_stats import (  # noqa: E402
    FEATURES,
    histogram,
    interval_histogram,
    intervals,
    overlap,
    windows,
)
from generation.engine.types import Note  # noqa: E402

CACHE = ROOT / "var" / "music_stats_reference.json"
POP_CACHE = ROOT / "var" / "music_stats_pop909.json"
# POP909's left hand: the accompaniment's notes below middle C stand in for a bassline.
LEFT_HAND_TOP = 60
# A real window counts when its part sounds in at least this many of its bars (intros and
# instrumental breaks of a song leave the melody silent; the engine's parts play throughout).
MIN_SOUNDING_BARS = 6
ESSEN_FILES = ("erk10", "erk20", "erk30", "kinder0", "boehme10", "altdeu10", "ballad10", "ballad20")
MAX_MELODIES = 600
MAX_CHORALES = 150
SHARE_EDGES = [i / 10 for i in range(11)]
EDGES: dict[str, list[float]] = {
    "notes_per_bar": [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 64],
    "register": [0, 3, 6, 9, 12, 15, 18, 21, 24, 30, 36, 48, 128],
}
PART_OF_TOOL = {"melody": "melody", "chords": "chords", "bassline": "bass"}
LOWEST = {"melody": False, "chords": False, "bassline": True}


# ---- the corpus ------------------------------------------------------------------------------------


def _stream_notes(stream: Any) -> list[list[float]] | None:
    """[pitch, start, length] in 4/4 quarter beats, or None for a metre that is not duple."""
    signature = stream.recurse().getElementsByClass("TimeSignature").first()
    if signature is None or signature.numerator not in (2, 4):
        return None
    bar_length = signature.barDuration.quarterLength
    scale = 4.0 / bar_length if bar_length >= 4 else 1.0  # 4/2 halves, 2/4 bars pair up
    measures = list(stream.recurse().getElementsByClass("Measure"))
    shift = 0.0
    if measures and measures[0].duration.quarterLength < bar_length:
        shift = bar_length - measures[0].duration.quarterLength  # a pickup: bar lines from the first full bar
    notes = []
    for element in stream.stripTies().flatten().notes:
        start = (float(element.getOffsetInHierarchy(stream)) + shift) * scale
        length = float(element.quarterLength) * scale
        if length <= 0:
            continue
        for pitch in element.pitches:
            notes.append([int(pitch.midi), start, length])
    return notes or None


def load_reference(refresh: bool) -> dict[str, list[list[list[float]]]]:
    if CACHE.exists() and not refresh:
        cached: dict[str, list[list[list[float]]]] = json.loads(CACHE.read_text())
        return cached
    from music21 import corpus

    melodies: list[list[list[float]]] = []
    for name in ESSEN_FILES:
        print(f"parsing essenFolksong/{name}", file=sys.stderr)
        for score in corpus.parse(f"essenFolksong/{name}").scores:
            notes = _stream_notes(score)
            if notes:
                melodies.append(notes)
        if len(melodies) >= MAX_MELODIES:
            break
    chords: list[list[list[float]]] = []
    basses: list[list[list[float]]] = []
    print("parsing Bach chorales", file=sys.stderr)
    for chorale in corpus.chorales.Iterator(numberingSystem="riemenschneider", returnType="stream"):
        parts = list(chorale.parts)
        if len(parts) != 4:
            continue
        lower = [_stream_notes(p) for p in parts[1:]]
        if any(v is None for v in lower):
            continue
        chords.append([n for voice in lower for n in (voice or [])])
        basses.append(lower[-1] or [])
        if len(chords) >= MAX_CHORALES:
            break
    data = {"melody": melodies[:MAX_MELODIES], "chords": chords, "bassline": basses}
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(json.dumps(data))
    return data


def _pop909_song(folder: Path) -> dict[str, list[list[float]]] | None:
    """One POP909 song's tracks as [pitch, start, length] in beats from its first 4/4 downbeat, on the sixteenth grid.

    The MIDI is performed (not quantised); ``beat_midi.txt`` holds the beat times in seconds with a
    4/4 downbeat flag in its third column, so a note's beat position is interpolated between beats.
    Songs whose downbeats are not four beats apart (3/4, changing metre) are left out.
    """
    import bisect

    import mido

    beats = [tuple(map(float, line.split())) for line in (folder / "beat_midi.txt").read_text().splitlines() if line]
    times = [b[0] for b in beats]
    downbeats = [i for i, b in enumerate(beats) if len(b) > 2 and b[2] == 1.0]
    gaps = [b - a for a, b in zip(downbeats, downbeats[1:], strict=False)]
    if len(times) < 8 or not gaps or sum(g == 4 for g in gaps) < 0.9 * len(gaps):
        return None
    first = downbeats[0]
    midi = mido.MidiFile(folder / f"{folder.name}.mid")

    def beat_of(seconds: float) -> float:
        i = max(0, min(len(times) - 2, bisect.bisect_right(times, seconds) - 1))
        return i + (seconds - times[i]) / (times[i + 1] - times[i]) - first

    channels = {}  # POP909 plays each track on its own channel
    for track in midi.tracks:
        channel = next((m.channel for m in track if hasattr(m, "channel")), None)
        if channel is not None:
            channels[channel] = track.name
    tracks: dict[str, list[list[float]]] = {"MELODY": [], "PIANO": []}
    sounding: dict[tuple[int, int], list[float]] = defaultdict(list)
    seconds = 0.0
    for message in midi:  # merged tracks, times in seconds (tempo changes applied)
        seconds += message.time
        if message.type not in ("note_on", "note_off"):
            continue
        name = channels.get(message.channel)
        if name not in tracks:
            continue
        if message.type == "note_on" and message.velocity > 0:
            sounding[(message.channel, message.note)].append(seconds)
        elif sounding[(message.channel, message.note)]:
            began = sounding[(message.channel, message.note)].pop(0)
            start = round(beat_of(began) * 4) / 4
            end = max(start + 0.25, round(beat_of(seconds) * 4) / 4)
            if start >= 0:
                tracks[name].append([message.note, start, end - start])
    for notes in tracks.values():
        notes.sort(key=lambda n: (n[1], n[0]))
    return tracks if tracks["MELODY"] and tracks["PIANO"] else None


def load_pop909(folder: Path, refresh: bool) -> dict[str, list[list[list[float]]]]:
    """Melodies (the MELODY track), chord parts (the PIANO accompaniment) and basslines (its left hand)."""
    if POP_CACHE.exists() and not refresh:
        cached: dict[str, list[list[list[float]]]] = json.loads(POP_CACHE.read_text())
        return cached
    songs = [d for d in sorted(folder.iterdir()) if d.is_dir() and (d / "beat_midi.txt").exists()]
    data: dict[str, list[list[list[float]]]] = {"melody": [], "chords": [], "bassline": []}
    for i, song in enumerate(songs):
        if i % 100 == 0:
            print(f"parsing POP909 {song.name} ({i}/{len(songs)})", file=sys.stderr)
        tracks = _pop909_song(song)
        if tracks is None:
            continue
        data["melody"].append(tracks["MELODY"])
        data["chords"].append(tracks["PIANO"])
        data["bassline"].append([n for n in tracks["PIANO"] if n[0] < LEFT_HAND_TOP])
    POP_CACHE.parent.mkdir(parents=True, exist_ok=True)
    POP_CACHE.write_text(json.dumps(data))
    return data


def _notes(raw: list[list[float]]) -> list[Note]:
    return [Note(int(p), s, d) for p, s, d in raw]


def _bars(notes: list[Note]) -> int:
    """Bars the notes reach into: an 8-bar part whose last note is released early still has 8 bars."""
    return max(1, math.ceil(max(n.end for n in notes) / 4 - 1e-6))


# ---- the Markov floor ----------------------------------------------------------------------------


def train_markov(pieces: list[list[Note]]) -> dict[Any, list[Any]]:
    """First-order transitions between (interval, inter-onset steps, length steps) tokens of the top line."""
    table: dict[Any, list[Any]] = defaultdict(list)
    for notes in pieces:
        voice = sorted(notes, key=lambda n: (n.start, -n.pitch))
        tokens = []
        for a, b in zip(voice, voice[1:], strict=False):
            if round(b.start * 4) == round(a.start * 4):
                continue
            tokens.append((b.pitch - a.pitch, round((b.start - a.start) * 4), max(1, round(b.duration * 4))))
        table["start"].extend(tokens[:1])
        for token, following in zip(tokens, tokens[1:], strict=False):
            table[token].append(following)
    return table


def markov_piece(table: dict[Any, list[Any]], bars: int, first_pitches: list[int], rng: random.Random) -> list[Note]:
    pitch, start = rng.choice(first_pitches), 0.0
    token = rng.choice(table["start"])
    notes = [Note(pitch, 0.0, token[1] / 4)]
    while True:
        options = table.get(token) or table["start"]
        token = rng.choice(options)
        pitch = max(40, min(96, pitch + token[0]))
        start += token[1] / 4
        if start >= bars * 4:
            return notes
        notes.append(Note(pitch, start, token[2] / 4))


# ---- the engine ------------------------------------------------------------------------------------


def engine_pieces(tool: str, genre: str, seeds: int) -> list[list[Note]]:
    """Default parameters of the tool for the genre, eight bars, one piece per seed."""
    raw: dict[str, Any] = {"genre": genre}
    raw["melody_length" if tool == "melody" else "length"] = 8
    params = api.validate_parameters(tool, raw)
    pieces = []
    for seed in range(seeds):
        result = api.generate(tool, params, seed=seed)
        part = next(p for p in result["parts"] if p["name"] == PART_OF_TOOL[tool])
        pieces.append([Note.from_dict(n) for n in part["notes"]])
    return pieces


# ---- the comparison --------------------------------------------------------------------------------


def describe(stats: list[dict[str, float]], feature: str) -> str:
    values = sorted(s[feature] for s in stats)
    if not values:
        return "-"
    low = values[int(0.1 * (len(values) - 1))]
    high = values[int(0.9 * (len(values) - 1))]
    fmt = "{:.0f}" if feature == "register" else ("{:.1f}" if feature == "notes_per_bar" else "{:.2f}")
    return f"{fmt.format(median(values))} [{fmt.format(low)}-{fmt.format(high)}]"


def feature_overlap(a: list[dict[str, float]], b: list[dict[str, float]], feature: str) -> float:
    edges = EDGES.get(feature, SHARE_EDGES)
    return overlap(histogram([s[feature] for s in a], edges), histogram([s[feature] for s in b], edges))


def _sounding(window: dict[str, float]) -> bool:
    return window["sounding_bars"] >= MIN_SOUNDING_BARS


def compare(tool: str, real: list[list[Note]], genres: list[str], seeds: int, label: str) -> None:
    rng = random.Random(12)
    order = list(range(len(real)))
    rng.shuffle(order)
    half_a = [real[i] for i in order[: len(order) // 2]]
    half_b = [real[i] for i in order[len(order) // 2 :]]
    lowest = LOWEST[tool]

    def stats_of(pieces: list[list[Note]]) -> list[dict[str, float]]:
        found = [w for p in pieces if p for w in windows(p, _bars(p), lowest=lowest)]
        return [w for w in found if _sounding(w)]

    def intervals_of(pieces: list[list[Note]]) -> list[float]:
        return interval_histogram(i for p in pieces for i in intervals(p, lowest=lowest))

    table = train_markov(half_a)
    first_pitches = [min(p, key=lambda n: n.start).pitch for p in half_a]
    markov = [markov_piece(table, 8, first_pitches, random.Random(s)) for s in range(seeds)]
    columns: dict[str, list[list[Note]]] = {"real A": half_a, "markov": markov}
    for genre in genres:
        columns[genre] = engine_pieces(tool, genre, seeds)
    reference = stats_of(half_b)
    reference_intervals = intervals_of(half_b)
    stats = {name: stats_of(pieces) for name, pieces in columns.items()}
    print(f"\n## {tool}: real = {label}, {len(real)} pieces ({len(reference)} windows in half B)\n")
    header = ["feature", "real B", *[f"{n}" for n in columns]]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    totals: dict[str, list[float]] = defaultdict(list)
    for feature in FEATURES:
        cells = [feature, describe(reference, feature)]
        for name in columns:
            score = feature_overlap(stats[name], reference, feature)
            totals[name].append(score)
            cells.append(f"{describe(stats[name], feature)} ({score:.2f})")
        print("| " + " | ".join(cells) + " |")
    cells = ["interval mix (pooled)", " ".join(f"{v:.2f}" for v in reference_intervals)]
    for name, pieces in columns.items():
        score = overlap(intervals_of(pieces), reference_intervals)
        totals[name].append(score)
        cells.append(f"{' '.join(f'{v:.2f}' for v in intervals_of(pieces))} ({score:.2f})")
    print("| " + " | ".join(cells) + " |")
    print("| mean overlap | 1.00 | " + " | ".join(f"{sum(v) / len(v):.2f}" for v in totals.values()) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--genres", default="pop,rnb")
    parser.add_argument("--tools", default="melody,chords,bassline")
    parser.add_argument("--refresh", action="store_true", help="parse the corpus again")
    parser.add_argument(
        "--pop909",
        type=Path,
        default=Path(os.environ["POP909_DIR"]) if os.environ.get("POP909_DIR") else None,
        help="a local copy of POP909's song folders (001/ ... 909/): compare with real pop songs too",
    )
    parser.add_argument("--only-pop", action="store_true", help="skip the folk and chorale reference")
    args = parser.parse_args()
    genres = [g for g in args.genres.split(",") if g]
    references: list[tuple[str, dict[str, list[list[list[float]]]]]] = []
    if not args.only_pop:
        references.append(("folk songs (melody) and Bach chorales (chords, bass)", load_reference(args.refresh)))
    if args.pop909:
        references.append(("POP909 pop songs", load_pop909(args.pop909, args.refresh)))
    for label, reference in references:
        for tool in args.tools.split(","):
            real = [_notes(p) for p in reference[tool] if p]
            compare(tool, real, genres, args.seeds, label)
    print("\nCells: median [10th-90th percentile] (overlap with real B). Interval mix: shares of 0, 1-2, 3-4,")
    print("5-7, 8-11, 12+ semitones.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
