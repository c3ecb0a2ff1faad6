"""The engine's plain data: notes, chords, parts and compositions.

Everything the engine produces is made of these frozen/simple dataclasses, which
serialise to the JSON shapes of the Co-Prod API (``to_dict``). Times are in beats
(quarter notes) from the start of the idea; bars are 4/4 unless an idea says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BEATS_PER_BAR = 4
# The names the engine gives the parts it makes (a result's ``parts[].name``); a challenge's
# ``parts`` constraint names these, and a MIDI file's tracks are named after them by their role
# (:func:`generation.engine.roles.parts_named_by_role`).
PART_NAMES = ("melody", "chords", "bass", "drums", "arp", "counter_melody", "pad", "vocals")
# Parts that are lines (not chords, pads or drums), and which part carries an idea's line, in
# order of preference: the one definition of "the lead" (metrics, variations, a result's
# ``notes`` and the insights all ask :meth:`Composition.lead_part`).
MELODIC_PART_NAMES = ("melody", "vocals", "counter_melody", "arp")
LEAD_PART_NAMES = (*MELODIC_PART_NAMES, "bass")


@dataclass(frozen=True, slots=True)
class Note:
    """One note: MIDI ``pitch`` 0-127, ``start`` and ``duration`` in beats."""

    pitch: int
    start: float
    duration: float
    velocity: int = 100

    @property
    def end(self) -> float:
        return self.start + self.duration

    @property
    def octave(self) -> int:
        """Scientific octave (MIDI 60 = C4)."""
        return self.pitch // 12 - 1

    def to_dict(self) -> dict[str, Any]:
        """The Co-Prod API note shape."""
        return {
            "note": self.pitch,
            "velocity": self.velocity,
            "start_time": round(self.start, 4),
            "duration": round(self.duration, 4),
            "octave": self.octave,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        """Inverse of :meth:`to_dict` (``octave`` is derived, so it is ignored)."""
        return cls(
            pitch=int(data["note"]),
            start=float(data["start_time"]),
            duration=float(data["duration"]),
            velocity=int(data.get("velocity", 100)),
        )


@dataclass(frozen=True, slots=True)
class ChordEvent:
    """A chord held from ``start_bar`` for ``duration_bars``.

    ``pitches`` is the voiced chord as MIDI numbers (low to high), ``root`` the root's
    pitch class 0-11, ``roman_numeral`` relative to the key (``"i"``, ``"VI"``,
    ``"V7"``), ``symbol`` a lead-sheet name (``"Cm7"``).
    """

    pitches: tuple[int, ...]
    roman_numeral: str
    start_bar: float
    duration_bars: float
    root: int
    symbol: str

    def to_dict(self) -> dict[str, Any]:
        """The Co-Prod API progression entry shape (plus ``symbol`` and ``root``)."""
        return {
            "chord": list(self.pitches),
            "roman_numeral": self.roman_numeral,
            "start_bar": self.start_bar,
            "duration_bars": self.duration_bars,
            "symbol": self.symbol,
            "root": self.root,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChordEvent:
        pitches = tuple(int(p) for p in data["chord"])
        return cls(
            pitches=pitches,
            roman_numeral=str(data.get("roman_numeral", "")),
            start_bar=float(data["start_bar"]),
            duration_bars=float(data["duration_bars"]),
            root=int(data.get("root", min(pitches) % 12 if pitches else 0)),
            symbol=str(data.get("symbol", "")),
        )


@dataclass(slots=True)
class Part:
    """One instrument's line: a named track with a General MIDI program.

    ``name`` is the part's role (``melody``, ``chords``, ``bass``, ``drums``, ``arp``,
    ``counter_melody``, ``vocals``...). Drum parts use General MIDI percussion keys and
    play on MIDI channel 10 (index 9).
    """

    name: str
    program: int
    notes: list[Note] = field(default_factory=list)
    is_drum: bool = False
    # Beats at which a note glides (slides) into the next one, e.g. an 808's portamento.
    glides: list[float] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "program": self.program,
            "is_drum": self.is_drum,
            "notes": [n.to_dict() for n in self.notes],
        }
        if self.glides:
            data["glides"] = list(self.glides)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Part:
        return cls(
            name=str(data["name"]),
            program=int(data.get("program", 0)),
            notes=[Note.from_dict(n) for n in data.get("notes", [])],
            is_drum=bool(data.get("is_drum", False)),
            glides=[float(g) for g in data.get("glides", [])],
        )


@dataclass(slots=True)
class Section:
    """A song section (``intro``, ``verse``, ``chorus``...) spanning ``bars`` from ``start_bar``."""

    name: str
    start_bar: int
    bars: int
    energy: float
    parts: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "start_bar": self.start_bar,
            "bars": self.bars,
            "energy": round(self.energy, 3),
            "parts": list(self.parts),
        }


@dataclass(slots=True)
class Composition:
    """A piece of music: one or more parts sharing key, tempo and (optionally) chords.

    What every tool makes and every writer reads. (The vault saves compositions as *ideas*:
    ``vault.models.Idea``.)
    """

    bpm: float
    tonic: int
    scale: str
    bars: int
    parts: list[Part] = field(default_factory=list)
    chords: list[ChordEvent] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    genre: str | None = None
    time_signature: tuple[int, int] = (4, 4)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def beats_per_bar(self) -> float:
        """Quarter-note beats in one bar of the idea's metre (3.0 in 3/4, 3.0 in 6/8)."""
        return self.time_signature[0] * 4 / self.time_signature[1]

    @property
    def total_beats(self) -> float:
        return float(self.bars * self.beats_per_bar)

    @property
    def duration_seconds(self) -> float:
        return self.total_beats * 60.0 / self.bpm

    def part(self, name: str) -> Part | None:
        """The first part called ``name``, or ``None``."""
        return next((p for p in self.parts if p.name == name), None)

    def lead_part(self) -> Part | None:
        """The part that carries the idea's line (see :data:`LEAD_PART_NAMES`), or ``None``.

        Chords, pads and drums are never the lead: an idea made only of them has no melodic line.
        """
        for name in LEAD_PART_NAMES:
            part = self.part(name)
            if part is not None and part.notes:
                return part
        return None
