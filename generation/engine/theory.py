"""Keys, scales and modes: parsing what users type and the pitches a scale allows.

Pure data and arithmetic on pitch classes (0 = C ... 11 = B). Chord building, roman
numerals and voice leading live in :mod:`generation.engine.harmony`, which builds on this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import EngineParameterError

# Semitone steps above the tonic for every scale the engine accepts.
SCALES: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "harmonic_minor": (0, 2, 3, 5, 7, 8, 11),
    "melodic_minor": (0, 2, 3, 5, 7, 9, 11),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
    "major_pentatonic": (0, 2, 4, 7, 9),
    "minor_pentatonic": (0, 3, 5, 7, 10),
    "blues": (0, 3, 5, 6, 7, 10),
}

# Other spellings users send for the same scale.
SCALE_ALIASES: dict[str, str] = {
    "ionian": "major",
    "aeolian": "minor",
    "natural_minor": "minor",
    "maj": "major",
    "min": "minor",
    "pentatonic": "major_pentatonic",
    "pentatonic_major": "major_pentatonic",
    "pentatonic_minor": "minor_pentatonic",
}

# The seven-note scale whose chords a five/six-note scale borrows for harmony.
PARENT_SCALE: dict[str, str] = {
    "major_pentatonic": "major",
    "minor_pentatonic": "minor",
    "blues": "minor",
}

MINOR_LIKE = frozenset(
    {"minor", "harmonic_minor", "melodic_minor", "dorian", "phrygian", "locrian", "minor_pentatonic", "blues"}
)

_SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_FLAT_NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
_LETTER_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
# Keys conventionally written with flats (as tonic of a major or minor key).
_FLAT_TONICS = frozenset({5, 10, 3, 8, 1, 6})

KEY_NAMES: tuple[str, ...] = tuple(sorted(set(_SHARP_NAMES) | set(_FLAT_NAMES)))
# Longest key text accepted ("F# harmonic minor" is 17); checked before any parsing.
MAX_KEY_LENGTH = 32
_ACCIDENTALS = frozenset("#♯b♭")


@dataclass(frozen=True, slots=True)
class Key:
    """A tonic pitch class with a scale, e.g. ``Key(0, "minor")`` for C minor."""

    tonic: int
    scale: str

    @property
    def intervals(self) -> tuple[int, ...]:
        return SCALES[self.scale]

    @property
    def pitch_classes(self) -> tuple[int, ...]:
        return tuple((self.tonic + step) % 12 for step in self.intervals)

    @property
    def is_minor(self) -> bool:
        return self.scale in MINOR_LIKE

    @property
    def prefers_flats(self) -> bool:
        """Whether the key signature is written with flats (C minor, F major, D dorian: yes)."""
        return _parent_major_tonic(self) in _FLAT_TONICS

    @property
    def tonic_name(self) -> str:
        return pitch_class_name(self.tonic, prefer_flats=self.prefers_flats)

    def spell(self, pitch_class: int) -> str:
        """A pitch class spelled as this key's signature would (Ab in C minor, G# in A major)."""
        return pitch_class_name(pitch_class, prefer_flats=self.prefers_flats)

    @property
    def name(self) -> str:
        """E.g. ``"C minor"``."""
        return f"{self.tonic_name} {self.scale.replace('_', ' ')}"

    def contains(self, pitch: int) -> bool:
        """Whether a MIDI pitch (or pitch class) belongs to the scale."""
        return (pitch - self.tonic) % 12 in self.intervals

    def degree_pitch(self, degree: int, octave_base: int = 60) -> int:
        """MIDI pitch of scale ``degree`` (0 = tonic; may be negative or above the scale length).

        ``octave_base`` is the MIDI number of the octave's C in which degree 0 falls.
        """
        steps = len(self.intervals)
        octave, index = divmod(degree, steps)
        return octave_base + self.tonic + self.intervals[index] + 12 * octave

    def scale_pitches(self, low: int, high: int) -> list[int]:
        """Every MIDI pitch of the scale in ``[low, high]``, ascending."""
        return [p for p in range(max(0, low), min(127, high) + 1) if self.contains(p)]

    def snap(self, pitch: int) -> int:
        """The nearest scale pitch (ties resolve downwards)."""
        for delta in (0, -1, 1, -2, 2):
            if self.contains(pitch + delta):
                return pitch + delta
        return pitch


_MAJOR = (0, 2, 4, 5, 7, 9, 11)


def _parent_major_tonic(key: Key) -> int:
    """The major key sharing this key's signature (C major for A minor and D dorian)."""
    scale = key.scale
    if scale in ("harmonic_minor", "melodic_minor", "minor_pentatonic", "blues"):
        scale = "minor"
    elif scale == "major_pentatonic":
        scale = "major"
    pcs = {(key.tonic + step) % 12 for step in SCALES[scale]}
    for candidate in range(12):
        if {(candidate + step) % 12 for step in _MAJOR} == pcs:
            return candidate
    return key.tonic


def pitch_class_name(pitch_class: int, prefer_flats: bool = False) -> str:
    """``1 -> "C#"`` (or ``"Db"`` with ``prefer_flats``)."""
    names = _FLAT_NAMES if prefer_flats else _SHARP_NAMES
    return names[pitch_class % 12]


def parse_scale(value: str) -> str:
    """Normalise a scale name (``"Harmonic Minor"`` -> ``"harmonic_minor"``).

    Raises :class:`EngineParameterError` listing the valid scales.
    """
    if not isinstance(value, str) or len(value) > MAX_KEY_LENGTH:
        raise EngineParameterError.choice("scale", value, SCALES)
    name = re.sub(r"[\s-]+", "_", value.strip().lower())
    name = SCALE_ALIASES.get(name, name)
    if name not in SCALES:
        raise EngineParameterError.choice("scale", value, SCALES)
    return name


def parse_key(value: str, scale: str | None = None, parameter: str = "key") -> Key:
    """Parse ``C``, ``C#``, ``Db``, ``c#``, ``C_minor``, ``Cm``, ``F# dorian``, ``Bbmaj``.

    A scale written in the key (``C_minor``, ``Cm``) wins over ``scale``; with neither,
    the key is major. Raises :class:`EngineParameterError` listing the valid keys.
    """
    if not isinstance(value, str) or len(value) > MAX_KEY_LENGTH:
        raise EngineParameterError.choice(parameter, value, KEY_NAMES)
    # A hand-written scan rather than a regex: one pass over at most MAX_KEY_LENGTH characters,
    # so no input can make parsing backtrack (a `\s*...(.*)` pattern was quadratic on spaces).
    text = value.strip()
    if not text or text[0].upper() not in _LETTER_PC:
        raise EngineParameterError.choice(parameter, value, KEY_NAMES)
    letter = text[0].upper()
    accidental = text[1] if len(text) > 1 and text[1] in _ACCIDENTALS else ""
    rest = text[1 + len(accidental) :].lstrip()
    if rest[:1] in ("_", "-"):
        rest = rest[1:]
    rest = rest.strip()
    pitch_class = _LETTER_PC[letter]
    if accidental in ("#", "♯"):
        pitch_class += 1
    elif accidental in ("b", "♭"):
        pitch_class -= 1
    pitch_class %= 12
    key_scale: str | None
    if rest in ("m", "min", "minor"):
        key_scale = "minor"
    elif rest in ("", "M"):
        key_scale = None
    else:
        try:
            key_scale = parse_scale(rest)
        except EngineParameterError:
            raise EngineParameterError.choice(parameter, value, KEY_NAMES) from None
    resolved = key_scale or (parse_scale(scale) if scale else "major")
    return Key(pitch_class, resolved)
