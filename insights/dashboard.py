"""What the dashboard and the public profile show: recent work, DNA, creativity and activity as chart geometry."""

from __future__ import annotations

import math
from typing import Any

from accounts.models import User
from generation.models import Generation

from .analytics import analytics_summary
from .selectors import material_counts, producer_profile_get

RADAR_SIZE, RADAR_RADIUS = 260, 100
AXES = (
    ("harmonic_diversity", "Harmony"),
    ("rhythmic_diversity", "Rhythm"),
    ("melodic_diversity", "Melody"),
    ("genre_diversity", "Genres"),
    ("scale_diversity", "Scales"),
    ("arrangement_diversity", "Arrangement"),
)


def radar(breakdown: dict[str, float | None]) -> dict[str, Any]:
    """Polygon points and axis labels of the six diversities on a 0-100 radar."""
    centre = RADAR_SIZE / 2
    points, axes = [], []
    for index, (key, label) in enumerate(AXES):
        angle = -math.pi / 2 + index * 2 * math.pi / len(AXES)
        value = (breakdown.get(key) or 0) / 100
        points.append(
            f"{centre + RADAR_RADIUS * value * math.cos(angle):.1f},"
            f"{centre + RADAR_RADIUS * value * math.sin(angle):.1f}"
        )
        axes.append(
            {
                "x": round(centre + RADAR_RADIUS * math.cos(angle), 1),
                "y": round(centre + RADAR_RADIUS * math.sin(angle), 1),
                "lx": round(centre + (RADAR_RADIUS + 22) * math.cos(angle), 1),
                "ly": round(centre + (RADAR_RADIUS + 14) * math.sin(angle), 1),
                "label": label,
                "value": breakdown.get(key),
            }
        )
    rings = [
        " ".join(
            f"{centre + RADAR_RADIUS * r * math.cos(-math.pi / 2 + i * math.pi / 3):.1f},"
            f"{centre + RADAR_RADIUS * r * math.sin(-math.pi / 2 + i * math.pi / 3):.1f}"
            for i in range(6)
        )
        for r in (0.25, 0.5, 0.75, 1.0)
    ]
    return {"size": RADAR_SIZE, "centre": centre, "points": " ".join(points), "axes": axes, "rings": rings}


# Width of one character of the 10-unit chart labels, in viewBox units (a generous average).
LABEL_CHAR_WIDTH = 6.0


def _fitted(label: str, room: float) -> str:
    """``label`` in plain words, cut with an ellipsis to fit ``room`` viewBox units under its bar."""
    text = str(label).replace("_", " ")
    fits = max(1, int(room // LABEL_CHAR_WIDTH))
    return text if len(text) <= fits else text[: max(1, fits - 1)] + "…"


def bars(counts: list[tuple[str, int]], width: int = 300, height: int = 120) -> dict[str, Any]:
    """Bar-chart geometry for (label, count) pairs; each label centred under its bar and cut to fit it."""
    top = max((c for _, c in counts), default=0) or 1
    step = width / max(1, len(counts))
    items = [
        {
            "label": str(label).replace("_", " "),
            "short": _fitted(label, step - 2),
            "cx": round(i * step + step / 2, 1),
            "count": count,
            "x": round(i * step + 2, 1),
            "w": round(max(2.0, step - 4), 1),
            "h": round(count / top * (height - 20), 1),
            "y": round(height - 16 - count / top * (height - 20), 1),
        }
        for i, (label, count) in enumerate(counts)
    ]
    return {"width": width, "height": height, "bars": items}


# The creativity trend's values (insights.creativity) in words: "insufficient_data" showed as "insufficientdata".
TREND_WORDS = {
    "improving": "improving",
    "stable": "steady",
    "declining": "declining",
    "insufficient_data": "too early to tell (six ideas needed)",
}


def dashboard_context(*, user: User) -> dict[str, Any]:
    """Everything the dashboard draws; counted in the database, no music is read."""
    profile = producer_profile_get(user=user)
    genres, bpm_buckets = material_counts(user=user)
    activity = analytics_summary(user=user)
    return {
        "dna": profile.dna,
        "creativity": profile.creativity,
        "trend": TREND_WORDS.get(str(profile.creativity.get("growth_trend")), "too early to tell"),
        "radar": radar(profile.creativity.get("breakdown") or {}),
        "genre_chart": bars(genres),
        "bpm_chart": bars(sorted(bpm_buckets.items(), key=lambda kv: int(kv[0]))),
        "activity_chart": bars([(d["date"][5:], d["count"]) for d in activity["by_day"]], width=600),
        "activity": activity,
        "recent": Generation.objects.filter(owner=user)
        .only("tool", "genre", "key", "scale", "status", "created_at")
        .order_by("-created_at")[:8],
    }
