"""Producer DNA: a producer's habits, computed from their own material (generations and saved ideas).

``material`` is a list of items ``{"created_at", "tool", "genre", "bpm", "key", "scale", "result"}``
(see :func:`insights.selectors.user_material`). Everything is counted from it: nothing is assumed,
and a producer with no material gets empty lists and ``None``.

* favourite genres / keys / scales: the three most frequent (ties: alphabetical);
* favourite BPMs: the three most frequent tempos, rounded to whole BPM;
* favourite chords: the four most frequent roman numerals across all progressions;
* melodic tendencies, from the lead lines: ``stepwise_ratio`` (successive intervals of at most two
  semitones), ``leap_ratio`` (the rest), ``preferred_intervals`` ordered by which is more common,
  ``contour_preference``: the most common shape of a line — ``ascending`` (last third higher than the
  first by more than a semitone on average), ``descending``, ``arch`` (middle third above both),
  ``valley`` or ``flat``.
"""

from __future__ import annotations

from collections import Counter
from statistics import mean
from typing import Any

LEAD_PARTS = ("melody", "vocals", "counter_melody", "arp")


def lead_lines(result: dict[str, Any]) -> list[list[int]]:
    """Pitches of the result's lead parts in time order (one list per part)."""
    lines = []
    for part in result.get("parts") or []:
        if part.get("name") in LEAD_PARTS and not part.get("is_drum"):
            notes = sorted(part.get("notes") or [], key=lambda n: n["start_time"])
            if len(notes) >= 3:
                lines.append([n["note"] for n in notes])
    return lines


def _top(values: list[Any], n: int) -> list[Any]:
    counts = Counter(v for v in values if v not in (None, ""))
    return [value for value, _ in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:n]]


def contour(line: list[int], threshold: float = 1.0) -> str:
    third = max(1, len(line) // 3)
    start, middle, end = mean(line[:third]), mean(line[third:-third] or line), mean(line[-third:])
    if middle > start + threshold and middle > end + threshold:
        return "arch"
    if middle < start - threshold and middle < end - threshold:
        return "valley"
    if end > start + threshold:
        return "ascending"
    if end < start - threshold:
        return "descending"
    return "flat"


def producer_dna(material: list[dict[str, Any]]) -> dict[str, Any]:
    """The Producer DNA of ``material`` (see the module docstring for every field)."""
    chords = [c.get("roman_numeral") for item in material for c in (item["result"].get("progression") or [])]
    lines = [line for item in material for line in lead_lines(item["result"])]
    intervals = [abs(b - a) for line in lines for a, b in zip(line, line[1:], strict=False)]
    steps = sum(i <= 2 for i in intervals)
    tendencies: dict[str, Any] = {
        "preferred_intervals": [],
        "contour_preference": None,
        "stepwise_ratio": None,
        "leap_ratio": None,
    }
    if intervals:
        stepwise, leaps = steps / len(intervals), 1 - steps / len(intervals)
        tendencies = {
            "preferred_intervals": ["stepwise", "leap"] if stepwise >= leaps else ["leap", "stepwise"],
            "contour_preference": _top([contour(line) for line in lines], 1)[0],
            "stepwise_ratio": round(stepwise, 3),
            "leap_ratio": round(leaps, 3),
        }
    dna = {
        "favorite_genres": _top([m.get("genre") for m in material], 3),
        "favorite_bpms": _top([round(m["bpm"]) if m.get("bpm") else None for m in material], 3),
        "favorite_scales": _top([m.get("scale") for m in material], 3),
        "favorite_keys": _top([m.get("key") for m in material], 3),
        "favorite_chords": _top(chords, 4),
        "melodic_tendencies": tendencies,
        "material_count": len(material),
    }
    if not material:
        dna["message"] = "No material yet: generate or save a few ideas and your Producer DNA appears here."
    return dna
