"""The JSON parser of both APIs: DRF's, with nesting bounded so a hostile body is a 400, never a 500.

``json.loads`` recurses once per nesting level: a 20,000-deep array raised ``RecursionError``
(a 500), and a body just under the interpreter's limit would parse but crash the first recursive
code that walked it. Bodies nested deeper than ``settings.API_MAX_JSON_DEPTH`` are refused as
malformed (``ParseError``, rendered by :mod:`coprod.api.errors` as each API's 400).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists/objects deeper than ``limit`` (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class BoundedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON nested deeper than {settings.API_MAX_JSON_DEPTH} levels") from None
        if json_depth_exceeds(data, settings.API_MAX_JSON_DEPTH):
            raise ParseError(f"JSON nested deeper than {settings.API_MAX_JSON_DEPTH} levels")
        return data
