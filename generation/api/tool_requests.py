"""Each tool's request body for the schema, built from the engine's declaration of its parameters.

The engine (:mod:`generation.engine.tools`) declares every tool's parameters once, as
:class:`~generation.engine.params.Param` (kind, default, range, choices); the engine also
validates requests against them. Here the same declarations become one serializer per tool, so
``/api/schema/`` lists each tool's parameters with their types, ranges, enums and defaults. The
view does not validate with these serializers: the engine's boundary does, in one place.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from ..engine.limits import MAX_NAME_LENGTH
from ..engine.params import Param
from ..engine.tools import TOOLS_BY_SLUG
from ..services import MAX_SEED

LEVEL_SCHEMA = {
    "oneOf": [
        {"type": "string", "enum": ["low", "medium", "high"]},
        {"type": "number", "minimum": 0, "maximum": 1},
    ]
}
NOTE_INPUT_SCHEMA = {
    "type": "object",
    "properties": {
        "note": {"type": "integer", "minimum": 0, "maximum": 127},
        "start_time": {"type": "number", "minimum": 0},
        "duration": {"type": "number", "exclusiveMinimum": True, "minimum": 0},
        "velocity": {"type": "integer", "minimum": 1, "maximum": 127, "default": 100},
    },
    "required": ["note", "start_time", "duration"],
}
GENERATION_REFERENCE_SCHEMA = {
    "type": "object",
    "description": "One of your completed generations, instead of pasting its result",
    "properties": {"generation_id": {"type": "integer", "minimum": 1}},
    "required": ["generation_id"],
}


@extend_schema_field(LEVEL_SCHEMA)
class LevelField(serializers.JSONField):
    """``low``, ``medium``, ``high`` or a number 0-1."""


def _notes_field_class(max_items: int | None) -> Any:
    schema = {
        "oneOf": [
            {"type": "array", "items": NOTE_INPUT_SCHEMA, "minItems": 1}
            | ({"maxItems": max_items} if max_items else {}),
            GENERATION_REFERENCE_SCHEMA,
        ]
    }

    @extend_schema_field(schema)
    class NotesField(serializers.JSONField):
        """Notes, or a reference to a generation whose notes to use."""

    return NotesField


@extend_schema_field({"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": "^gen_"}]})
class GenerationIdField(serializers.JSONField):
    """A generation's integer id or ``gen_...`` public id."""


@extend_schema_field({"oneOf": [{"type": "object", "additionalProperties": {}}, GENERATION_REFERENCE_SCHEMA]})
class ResultOrReferenceField(serializers.JSONField):
    """A generation's ``data``, or a reference to one of your generations."""


def _field_options(param: Param) -> dict[str, Any]:
    options: dict[str, Any] = {"help_text": param.help or None}
    if param.required:
        options["required"] = True
    elif param.default is not None:
        options["default"] = param.default
    else:
        options["required"] = False
        options["allow_null"] = True
    return options


def param_field(param: Param, *, references: bool = False) -> serializers.Field:  # type: ignore[type-arg]
    """The serializer field that documents ``param`` (``references``: the tool also takes a generation id)."""
    options = _field_options(param)
    bounds: dict[str, Any] = {"min_value": param.minimum, "max_value": param.maximum}
    if param.kind == "int":
        return serializers.IntegerField(**bounds, **options)
    if param.kind == "float":
        return serializers.FloatField(**bounds, **options)
    if param.kind == "bool":
        return serializers.BooleanField(**options)
    if param.kind == "level":
        return LevelField(**options)
    if param.kind == "str":
        if param.choices:
            return serializers.ChoiceField(choices=list(param.choices), **options)
        return serializers.CharField(max_length=MAX_NAME_LENGTH, **options)
    if param.kind == "int_list":
        child = serializers.IntegerField(**bounds)
        return serializers.ListField(child=child, min_length=1, max_length=param.max_items, **options)
    if param.kind == "notes":
        field_class: Any = _notes_field_class(param.max_items)
        return field_class(**options)  # type: ignore[no-any-return]
    if param.kind == "object":
        if references:
            return ResultOrReferenceField(**options)
        return serializers.DictField(**options)
    raise AssertionError(f"unknown parameter kind {param.kind}")


# Fields that name an earlier generation instead of carrying its music (see GenerateView).
REFERENCE_FIELDS = {"variations": "original", "counter_melody": "main_melody"}


@cache
def tool_request_serializer(slug: str) -> Any:
    """The request body of ``POST /api/generate/<slug>``: the tool's parameters, ``seed`` and ``project_id``."""
    tool = TOOLS_BY_SLUG[slug]
    fields: dict[str, Any] = {
        param.name: param_field(param, references=REFERENCE_FIELDS.get(tool.name) == param.name)
        for param in tool.params
    }
    source = tool.param("source")
    if source is not None:
        # The music may be named instead of sent: exactly one of source or these (generation.sources).
        fields["source"] = param_field(replace(source, required=False))
        fields["midi_file_id"] = serializers.IntegerField(
            min_value=1, required=False, help_text="One of your MIDI files"
        )
        fields["generation_id"] = GenerationIdField(required=False, help_text="One of your completed generations")
        fields["idea_id"] = serializers.IntegerField(min_value=1, required=False, help_text="One of your vault ideas")
    fields["seed"] = serializers.IntegerField(
        min_value=0, max_value=MAX_SEED, required=False, help_text="For a reproducible result; default: random"
    )
    fields["project_id"] = serializers.IntegerField(
        min_value=1, required=False, help_text="File the result in one of your projects"
    )
    name = "Generate" + "".join(word.title() for word in slug.split("-"))
    return inline_serializer(name, fields)
