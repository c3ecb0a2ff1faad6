"""The small piano roll drawn on each vault card: computed once from an idea's music, stored with it."""

from __future__ import annotations

from typing import Any

THUMB_WIDTH, THUMB_HEIGHT = 240, 60
COLORS = {
    "melody": "#a78bfa",
    "chords": "#60a5fa",
    "bass": "#f59e0b",
    "drums": "#f472b6",
    "arp": "#34d399",
    "counter_melody": "#fb7185",
    "pad": "#93c5fd",
    "vocals": "#fde047",
}


# A thumbnail draws at most this many notes per part: enough to see the shape of the idea.
THUMB_NOTES_PER_PART = 400


def idea_thumbnail(*, data: dict[str, Any]) -> list[dict[str, str]]:
    """A small piano roll of ``data``: one SVG path (a rectangle per note) and colour per part.

    Computed once when the idea is saved and stored with it, so the vault page draws its cards
    without reading any idea's music.
    """
    parts = [p for p in data.get("parts") or [] if isinstance(p, dict) and p.get("notes")]
    beats = max(4.0, float(data.get("bars") or 1) * 4)
    pitched = [n["note"] for p in parts if not p.get("is_drum") for n in p["notes"][:THUMB_NOTES_PER_PART]]
    low, high = (min(pitched) - 1, max(pitched) + 1) if pitched else (48, 72)
    # A drum idea alone gets the whole card, one lane per drum (kick at the bottom); beside pitched
    # parts its hits stay a strip along the bottom edge.
    drum_keys = sorted({n["note"] for p in parts if p.get("is_drum") for n in p["notes"][:THUMB_NOTES_PER_PART]})
    lane = (THUMB_HEIGHT - 4) / max(1, len(drum_keys))
    paths = []
    for part in parts:
        segments = []
        for note in part["notes"][:THUMB_NOTES_PER_PART]:
            x = note["start_time"] / beats * THUMB_WIDTH
            w = max(1.0, note["duration"] / beats * THUMB_WIDTH)
            if part.get("is_drum") and not pitched:
                y, h = THUMB_HEIGHT - 2 - (drum_keys.index(note["note"]) + 1) * lane, min(lane * 0.7, 6.0)
            elif part.get("is_drum"):
                y, h = THUMB_HEIGHT - 4, 3.0
            else:
                y, h = (1 - (note["note"] - low) / max(1, high - low)) * (THUMB_HEIGHT - 8), 2.5
            segments.append(f"M{x:.1f} {y:.1f}h{w:.1f}v{h}h{-w:.1f}z")
        paths.append({"d": "".join(segments), "color": COLORS.get(str(part.get("name")), "#e5e7eb")})
    return paths
