"""Emotions: emotion + intensity -> valence/arousal -> mode, tempo, register, density, dynamics
and genre -> a full idea.
"""

from __future__ import annotations

import random
from typing import Any

from .errors import EngineParameterError
from .genres import GENRES
from .ideas import compose_idea
from .theory import Key
from .types import Composition, Note

# (valence, arousal) in [0, 1]: Russell's circumplex, placed by ear.
EMOTIONS: dict[str, tuple[float, float]] = {
    "joy": (0.9, 0.7),
    "happiness": (0.85, 0.6),
    "hope": (0.72, 0.5),
    "love": (0.78, 0.4),
    "calm": (0.65, 0.15),
    "peace": (0.7, 0.1),
    "nostalgia": (0.4, 0.3),
    "sadness": (0.15, 0.25),
    "melancholy": (0.25, 0.3),
    "loneliness": (0.2, 0.2),
    "anger": (0.12, 0.9),
    "fear": (0.18, 0.75),
    "tension": (0.3, 0.7),
    "excitement": (0.85, 0.9),
    "triumph": (0.82, 0.85),
    "mystery": (0.38, 0.45),
    "euphoria": (0.95, 0.95),
    "confidence": (0.75, 0.7),
    "heartbreak": (0.1, 0.45),
    "serenity": (0.75, 0.12),
}


def emotion_mapping(emotion: str, intensity: float) -> dict[str, Any]:
    """Valence/arousal (pulled away from neutral by ``intensity``) and the musical choices they make."""
    if emotion not in EMOTIONS:
        raise EngineParameterError.choice("emotion", emotion, EMOTIONS)
    base_valence, base_arousal = EMOTIONS[emotion]
    strength = 0.4 + 0.6 * max(0.0, min(1.0, intensity))
    valence = 0.5 + (base_valence - 0.5) * strength
    arousal = 0.5 + (base_arousal - 0.5) * strength
    if valence >= 0.75 and arousal < 0.5:
        scale = "lydian"
    elif valence >= 0.58:
        scale = "major"
    elif valence >= 0.45:
        scale = "dorian" if arousal < 0.6 else "mixolydian"
    elif valence < 0.25 and arousal > 0.65:
        scale = "phrygian"
    elif valence < 0.3:
        scale = "harmonic_minor" if arousal > 0.5 else "minor"
    else:
        scale = "minor"
    if arousal >= 0.6:
        genre = "edm" if valence >= 0.6 else ("drill" if valence < 0.3 else "trap" if valence < 0.45 else "pop")
    else:
        genre = (
            ("ambient" if arousal < 0.25 else "lofi")
            if valence >= 0.5
            else ("cinematic" if arousal >= 0.35 else "ambient")
        )
    profile = GENRES[genre]
    bpm = round(max(profile.bpm_range[0], min(profile.bpm_range[1], 60 + 110 * arousal)))
    return {
        "emotion": emotion,
        "intensity": intensity,
        "valence": round(valence, 3),
        "arousal": round(arousal, 3),
        "scale": scale,
        "genre": genre,
        "bpm": bpm,
        "register_shift": round((valence - 0.5) * 8),
        "note_density": round(0.25 + 0.6 * arousal, 3),
        "energy": round(arousal, 3),
        "mood": "happy" if valence > 0.6 else ("dark" if valence < 0.4 else "neutral"),
    }


def emotion_idea(
    *, emotion: str, intensity: float, key: Key | None, bars: int, seed: int
) -> tuple[Composition, dict[str, Any]]:
    mapping = emotion_mapping(emotion, intensity)
    rng = random.Random(seed)
    key = Key(key.tonic if key else rng.randrange(12), mapping["scale"])
    idea = compose_idea(
        key=key,
        genre=mapping["genre"],
        bpm=mapping["bpm"],
        bars=bars,
        seed=seed,
        mood=mapping["mood"],
        energy=mapping["energy"],
        complexity=0.3 + 0.4 * mapping["arousal"],
    )
    shift = mapping["register_shift"]
    melody = idea.part("melody")
    if melody is not None and shift:
        melody.notes = [Note(key.snap(n.pitch + shift), n.start, n.duration, n.velocity) for n in melody.notes]
    return idea, mapping
