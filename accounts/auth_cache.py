"""Who a bearer credential belongs to, remembered briefly so an API request reads no account row.

An API call used to read the user row (and, with an API key, the key row) before doing its own
work. Now, for ``settings.AUTH_CACHE_SECONDS``, the cache (Redis, shared by every process) keeps:

* per user, ``auth:user:<id>`` → :class:`AuthSnapshot`: whether the account is active, a stamp of
  its password (never the hash) and its plan, for the rate limiter;
* per API key, ``auth:key:<sha256 of the key>`` → the key's id, its user's id and when it was last
  used (only active keys are kept).

The user handed to the view is a ``User`` with only ``id`` and ``is_active`` loaded; the first read
of any other field loads the rest of the row in one query (``User.refresh_from_db``), so what a
view shows or decides from the user (plan gates included) is read fresh from the database. The
cached plan only sets the per-minute rate limit.

**Revocation.** Saving or deleting a user or an API key through the ORM forgets its cached entry at
once (:func:`connect_revocation`: ``post_save`` and ``post_delete``), whatever did it: a password change
or reset, the admin's forms and deletions (one by one or in bulk), API key revocation, a user's deletion
with its keys. Writes that send no signal forget it themselves: a plan change
(:mod:`accounts.billing.services`, an ``update()``); logout marks the token itself
(:mod:`accounts.tokens`). A change made any other way (a shell ``update()``, SQL) takes effect within
``AUTH_CACHE_SECONDS``. Without the cache (Redis down) every request reads the rows, as before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import ApiKey, User
from .tokens import password_stamp

logger = logging.getLogger(__name__)
# Writing last_used_at on every request would make each API call a DB write; once a minute is enough.
API_KEY_LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class AuthSnapshot:
    """What authentication and the rate limiter need of a user, kept between requests."""

    is_active: bool
    password_stamp: str
    subscription_tier: str


def _user_key(user_id: int) -> str:
    return f"auth:user:{user_id}"


def _api_key_key(key_hash: str) -> str:
    return f"auth:key:{key_hash}"


def _cache_get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception:  # the cache is a shortcut: without it, ask the database
        logger.warning("Auth cache unavailable; reading the database", exc_info=True)
        return None


def _cache_set(key: str, value: Any) -> None:
    try:
        cache.set(key, value, settings.AUTH_CACHE_SECONDS)
    except Exception:
        logger.warning("Auth cache unavailable; not caching %s", key.split(":")[1], exc_info=True)


def _remember_user(user: User) -> User:
    snapshot = AuthSnapshot(user.is_active, password_stamp(user), user.subscription_tier)
    _cache_set(_user_key(user.pk), snapshot)
    user.auth_snapshot = snapshot  # type: ignore[attr-defined]
    return user


def auth_user_get(*, user_id: Any) -> User | None:
    """The user with id ``user_id`` for authentication (active or not), or None if there is none.

    From the cache: a ``User`` with ``id`` and ``is_active`` loaded (the rest loads on first use)
    and its :class:`AuthSnapshot` as ``user.auth_snapshot``. Otherwise the whole row (one query),
    which is then remembered.
    """
    # simplejwt writes the id as a string; anything but a positive integer is no user.
    if isinstance(user_id, str) and user_id.isascii() and user_id.isdigit() and len(user_id) <= 18:
        user_id = int(user_id)
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        return None
    snapshot = _cache_get(_user_key(user_id))
    if isinstance(snapshot, AuthSnapshot):
        user = User.from_db(DEFAULT_DB_ALIAS, ["id", "is_active"], [user_id, snapshot.is_active])
        user.auth_snapshot = snapshot  # type: ignore[attr-defined]
        return user
    found = User.objects.filter(pk=user_id).first()
    return _remember_user(found) if found is not None else None


def auth_api_key_get(*, key_hash: str) -> ApiKey | None:
    """The active API key whose SHA-256 is ``key_hash``, with its active user as ``key.user``; else None.

    Touches ``last_used_at`` at most once a minute. From the cache the key has ``id``, ``user_id``,
    ``last_used_at`` and ``revoked_at`` loaded; otherwise one query reads the key and its user.
    """
    cached = _cache_get(_api_key_key(key_hash))
    if isinstance(cached, tuple) and len(cached) == 3:
        key_id, user_id, last_used_at = cached
        user = auth_user_get(user_id=user_id)
        if user is None or not user.is_active:
            return None
        key = ApiKey.from_db(
            DEFAULT_DB_ALIAS, ["id", "user_id", "last_used_at", "revoked_at"], [key_id, user_id, last_used_at, None]
        )
        key.user = user
        remembered = True
    else:
        found = (
            ApiKey.objects.select_related("user")
            .filter(key_hash=key_hash, revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        key, remembered = found, False
        _remember_user(key.user)
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > API_KEY_LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at, remembered = now, False
    if not remembered:
        _cache_set(_api_key_key(key_hash), (key.pk, key.user_id, key.last_used_at))
    return key


def auth_user_forget(*, user_id: int) -> None:
    """Forget what is cached about the user: the next request reads the row (call after the change)."""
    cache.delete(_user_key(user_id))


def auth_api_key_forget(*, key_hash: str) -> None:
    """Forget the cached API key: the next request with it reads the key row (call after the change)."""
    cache.delete(_api_key_key(key_hash))


def _forget_user(sender: type[User], instance: User, **kwargs: Any) -> None:
    auth_user_forget(user_id=instance.pk)


def _forget_api_key(sender: type[ApiKey], instance: ApiKey, **kwargs: Any) -> None:
    auth_api_key_forget(key_hash=instance.key_hash)


def connect_revocation() -> None:
    """Forget a user's or key's cached entry whenever the row is saved or deleted (``AppConfig.ready``)."""
    for signal in (post_save, post_delete):
        signal.connect(_forget_user, sender=User, dispatch_uid=f"auth-cache-user-{signal}")
        signal.connect(_forget_api_key, sender=ApiKey, dispatch_uid=f"auth-cache-key-{signal}")
