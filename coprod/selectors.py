"""Reads shared by every app: the one "get it if this user owns it, else 404" lookup, and ids from outside.

Other users' objects and malformed ids answer exactly like ids that do not exist (404), so an
id never tells a caller whether someone else's object is there.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)

# The largest primary key PostgreSQL and SQLite hold (a bigger number would be a database error).
_MAX_ID = 2**63 - 1


def owned_or_404(
    queryset: QuerySet[M],
    *,
    owner: Any,
    pk: Any,
    owner_field: str = "owner",
    public_id_prefix: str | None = None,
) -> M:
    """The object of ``queryset`` with id ``pk`` whose ``owner_field`` is ``owner``; raises Http404 otherwise.

    ``pk`` may be an int or a digit string (URL and JSON ids alike); with ``public_id_prefix``
    (e.g. ``"gen_"``) a string starting with it is looked up by ``public_id`` instead. Anything
    else — another user's id, ``"abc"``, ``None``, a float, a bool — is a 404, never a 500.
    """
    if public_id_prefix and isinstance(pk, str) and pk.startswith(public_id_prefix):
        return owned_public_or_404(queryset, owner=owner, public_id=pk, owner_field=owner_field)
    object_id = integer_id(pk)
    found = queryset.filter(**{owner_field: owner}, pk=object_id).first() if object_id is not None else None
    if found is None:
        raise Http404(f"{queryset.model._meta.verbose_name} not found")
    return found


def owned_public_or_404(queryset: QuerySet[M], *, owner: Any, public_id: Any, owner_field: str = "owner") -> M:
    """The object of ``queryset`` with public id ``public_id`` (``gen_…``, ``track_…``, ``batch_…``...)
    whose ``owner_field`` is ``owner``; raises Http404 otherwise, for anything but a string too (the
    v1 API names objects by public id only)."""
    found = queryset.filter(**{owner_field: owner}, public_id=public_id).first() if isinstance(public_id, str) else None
    if found is None:
        raise Http404(f"{queryset.model._meta.verbose_name} not found")
    return found


def integer_id(value: Any) -> int | None:
    """``value`` (an int, a digit string, JSON's ``12.0``) as a primary key, or None when it cannot be one.

    Every id from outside goes through here before a query: ``int()`` alone lets a bool through,
    is slow on a huge digit string, and a number past the database's integer is a 500, not a 404.
    """
    if isinstance(value, bool):  # True is an int to Python, not an id to a client
        return None
    if isinstance(value, float) and value.is_integer():  # JSON 12.0
        value = int(value)
    elif isinstance(value, str):
        # Short digit strings only: int() of a huge digit string is slow.
        value = value.strip()
        value = int(value) if value.isascii() and value.isdigit() and len(value) <= 19 else None
    if isinstance(value, int) and 0 < value <= _MAX_ID:
        return value
    return None
