"""Domain errors live apart from the API: services can raise them without importing DRF."""

from __future__ import annotations

import ast
from pathlib import Path

import coprod.errors
from coprod.api import errors as api_errors


def test_domain_errors_import_no_framework():
    tree = ast.parse(Path(coprod.errors.__file__).read_text())
    imported = {
        alias.name if isinstance(node, ast.Import) else node.module
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert imported == {"__future__", "typing"}


def test_the_api_module_reexports_the_same_classes():
    for name in ("Conflict", "ParameterError", "PayloadTooLarge", "QuotaExceeded", "ServiceUnavailable"):
        assert getattr(api_errors, name) is getattr(coprod.errors, name)
    assert api_errors.ApiError is coprod.errors.DomainError


def test_a_domain_error_carries_status_code_message_and_details():
    error = coprod.errors.ParameterError("bpm", 999, "40-240")
    assert (error.status_code, error.error_code, error.message) == (
        400,
        "VALIDATION_ERROR",
        "Invalid parameter: bpm must be 40-240",
    )
    assert error.details == {"parameter": "bpm", "value": 999, "constraint": "40-240"}
    assert str(error) == "Invalid parameter: bpm must be 40-240"
    limited = coprod.errors.QuotaExceeded("Too many jobs", retry_after=0)
    assert (limited.status_code, limited.error_code, limited.retry_after) == (429, "QUOTA_EXCEEDED", 1)


def test_an_engine_parameter_error_becomes_a_request_parameter_error_field_by_field():
    from coprod.errors import ParameterError
    from generation.engine.errors import EngineParameterError, EngineParameterErrors

    one = ParameterError.from_engine(EngineParameterError.range("bpm", 999, 40, 240))
    assert (one.parameter, one.details, one.message) == (
        "bpm",
        {"parameter": "bpm", "value": 999, "constraint": "40-240"},
        "Invalid parameter: bpm must be 40-240 (got 999)",
    )
    assert one.fields == {"bpm": one.message}
    several = ParameterError.from_engine(
        EngineParameterErrors(
            {"bpm": EngineParameterError.range("bpm", 999, 40, 240), "key": EngineParameterError("key", "H", "a key")}
        )
    )
    assert several.parameter == "bpm"
    assert several.fields == {
        "bpm": "Invalid parameter: bpm must be 40-240 (got 999)",
        "key": "Invalid parameter: key must be a key (got 'H')",
    }
