"""The JSON parser of both APIs: DRF's, with nesting and text bounded so a hostile body is a 400, never a 500.

``json.loads`` recurses once per nesting level: a 20,000-deep array raised ``RecursionError``
(a 500), and a body just under the interpreter's limit would parse but crash the first recursive
code that walked it. Bodies nested deeper than ``settings.API_MAX_JSON_DEPTH`` are refused as
malformed (``ParseError``, rendered by :mod:`coprod.api.errors` as each API's 400).

JSON also lets a string hold what no text column or response can: ``\\u0000`` (PostgreSQL refuses
it in ``text`` and ``jsonb``) and an unpaired surrogate such as ``\\ud800`` (not encodable as UTF-8,
so echoing it back in a v1 validation error raised ``UnicodeEncodeError``, a 500). A body with either,
in a key or a value at any depth, is refused as malformed too.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# NUL and the UTF-16 surrogate range: characters that cannot be stored or encoded as UTF-8 text.
_UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")


def json_body_problem(value: Any, limit: int) -> str | None:
    """What makes a parsed body unacceptable: ``"depth"``, ``"text"`` (NUL or a lone surrogate), or None.

    One iterative walk (no recursion) over every key and value.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE_TEXT.search(item):
                return "text"
            continue
        if isinstance(item, dict):
            if any(isinstance(key, str) and _UNSTORABLE_TEXT.search(key) for key in item):
                return "text"
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return "depth"
        stack.extend((child, depth + 1) for child in children)
    return None


class BoundedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON nested deeper than {settings.API_MAX_JSON_DEPTH} levels") from None
        problem = json_body_problem(data, settings.API_MAX_JSON_DEPTH)
        if problem == "depth":
            raise ParseError(f"JSON nested deeper than {settings.API_MAX_JSON_DEPTH} levels")
        if problem == "text":
            raise ParseError("JSON text must not contain NUL characters (\\u0000) or unpaired surrogates")
        return data
