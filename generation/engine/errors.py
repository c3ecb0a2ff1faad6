"""Errors the composition engine raises for bad parameters.

The web layer turns an :class:`EngineParameterError` into each API's documented
validation error (parameter, value, constraint), so every message here is written
for the person who sent the request.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from typing import Any

# How much of a rejected value an error message repeats: enough to recognise it, never the
# megabytes someone sent (reprlib cuts long strings, lists and nesting without walking them whole).
_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = 60
_SHORT_REPR.maxlist = _SHORT_REPR.maxdict = 6
_SHORT_REPR.maxlevel = 2


def shorten(value: Any) -> str:
    """A short ``repr`` of ``value`` for error messages."""
    return _SHORT_REPR.repr(value)


class EngineError(Exception):
    """Base class of everything the engine raises on purpose."""

    code = "ENGINE_ERROR"


class EngineParameterError(EngineError, ValueError):
    """A parameter is unknown, of the wrong kind or out of range.

    ``constraint`` is a short human text such as ``"40-240"`` or
    ``"one of: major, minor, dorian"``.
    """

    code = "VALIDATION_ERROR"

    def __init__(self, parameter: str, value: Any, constraint: str, message: str | None = None):
        self.parameter = parameter
        self.value = value
        self.constraint = constraint
        super().__init__(message or f"Invalid parameter: {parameter} must be {constraint} (got {shorten(value)})")

    @classmethod
    def choice(cls, parameter: str, value: Any, allowed: Iterable[str]) -> EngineParameterError:
        """The error for a value that is not one of ``allowed`` (listed in the message)."""
        options = ", ".join(sorted(allowed))
        return cls(parameter, value, f"one of: {options}")

    @classmethod
    def range(cls, parameter: str, value: Any, low: float, high: float) -> EngineParameterError:
        """The error for a number outside ``[low, high]``."""
        return cls(parameter, value, f"{low:g}-{high:g}")


class EngineParameterErrors(EngineParameterError):
    """Several parameters are bad: ``errors`` maps each field to its own error.

    It is also the first of them (``parameter``, ``value``, ``constraint``, message), so callers
    that report one error at a time keep working.
    """

    def __init__(self, errors: dict[str, EngineParameterError]):
        first = next(iter(errors.values()))
        super().__init__(first.parameter, first.value, first.constraint, str(first))
        self.errors = errors


class EngineDependencyError(EngineError):
    """A system program the engine needs (FluidSynth, ffmpeg, Festival...) is missing."""

    code = "DEPENDENCY_MISSING"
