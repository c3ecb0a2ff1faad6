"""Challenge constraints: their data, and parsing them from what staff or the API give (bounded)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..boundary import notes_from_data, short_name
from ..errors import EngineParameterError
from ..genres import get_genre
from ..harmony import chord_from_figure
from ..limits import MAX_IDEA_BARS, MAX_IDEA_BPM, MIN_IDEA_BPM
from ..theory import Key, parse_key
from ..types import PART_NAMES, Note

CONSTRAINT_NAMES = ("genre", "bpm", "key", "parts", "bars", "progression", "motif")
PART_ALIASES = {
    "bassline": "bass",
    "808": "bass",
    "chord": "chords",
    "drum": "drums",
    "arpeggio": "arp",
    "arpeggiator": "arp",
    "counter": "counter_melody",
    "countermelody": "counter_melody",
    "counter-melody": "counter_melody",
    "lead": "melody",
    "vocal": "vocals",
}
IN_SCALE_MIN = 0.85
MAX_PROGRESSION_CHORDS = 16
MAX_MOTIF_NOTES = 16
DEFAULT_RHYTHM_TOLERANCE = 0.25
# Chord lengths searched for a progression, in half-bar slots: half a bar, a bar, two bars.
PROGRESSION_WIDTHS = (2, 1, 4)


@dataclass(frozen=True, slots=True)
class ChallengeConstraints:
    """What a challenge asks for; ``None`` or empty means the constraint is not set."""

    genre: str | None = None
    bpm_min: float | None = None
    bpm_max: float | None = None
    key: Key | None = None
    parts: tuple[str, ...] = ()
    bars_min: int | None = None
    bars_max: int | None = None
    progression: tuple[str, ...] = ()
    motif: tuple[Note, ...] = ()
    rhythm_tolerance: float = DEFAULT_RHYTHM_TOLERANCE

    def to_data(self) -> dict[str, Any]:
        """The canonical JSON shape (the input of :func:`constraints_from_data`), set constraints only."""
        data: dict[str, Any] = {}
        if self.genre:
            data["genre"] = self.genre
        if self.bpm_min is not None or self.bpm_max is not None:
            data["bpm"] = {"min": self.bpm_min, "max": self.bpm_max}
        if self.key is not None:
            data["key"] = self.key.name
        if self.parts:
            data["parts"] = list(self.parts)
        if self.bars_min is not None or self.bars_max is not None:
            data["bars"] = {"min": self.bars_min, "max": self.bars_max}
        if self.progression:
            data["progression"] = list(self.progression)
        if self.motif:
            data["motif"] = {"notes": [n.to_dict() for n in self.motif], "rhythm_tolerance": self.rhythm_tolerance}
        return data

    def labels(self) -> list[tuple[str, str]]:
        """(constraint, checklist text) for each constraint set, in :data:`CONSTRAINT_NAMES` order."""
        labels = []
        if self.genre:
            labels.append(("genre", f"Genre: {self.genre}"))
        if self.bpm_min is not None or self.bpm_max is not None:
            labels.append(("bpm", f"Tempo: {range_text(self.bpm_min, self.bpm_max, 'BPM')}"))
        if self.key is not None:
            labels.append(("key", f"Key: {self.key.name}"))
        if self.parts:
            labels.append(("parts", f"Parts: {', '.join(self.parts)}"))
        if self.bars_min is not None or self.bars_max is not None:
            labels.append(("bars", f"Length: {range_text(self.bars_min, self.bars_max, 'bars')}"))
        if self.progression:
            labels.append(("progression", f"Chord progression: {' – '.join(self.progression)}"))
        if self.motif:
            labels.append(("motif", f"Motif: {len(self.motif)} notes, intervals {intervals_text(self.motif)}"))
        return labels


@dataclass(frozen=True, slots=True)
class ConstraintResult:
    name: str
    label: str
    passed: bool
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"constraint": self.name, "label": self.label, "passed": self.passed, "reason": self.reason}


def range_text(low: float | None, high: float | None, unit: str) -> str:
    if low is not None and high is not None:
        return f"{low:g}-{high:g} {unit}"
    return f"at least {low:g} {unit}" if low is not None else f"at most {high or 0:g} {unit}"


def intervals_text(notes: tuple[Note, ...] | list[Note]) -> str:
    return " ".join(f"{b.pitch - a.pitch:+d}" for a, b in zip(notes, notes[1:], strict=False))


def _number(value: Any, parameter: str, low: float, high: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise EngineParameterError.range(parameter, value, low, high)
    return float(value)


def _range(data: Any, parameter: str, low: float, high: float) -> tuple[float | None, float | None]:
    if not isinstance(data, dict) or not set(data) <= {"min", "max"}:
        raise EngineParameterError(parameter, data, "an object {min, max}")
    minimum = _number(data.get("min"), f"{parameter}.min", low, high)
    maximum = _number(data.get("max"), f"{parameter}.max", low, high)
    if (minimum is None and maximum is None) or (minimum is not None and maximum is not None and minimum > maximum):
        raise EngineParameterError(parameter, data, "a range with min <= max (one of them may be left out)")
    return minimum, maximum


def part_name(value: str) -> str:
    """A part name as the engine spells it (``"Bassline"`` -> ``"bass"``), or the text lower-cased."""
    text = value.strip().lower().replace(" ", "_")
    return PART_ALIASES.get(text, text)


def constraints_from_data(data: Any, parameter: str = "constraints") -> ChallengeConstraints:
    """Parse and check a challenge's constraints. Raises :class:`EngineParameterError` naming the field."""
    if not isinstance(data, dict):
        raise EngineParameterError(parameter, data, "an object of constraints")
    unknown = sorted(set(data) - set(CONSTRAINT_NAMES))
    if unknown:
        raise EngineParameterError.choice(f"{parameter}.{unknown[0]}", unknown[0], CONSTRAINT_NAMES)
    genre = None
    if data.get("genre") is not None:
        genre = get_genre(short_name(data["genre"], f"{parameter}.genre"), f"{parameter}.genre").name
    bpm_min, bpm_max = (
        _range(data["bpm"], f"{parameter}.bpm", MIN_IDEA_BPM, MAX_IDEA_BPM) if "bpm" in data else (None, None)
    )
    key = parse_key(data["key"], parameter=f"{parameter}.key") if data.get("key") is not None else None
    parts: tuple[str, ...] = ()
    if data.get("parts") is not None:
        raw = data["parts"]
        if not isinstance(raw, list) or not 0 < len(raw) <= len(PART_NAMES):
            raise EngineParameterError(f"{parameter}.parts", raw, f"a list of 1-{len(PART_NAMES)} part names")
        names = [part_name(str(short_name(p, f"{parameter}.parts"))) for p in raw]
        bad = [n for n in names if n not in PART_NAMES]
        if bad:
            raise EngineParameterError.choice(f"{parameter}.parts", bad[0], PART_NAMES)
        parts = tuple(dict.fromkeys(names))
    bars = _range(data["bars"], f"{parameter}.bars", 1, MAX_IDEA_BARS) if "bars" in data else (None, None)
    progression: tuple[str, ...] = ()
    if data.get("progression") is not None:
        raw = data["progression"]
        if key is None:
            raise EngineParameterError(
                f"{parameter}.progression", raw, "set together with a key (numerals are read in it)"
            )
        if not isinstance(raw, list) or not 0 < len(raw) <= MAX_PROGRESSION_CHORDS:
            raise EngineParameterError(
                f"{parameter}.progression", raw, f"a list of 1-{MAX_PROGRESSION_CHORDS} roman numerals"
            )
        for figure in raw:
            chord_from_figure(key, str(short_name(figure, f"{parameter}.progression")))
        progression = tuple(str(f).strip() for f in raw)
    motif: tuple[Note, ...] = ()
    tolerance = DEFAULT_RHYTHM_TOLERANCE
    if data.get("motif") is not None:
        raw = data["motif"]
        if not isinstance(raw, dict) or not set(raw) <= {"notes", "rhythm_tolerance"}:
            raise EngineParameterError(f"{parameter}.motif", raw, "an object {notes, rhythm_tolerance}")
        notes = notes_from_data(raw.get("notes"), f"{parameter}.motif.notes", max_notes=MAX_MOTIF_NOTES)
        if len(notes) < 2:
            raise EngineParameterError(f"{parameter}.motif.notes", len(notes), "2 or more notes")
        motif = tuple(sorted(notes, key=lambda n: n.start))
        tolerance = (
            _number(raw.get("rhythm_tolerance", DEFAULT_RHYTHM_TOLERANCE), f"{parameter}.motif.rhythm_tolerance", 0, 2)
            or 0.0
        )
    return ChallengeConstraints(
        genre=genre,
        bpm_min=bpm_min,
        bpm_max=bpm_max,
        key=key,
        parts=parts,
        bars_min=None if bars[0] is None else int(bars[0]),
        bars_max=None if bars[1] is None else int(bars[1]),
        progression=progression,
        motif=motif,
        rhythm_tolerance=tolerance,
    )
