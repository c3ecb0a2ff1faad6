"""Query-string flags shared by the API views (``?async=true``, ``?unread=1``)."""

from __future__ import annotations

from typing import Any

TRUE_WORDS = ("1", "true", "yes")


def query_flag(query_params: Any, name: str) -> bool:
    """Whether ``?name=`` is ``1``, ``true`` or ``yes`` (any case); absent or anything else is False."""
    return str(query_params.get(name) or "").lower() in TRUE_WORDS
