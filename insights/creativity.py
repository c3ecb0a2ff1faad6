"""The creativity score: how varied a producer's material is, and where it is heading.

Six diversities, each a normalised Shannon entropy H(X) / log2(k) x 100 of what the material uses,
where k = min(size of the universe, number of observations) (so ten ideas in ten different genres
score 100, and one genre scores 0):

* ``harmonic_diversity``: roman numerals of every chord (universe 28: 7 degrees x 4 qualities);
* ``rhythmic_diversity``: the sixteenth-step onset pattern of every bar of the lead lines (universe 65,536);
* ``melodic_diversity``: interval classes between successive lead notes (universe 12);
* ``genre_diversity``: genres of the items (universe 17); ``scale_diversity``: scales (universe 12);
* ``arrangement_diversity``: each item's structure — its section sequence for arrangements, else
  the set of parts it has (universe: the number of items).

``overall_score`` is their mean. ``growth_trend`` compares the overall score of the more recent
half of the material with the earlier half: more than 5 points up ``improving``, more than 5 down
``declining``, else ``stable``; fewer than six items is ``insufficient_data``.
``creative_block_risk``: ``high`` after 14 idle days, or 7 idle days with an overall score under 25;
``medium`` after 5 idle days or with an overall score under 40; ``low`` otherwise; ``unknown``
without material.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime
from typing import Any

from .dna import lead_lines

UNIVERSES = {
    "harmonic_diversity": 28,
    "rhythmic_diversity": 65536,
    "melodic_diversity": 12,
    "genre_diversity": 17,
    "scale_diversity": 12,
}
BREAKDOWN = (
    "harmonic_diversity",
    "rhythmic_diversity",
    "melodic_diversity",
    "genre_diversity",
    "scale_diversity",
    "arrangement_diversity",
)


def normalized_entropy(values: list[Any], universe: int) -> float | None:
    """H(values) / log2(min(universe, len(values))) in [0, 1]; None without values."""
    values = [v for v in values if v not in (None, "")]
    if not values:
        return None
    k = min(universe, len(values))
    if k < 2:
        return 0.0
    counts = Counter(values)
    total = len(values)
    entropy = -sum(c / total * math.log2(c / total) for c in counts.values())
    return min(1.0, entropy / math.log2(k))


def _bar_patterns(result: dict[str, Any]) -> list[str]:
    patterns: dict[tuple[str, int], set[int]] = {}
    for part in result.get("parts") or []:
        if part.get("name") not in ("melody", "vocals", "counter_melody", "arp"):
            continue
        for note in part.get("notes") or []:
            step = round(note["start_time"] * 4)
            patterns.setdefault((part["name"], step // 16), set()).add(step % 16)
    return ["".join("x" if s in steps else "." for s in range(16)) for steps in patterns.values()]


def _structure(item: dict[str, Any]) -> str:
    sections = item["result"].get("sections") or []
    if sections:
        return "-".join(s.get("name", "?") for s in sections)
    return "+".join(sorted(p.get("name", "?") for p in item["result"].get("parts") or []))


def diversities(material: list[dict[str, Any]]) -> dict[str, float | None]:
    chords = [c.get("roman_numeral") for m in material for c in (m["result"].get("progression") or [])]
    intervals = [
        abs(b - a) % 12
        for m in material
        for line in lead_lines(m["result"])
        for a, b in zip(line, line[1:], strict=False)
    ]
    values = {
        "harmonic_diversity": normalized_entropy(chords, UNIVERSES["harmonic_diversity"]),
        "rhythmic_diversity": normalized_entropy(
            [p for m in material for p in _bar_patterns(m["result"])], UNIVERSES["rhythmic_diversity"]
        ),
        "melodic_diversity": normalized_entropy(intervals, UNIVERSES["melodic_diversity"]),
        "genre_diversity": normalized_entropy([m.get("genre") for m in material], UNIVERSES["genre_diversity"]),
        "scale_diversity": normalized_entropy([m.get("scale") for m in material], UNIVERSES["scale_diversity"]),
        "arrangement_diversity": normalized_entropy([_structure(m) for m in material], max(2, len(material))),
    }
    return {k: None if v is None else round(v * 100, 1) for k, v in values.items()}


def _overall(breakdown: dict[str, float | None]) -> float | None:
    present = [v for v in breakdown.values() if v is not None]
    return round(sum(present) / len(present), 1) if present else None


def creativity_score(material: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    """The score, its breakdown, growth trend and creative-block risk (see the module docstring)."""
    if not material:
        # A new producer: zeros in the documented shape (numbers, not nulls), and the reason.
        return {
            "overall_score": 0.0,
            "breakdown": dict.fromkeys(BREAKDOWN, 0.0),
            "growth_trend": "insufficient_data",
            "creative_block_risk": "unknown",
            "material_count": 0,
            "message": "No material yet: your creativity score appears after your first ideas.",
        }
    ordered = sorted(material, key=lambda m: m["created_at"])
    breakdown = diversities(ordered)
    overall = _overall(breakdown)
    trend = "insufficient_data"
    if len(ordered) >= 6:
        half = len(ordered) // 2
        earlier, recent = _overall(diversities(ordered[:half])), _overall(diversities(ordered[half:]))
        if earlier is not None and recent is not None:
            trend = "improving" if recent - earlier > 5 else "declining" if earlier - recent > 5 else "stable"
    idle_days = (now - ordered[-1]["created_at"]).total_seconds() / 86400
    score = overall or 0.0
    if idle_days > 14 or (idle_days > 7 and score < 25):
        risk = "high"
    elif idle_days > 5 or score < 40:
        risk = "medium"
    else:
        risk = "low"
    return {
        "overall_score": overall,
        "breakdown": breakdown,
        "growth_trend": trend,
        "creative_block_risk": risk,
        "material_count": len(ordered),
        "days_since_last_idea": round(idle_days, 1),
    }
