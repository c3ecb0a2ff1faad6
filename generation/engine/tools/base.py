"""What every tool declaration is made of: :class:`Tool`, the shared parameters and small helpers.

A tool is declared once, in its own module of this package, as ``TOOL = Tool(...)``: its name,
a human label, a one-line summary, its parameters (:class:`~generation.engine.params.Param`) and
its handler. The package's ``__init__`` collects them into one catalogue that the API, the studio
form and the CLI all read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import limits
from ..genres import GENRE_NAMES
from ..moods import MOODS
from ..params import Param
from ..theory import SCALES, Key, parse_key

# What a person reads beside each parameter (forms, error messages); the API keeps the names.
PARAM_LABELS = {
    "bpm": "Tempo (BPM)",
    "genre": "Genre",
    "genre1": "First genre",
    "genre2": "Second genre",
    "key": "Key",
    "scale": "Scale or mode",
    "mood": "Mood",
    "energy": "Energy",
    "complexity": "Complexity",
    "humanization": "Human feel",
    "note_density": "Note density",
    "melody_length": "Length (bars)",
    "length": "Length (bars)",
    "octave_range": "Range (octaves)",
    "pattern": "Pattern",
    "chord": "Chord (semitones)",
    "rate": "Step length (beats)",
    "gate": "Note length (share of a step)",
    "use_inversions": "Use inversions",
    "voice_leading": "Smooth voice leading",
    "style": "Style",
    "swing": "Swing",
    "weight": "Blend",
    "emotion": "Emotion",
    "intensity": "Intensity",
    "main_melody": "Melody to answer",
    "original": "Source",
    "variation_type": "Variation",
    "habits": "Habits",
}

# A result's ``type`` as a title ("drum_pattern" -> "Drum pattern").
RESULT_LABELS = {
    "melody": "Melody",
    "chord_progression": "Chord progression",
    "bassline": "Bassline",
    "drum_pattern": "Drum pattern",
    "arpeggio": "Arpeggio",
    "counter_melody": "Counter-melody",
    "arrangement": "Arrangement",
    "genre_fusion": "Genre fusion",
    "emotion": "Emotion",
    "surprise_me": "Surprise idea",
    "extreme_inspiration": "Extreme inspiration",
    "variation": "Variation",
    "merge": "Merged idea",
    "track": "Full track",
}


def param_label(name: str) -> str:
    return PARAM_LABELS.get(name) or name.replace("_", " ").capitalize()


def result_label(result_type: str) -> str:
    return RESULT_LABELS.get(result_type) or result_type.replace("_", " ").capitalize()


Progress = Callable[[int, str], None]
Handler = Callable[[dict[str, Any], int, "Progress | None"], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Tool:
    """One co-producer tool: how it is named, what it takes and what makes its result."""

    name: str
    label: str
    summary: str
    params: tuple[Param, ...]
    handler: Handler

    @property
    def slug(self) -> str:
        """The tool's name in URLs and on the command line (``counter-melody``)."""
        return self.name.replace("_", "-")

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "slug": self.slug,
            "label": self.label,
            "summary": self.summary,
            "params": [p.to_dict() | {"label": param_label(p.name)} for p in self.params],
        }


def genre_param(default: str | None = "trap", name: str = "genre", required: bool = False) -> Param:
    return Param(name, "str", default, choices=GENRE_NAMES, required=required, help="Genre profile")


def bars_param(name: str, default: int, help_text: str = "Length in bars") -> Param:
    return Param(name, "int", default, 1, limits.MAX_TOOL_BARS, help=help_text)


KEY = Param("key", "str", None, help="Tonic: C, C#, Db... (C_minor / Cm also set the scale); default C")
SCALE = Param("scale", "str", None, choices=tuple(SCALES), help="Scale or mode; default: the genre's usual one")
BPM = Param("bpm", "int", None, 40, 240, help="Tempo; default: the genre's")
MOOD = Param("mood", "str", "neutral", choices=MOODS, help="Steers progression, register and dynamics")
ENERGY = Param("energy", "level", 0.6, help="low, medium, high or 0-1")
COMPLEXITY = Param("complexity", "float", 0.5, 0, 1, help="Extensions, rhythmic detail, leaps")


def notify(progress: Progress | None, percent: int, stage: str) -> None:
    if progress is not None:
        progress(percent, stage)


def key_of(params: dict[str, Any]) -> Key:
    """The validated ``key`` and ``scale`` parameters as a :class:`Key` (C major when absent)."""
    return parse_key(params.get("key") or "C", params.get("scale") or "major")


def optional_key(params: dict[str, Any]) -> Key | None:
    return parse_key(params["key"]) if params.get("key") else None


def level_name(value: float) -> str | float:
    """``0.3``/``0.6``/``0.9`` back to ``low``/``medium``/``high`` (other numbers as they are)."""
    for name, level in (("low", 0.3), ("medium", 0.6), ("high", 0.9)):
        if abs(value - level) < 1e-9:
            return name
    return value
