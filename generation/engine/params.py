"""Parameter specifications and validation for the engine's tools.

One :class:`Param` per request field, in the Co-Prod spec's names. The web layer validates
requests with :func:`validate` (so a bad field is an :class:`EngineParameterError` naming it) and
the studio builds its form from the same specs (``api.tool_catalog``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import EngineParameterError

LEVELS = {"low": 0.3, "medium": 0.6, "high": 0.9}


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: str  # int, float, str, bool, level, int_list, notes, object
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    required: bool = False
    help: str = ""
    max_items: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["choices"] = list(self.choices) if self.choices else None
        return data


@dataclass(frozen=True, slots=True)
class ToolSpec:
    name: str
    summary: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "summary": self.summary, "params": [p.to_dict() for p in self.params]}


def _number(param: Param, value: Any, integer: bool) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise EngineParameterError(param.name, value, "an integer" if integer else "a number")
    if integer and isinstance(value, float):
        if not value.is_integer():
            raise EngineParameterError(param.name, value, "an integer")
        value = int(value)
    if value != value:  # NaN
        raise EngineParameterError(param.name, value, "a number")
    if (param.minimum is not None and value < param.minimum) or (param.maximum is not None and value > param.maximum):
        raise EngineParameterError.range(param.name, value, param.minimum or 0, param.maximum or 0)
    number: float | int = value
    return number


def coerce(param: Param, value: Any) -> Any:
    """One value, checked against its spec (types are strict: ``"5"`` is not a number)."""
    if value is None:
        if param.required:
            raise EngineParameterError(param.name, value, "present")
        return param.default
    if param.kind == "int":
        return _number(param, value, integer=True)
    if param.kind == "float":
        return float(_number(param, value, integer=False))
    if param.kind == "bool":
        if not isinstance(value, bool):
            raise EngineParameterError(param.name, value, "true or false")
        return value
    if param.kind == "level":
        if isinstance(value, str) and value.strip().lower() in LEVELS:
            return LEVELS[value.strip().lower()]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
            return float(value)
        raise EngineParameterError(param.name, value, "low, medium, high or a number 0-1")
    if param.kind == "str":
        if not isinstance(value, str) or not value.strip() or len(value) > 64:
            raise EngineParameterError(param.name, value, "a non-empty string")
        if param.choices is not None:
            normalised = value.strip().lower().replace(" ", "_").replace("-", "_")
            if normalised not in param.choices:
                raise EngineParameterError.choice(param.name, value, param.choices)
            return normalised
        return value.strip()
    if param.kind == "int_list":
        if not isinstance(value, list) or not value or (param.max_items and len(value) > param.max_items):
            raise EngineParameterError(param.name, value, f"a list of 1-{param.max_items} integers")
        return [_number(param, v, integer=True) for v in value]
    if param.kind == "notes":
        return _notes(param, value)
    if param.kind == "object":
        if not isinstance(value, dict):
            raise EngineParameterError(param.name, value, "an object")
        return value
    raise AssertionError(f"unknown kind {param.kind}")


def _notes(param: Param, value: Any) -> list[dict[str, Any]]:
    limit = param.max_items or 4000
    if not isinstance(value, list) or not value or len(value) > limit:
        raise EngineParameterError(
            param.name,
            "..." if isinstance(value, list) else value,
            f"a list of 1-{limit} notes {{note, start_time, duration[, velocity]}}",
        )
    notes = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise EngineParameterError(f"{param.name}[{i}]", item, "a note object")
        note, start, duration = item.get("note"), item.get("start_time"), item.get("duration")
        velocity = item.get("velocity", 100)
        checks = (
            (note, 0, 127, True),
            (start, 0, 100_000, False),
            (duration, 0.001, 1000, False),
            (velocity, 1, 127, True),
        )
        for number, low, high, integer in checks:
            if (
                isinstance(number, bool)
                or not isinstance(number, (int, float))
                or not low <= number <= high
                or (integer and not float(number).is_integer())
            ):
                raise EngineParameterError(
                    f"{param.name}[{i}]", item, "note 0-127, start_time >= 0, duration > 0, velocity 1-127"
                )
        notes.append(
            {
                "note": int(note),  # type: ignore[arg-type]
                "start_time": float(start),  # type: ignore[arg-type]
                "duration": float(duration),  # type: ignore[arg-type]
                "velocity": int(velocity),
            }
        )
    return notes


def validate(spec: ToolSpec, raw: dict[str, Any]) -> dict[str, Any]:
    """Every parameter of ``spec`` from ``raw`` (defaults filled); unknown fields are errors."""
    known = {p.name for p in spec.params}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise EngineParameterError(
            unknown[0],
            raw[unknown[0]],
            f"one of the {spec.name} parameters: {', '.join(sorted(known))}",
            f"Unknown parameter: {unknown[0]} (the {spec.name} tool takes {', '.join(sorted(known))})",
        )
    return {p.name: coerce(p, raw.get(p.name)) for p in spec.params}
