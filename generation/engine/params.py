"""Parameter specifications and validation for the engine's tools.

One :class:`Param` per request field, in the Co-Prod spec's names. The web layer validates
requests with :func:`validate` (so a bad field is an :class:`EngineParameterError` naming it), and
:func:`validate_all` reports every bad field at once for forms that show each beside its field;
the studio builds its form from the same specs (:func:`generation.engine.tools.tool_catalog`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .boundary import notes_from_data
from .errors import EngineParameterError
from .limits import MAX_NAME_LENGTH, MAX_NOTES_PER_PART

LEVELS = {"low": 0.3, "medium": 0.6, "high": 0.9}
# Unknown fields named in one answer: enough to fix a form, never a list as long as the body.
MAX_UNKNOWN_REPORTED = 8


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
        # Length first: nothing longer than a name is ever stripped, normalised or parsed.
        if not isinstance(value, str) or len(value) > MAX_NAME_LENGTH or not value.strip():
            raise EngineParameterError(param.name, value, f"a text of 1-{MAX_NAME_LENGTH} characters")
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
    notes = notes_from_data(value, param.name, max_notes=param.max_items or MAX_NOTES_PER_PART)
    return [{"note": n.pitch, "start_time": n.start, "duration": n.duration, "velocity": n.velocity} for n in notes]


def _unknown_error(tool: str, known: set[str], field: str, value: Any) -> EngineParameterError:
    # The field's name is the client's text: repeat at most a name's length of it.
    name = field[:MAX_NAME_LENGTH]
    return EngineParameterError(
        name,
        value,
        f"one of the {tool} parameters: {', '.join(sorted(known))}",
        f"Unknown parameter: {name} (the {tool} tool takes {', '.join(sorted(known))})",
    )


def validate(tool: str, params: tuple[Param, ...], raw: dict[str, Any]) -> dict[str, Any]:
    """Every parameter of ``tool`` from ``raw`` (defaults filled); unknown fields are errors.

    Stops at the first bad field; :func:`validate_all` lists them all.
    """
    known = {p.name for p in params}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise _unknown_error(tool, known, unknown[0], raw[unknown[0]])
    return {p.name: coerce(p, raw.get(p.name)) for p in params}


def validate_all(tool: str, params: tuple[Param, ...], raw: dict[str, Any]) -> dict[str, EngineParameterError]:
    """Each bad field of ``raw`` with its error, in the tool's parameter order (empty: all valid).

    Unknown fields come first (at most :data:`MAX_UNKNOWN_REPORTED` of them).
    """
    known = {p.name for p in params}
    errors: dict[str, EngineParameterError] = {}
    for field in sorted(set(raw) - known)[:MAX_UNKNOWN_REPORTED]:
        error = _unknown_error(tool, known, field, raw[field])
        errors[error.parameter] = error
    for param in params:
        try:
            coerce(param, raw.get(param.name))
        except EngineParameterError as exc:
            errors[param.name] = exc
    return errors
