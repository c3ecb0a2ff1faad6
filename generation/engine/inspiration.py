"""Surprise me (random but coherent parameters) and extreme inspiration (parameters deliberately
far from a producer's habits, with the habits it breaks).
"""

from __future__ import annotations

import random
from typing import Any

from .errors import EngineParameterError
from .genres import GENRES, GenreProfile
from .theory import SCALES, Key, parse_key, pitch_class_name

# The fields of a producer's habits (their Producer DNA) and how many entries each may hold.
HABIT_FIELDS = ("favorite_genres", "favorite_bpms", "favorite_scales", "favorite_keys")
MAX_HABIT_ITEMS = 20


def surprise_parameters(rng: random.Random) -> dict[str, Any]:
    """Random but coherent: the genre decides the tempo range, the typical scales and the mood pool."""
    profile = GENRES[rng.choice(sorted(GENRES))]
    scale = rng.choice(profile.scales)
    dark = scale in ("minor", "harmonic_minor", "phrygian", "dorian")
    mood = rng.choice(
        ("dark", "mysterious", "emotional", "tense") if dark else ("happy", "uplifting", "chill", "dreamy")
    )
    return {
        "genre": profile.name,
        "key": Key(rng.randrange(12), scale).tonic_name,
        "scale": scale,
        "bpm": rng.randint(*profile.bpm_range),
        "mood": mood,
        "energy": round(rng.uniform(0.35, 0.95), 2),
        "complexity": round(rng.uniform(0.3, 0.8), 2),
    }


def _genre_features(profile: GenreProfile) -> tuple[float, float, float, float]:
    return (sum(profile.bpm_range) / 2 / 200, profile.energy, profile.swing, profile.seventh_chords)


def extreme_parameters(habits: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Parameters far from ``habits`` (favourite genres, bpms, scales, keys) and the habits they break."""
    favorite_genres = [g for g in habits.get("favorite_genres") or [] if g in GENRES]
    favorite_bpms = [float(b) for b in habits.get("favorite_bpms") or [] if isinstance(b, (int, float))]
    favorite_scales = [s for s in habits.get("favorite_scales") or [] if s in SCALES]
    favorite_keys = [k for k in habits.get("favorite_keys") or [] if isinstance(k, str)]
    broken: list[str] = []
    candidates = [g for g in GENRES if g not in favorite_genres]
    if favorite_genres:
        centres = [_genre_features(GENRES[g]) for g in favorite_genres]

        def distance(name: str) -> float:
            f = _genre_features(GENRES[name])
            return min(sum((a - b) ** 2 for a, b in zip(f, c, strict=True)) for c in centres)

        ranked = sorted(candidates, key=distance, reverse=True)
        genre = rng.choice(ranked[:3])
        broken.append(f"genre: {genre} instead of your usual {', '.join(favorite_genres[:3])}")
    else:
        genre = rng.choice(candidates)
    profile = GENRES[genre]
    low, high = profile.bpm_range
    if favorite_bpms:
        usual = sum(favorite_bpms) / len(favorite_bpms)
        bpm = low if abs(low - usual) > abs(high - usual) else high
        broken.append(f"tempo: {bpm} BPM against your usual ~{round(usual)}")
    else:
        bpm = rng.randint(low, high)
    exotic = [
        s
        for s in ("phrygian", "lydian", "locrian", "harmonic_minor", "melodic_minor", "mixolydian", "dorian", "blues")
        if s not in favorite_scales
    ]
    scale = rng.choice(exotic[:4] or exotic or ["lydian"])
    if favorite_scales:
        broken.append(f"scale: {scale} instead of {', '.join(favorite_scales[:3])}")
    usual_key = None
    for name in favorite_keys:
        try:
            usual_key = parse_key(name).tonic
            break
        except EngineParameterError:
            continue
    tonic = (usual_key + 6) % 12 if usual_key is not None else rng.randrange(12)
    if usual_key is not None:
        broken.append(f"key: {pitch_class_name(tonic)} (a tritone from your usual {pitch_class_name(usual_key)})")
    if not broken:
        broken.append("no habits yet: a wild card from outside the usual genres and scales")
    return {
        "genre": genre,
        "bpm": bpm,
        "scale": scale,
        "key": pitch_class_name(tonic),
        "habits_broken": broken,
        "complexity": round(rng.uniform(0.6, 0.9), 2),
        "energy": round(rng.uniform(0.3, 0.95), 2),
    }
