"""Song arrangements: sections whose bars add up to the requested length at the tempo.

A genre family gives the section order and relative sizes (electronic music builds to drops,
hip-hop alternates verses and hooks, songs have verse / pre-chorus / chorus / bridge). The total
is ``round(length_seconds * bpm / 240)`` bars of 4/4 (so the song is within half a bar of the
requested length); sections are scaled to it in whole multiples of four bars (two for short songs), and what rounding
leaves over goes to (or comes from) the longest sections. Each section carries an energy on the
song's energy curve and the parts that play in it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .genres import GenreProfile, get_genre
from .types import Section

FAMILIES: dict[str, tuple[tuple[str, int], ...]] = {
    "electronic": (
        ("intro", 8),
        ("verse", 8),
        ("pre_chorus", 8),
        ("drop", 16),
        ("bridge", 8),
        ("pre_chorus", 8),
        ("drop", 16),
        ("outro", 8),
    ),
    "hiphop": (
        ("intro", 4),
        ("verse", 16),
        ("chorus", 8),
        ("verse", 16),
        ("chorus", 8),
        ("bridge", 8),
        ("chorus", 8),
        ("outro", 4),
    ),
    "song": (
        ("intro", 8),
        ("verse", 16),
        ("pre_chorus", 8),
        ("chorus", 16),
        ("verse", 16),
        ("pre_chorus", 8),
        ("chorus", 16),
        ("bridge", 8),
        ("chorus", 16),
        ("outro", 8),
    ),
    "through": (("intro", 8), ("verse", 16), ("chorus", 16), ("bridge", 8), ("chorus", 16), ("outro", 8)),
}
GENRE_FAMILY = {
    "house": "electronic",
    "techno": "electronic",
    "edm": "electronic",
    "amapiano": "electronic",
    "trap": "hiphop",
    "drill": "hiphop",
    "boom_bap": "hiphop",
    "pop": "song",
    "rock": "song",
    "rnb": "song",
    "synthwave": "song",
    "reggaeton": "song",
    "afrobeat": "song",
    "lofi": "through",
    "jazz": "through",
    "ambient": "through",
    "cinematic": "through",
}
SECTION_ENERGY = {
    "intro": 0.3,
    "verse": 0.55,
    "pre_chorus": 0.7,
    "chorus": 0.9,
    "drop": 1.0,
    "bridge": 0.45,
    "outro": 0.25,
}
SECTION_PARTS = {
    "intro": ("chords", "pad"),
    "verse": ("drums", "bass", "chords", "melody"),
    "pre_chorus": ("drums", "bass", "chords", "arp"),
    "chorus": ("drums", "bass", "chords", "melody", "arp", "counter_melody"),
    "drop": ("drums", "bass", "melody", "arp", "chords"),
    "bridge": ("chords", "melody", "pad"),
    "outro": ("chords", "drums"),
}
MIN_SECONDS, MAX_SECONDS = 10, 600


@dataclass(slots=True)
class Arrangement:
    bpm: float
    sections: list[Section] = field(default_factory=list)

    @property
    def total_bars(self) -> int:
        return sum(s.bars for s in self.sections)

    @property
    def duration_seconds(self) -> float:
        return self.total_bars * 240.0 / self.bpm

    def to_dict(self) -> dict[str, Any]:
        return {
            "bpm": self.bpm,
            "total_bars": self.total_bars,
            "duration_seconds": round(self.duration_seconds, 2),
            "sections": [s.to_dict() for s in self.sections],
            "energy_curve": [round(s.energy, 3) for s in self.sections],
        }


def fit_bars(template: list[tuple[str, int]], target: int) -> list[tuple[str, int]]:
    """Scale the template's bar counts to sum to exactly ``target`` bars."""
    if target <= 0:
        return []
    total = sum(bars for _, bars in template)
    # Too short for every section: keep the essential ones (intro, the first hook, outro).
    while len(template) > 2 and target < 2 * len(template):
        hooks = [i for i, (name, _) in enumerate(template) if name in ("chorus", "drop")]
        drop_index = next((i for i in range(len(template) - 2, 0, -1) if i not in hooks[:1]), None)
        if drop_index is None:
            break
        template = template[:drop_index] + template[drop_index + 1 :]
        total = sum(bars for _, bars in template)
    # Phrases of four bars where the length allows, of two otherwise.
    quantum = 4 if target >= 4 * len(template) else 2
    scaled = [(name, max(1, quantum * round(bars * target / total / quantum))) for name, bars in template]
    difference = target - sum(b for _, b in scaled)
    order = sorted(range(len(scaled)), key=lambda i: -scaled[i][1])
    i = 0
    while difference != 0 and order:
        index = order[i % len(order)]
        name, bars = scaled[index]
        step = quantum if abs(difference) >= quantum else (2 if abs(difference) >= 2 else 1)
        step = step if difference > 0 else -step
        if bars + step >= 1:
            scaled[index] = (name, bars + step)
            difference -= step
        i += 1
        if i > 10 * len(order) + 100:
            break
    return scaled


def compose_arrangement(
    *,
    genre: str | GenreProfile,
    mood: str = "neutral",
    energy: float = 0.6,
    length_seconds: float = 180,
    bpm: float | None = None,
    seed: int,
) -> Arrangement:
    """Sections for a song of ``length_seconds`` at ``bpm`` (default: near the genre's tempo)."""
    profile = get_genre(genre)
    rng = random.Random(seed)
    if bpm is None:
        low, high = profile.bpm_range
        bpm = float(max(low, min(high, profile.default_bpm + rng.randint(-4, 4))))
    target = max(1, round(length_seconds * bpm / 240))
    template = list(FAMILIES[GENRE_FAMILY.get(profile.name, "song")])
    sections: list[Section] = []
    start = 0
    scale = 0.6 + 0.4 * energy
    for name, bars in fit_bars(template, target):
        level = min(1.0, SECTION_ENERGY[name] * scale + rng.uniform(-0.03, 0.03))
        parts = list(SECTION_PARTS[name])
        if name == "verse" and level < 0.45:
            parts.remove("drums")
        sections.append(Section(name=name, start_bar=start, bars=bars, energy=max(0.05, level), parts=parts))
        start += bars
    return Arrangement(bpm=float(bpm), sections=sections)
