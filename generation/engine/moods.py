"""The moods a producer can ask for; each steers progression, register and dynamics."""

from __future__ import annotations

MOODS = (
    "neutral",
    "dark",
    "sad",
    "melancholic",
    "aggressive",
    "tense",
    "mysterious",
    "emotional",
    "nostalgic",
    "happy",
    "uplifting",
    "euphoric",
    "hopeful",
    "energetic",
    "romantic",
    "chill",
    "calm",
    "dreamy",
    "confident",
)
