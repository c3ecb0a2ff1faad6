"""Pagination: the Co-Prod shape (``page``/``per_page`` → ``{total, per_page, current_page, last_page}``)
and v1's (``limit``/``offset`` → ``{total, limit, offset, has_more}``)."""

from __future__ import annotations

import math
from typing import Any

from django.db.models import QuerySet

from coprod.errors import ParameterError

MAX_PER_PAGE = 100


def paginate(
    queryset: QuerySet[Any], query_params: Any, default_per_page: int = 20
) -> tuple[list[Any], dict[str, int]]:
    """Slice ``queryset`` by ``page``/``per_page``; raises :class:`ParameterError` for bad values.

    A ``page`` past the last one is an empty page (no query for it: a huge page number would
    otherwise become an offset the database cannot represent).
    """
    page = _positive_int(query_params, "page", 1, maximum=None)
    per_page = _positive_int(query_params, "per_page", default_per_page, maximum=MAX_PER_PAGE)
    total = queryset.count()
    last_page = max(1, math.ceil(total / per_page))
    items = list(queryset[(page - 1) * per_page : page * per_page]) if page <= last_page else []
    return items, {"total": total, "per_page": per_page, "current_page": page, "last_page": last_page}


def paginate_offset(
    queryset: QuerySet[Any], query_params: Any, default_limit: int = 20
) -> tuple[list[Any], dict[str, Any]]:
    """Slice ``queryset`` by v1's ``limit``/``offset``: ``(items, {total, limit, offset, has_more})``.

    Raises :class:`ParameterError` for a ``limit`` outside 1-100 or a negative ``offset``.
    """
    limit = _positive_int(query_params, "limit", default_limit, maximum=MAX_PER_PAGE)
    offset = _positive_int(query_params, "offset", 0, maximum=None, minimum=0)
    total = queryset.count()
    items = list(queryset[offset : offset + limit]) if offset < total else []
    return items, {"total": total, "limit": limit, "offset": offset, "has_more": offset + len(items) < total}


def _positive_int(query_params: Any, name: str, default: int, maximum: int | None, minimum: int = 1) -> int:
    raw = query_params.get(name)
    if raw in (None, ""):
        return default
    if len(str(raw)) > 100:
        # Python's int() of a huge digit string is slow (and refused past 4,300 digits).
        raise ParameterError(name, str(raw)[:20] + "...", "a positive integer")
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ParameterError(name, raw, "a positive integer") from None
    if value < minimum or (maximum is not None and value > maximum):
        expected = "a non-negative integer" if minimum == 0 else "a positive integer"
        raise ParameterError(name, raw, f"{minimum}-{maximum}" if maximum else expected)
    return value
