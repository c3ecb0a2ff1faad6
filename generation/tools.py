"""The co-producer tools as the Co-Prod API names them, mapped to the engine's tool names."""

from __future__ import annotations

# URL slug under /api/generate/ -> engine tool name (generation.engine.api.TOOLS)
TOOL_SLUGS: dict[str, str] = {
    "melody": "melody",
    "chords": "chords",
    "bassline": "bassline",
    "drums": "drums",
    "arpeggiator": "arpeggiator",
    "counter-melody": "counter_melody",
    "arrangement": "arrangement",
    "genre-fusion": "genre_fusion",
    "emotion": "emotion",
    "surprise-me": "surprise_me",
    "extreme-inspiration": "extreme_inspiration",
    "variations": "variations",
}

TOOL_LABELS: dict[str, str] = {
    "melody": "Melody",
    "chords": "Chord progression",
    "bassline": "Bassline",
    "drums": "Drum pattern",
    "arpeggiator": "Arpeggiator",
    "counter_melody": "Counter-melody",
    "arrangement": "Song arrangement",
    "genre_fusion": "Genre fusion",
    "emotion": "Emotion",
    "surprise_me": "Surprise me",
    "extreme_inspiration": "Extreme inspiration",
    "variations": "Variation",
}
