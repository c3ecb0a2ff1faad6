"""The JWT the API issues: a sliding token that logout and a password change both revoke.

* **Logout** blacklists the token (simplejwt's blacklist app, in the database) and drops its
  "still live" mark from the cache, so the next request with it is a 401 at once.
* **A password change or reset** revokes every token of the user without touching them: each
  token carries ``pwd``, a keyed digest of the password hash it was issued under, and
  :func:`token_matches_password` compares it with the user's current one (remembered for
  ``AUTH_CACHE_SECONDS`` by :mod:`accounts.auth_cache`, which a password change through the
  pages, the API or the admin forgets at once; a change in a shell counts within that time).

The blacklist lookup costs a query per request; a token found not blacklisted is remembered in
the cache for ``settings.JWT_LIVE_CACHE_SECONDS``, which logout clears, so revocation is
still honoured at once; the user comes from :mod:`accounts.auth_cache`, so an authenticated read
costs no query before the view's own.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import SlidingToken

logger = logging.getLogger(__name__)
PASSWORD_CLAIM = "pwd"  # noqa: S105 - a claim name, not a password
_PASSWORD_SALT = "coprod.accounts.tokens.password"  # noqa: S105 - an HMAC salt, not a secret


def password_stamp(user: Any) -> str:
    """A digest of ``user``'s password hash: changes whenever the password does (not reversible)."""
    return salted_hmac(_PASSWORD_SALT, user.password, algorithm="sha256").hexdigest()[:32]


def token_matches_password(token: Any, user: Any) -> bool:
    """Whether ``token`` was issued under ``user``'s current password.

    A user resolved from the auth cache carries the stamp (``user.auth_snapshot``, see
    :mod:`accounts.auth_cache`) instead of its password hash.
    """
    stamp = token.get(PASSWORD_CLAIM) if hasattr(token, "get") else None
    snapshot = getattr(user, "auth_snapshot", None)
    current = snapshot.password_stamp if snapshot is not None else password_stamp(user)
    return isinstance(stamp, str) and constant_time_compare(stamp, current)


def _live_key(jti: str) -> str:
    return f"jwt:live:{jti}"


class UserSlidingToken(SlidingToken):
    """simplejwt's sliding token with the password stamp and a cached blacklist check."""

    @classmethod
    def for_user(cls, user: Any) -> UserSlidingToken:
        token = super().for_user(user)
        token[PASSWORD_CLAIM] = password_stamp(user)
        return token  # type: ignore[return-value]

    def check_blacklist(self) -> None:
        key = _live_key(str(self.payload[api_settings.JTI_CLAIM]))
        try:
            if cache.get(key):
                return
        except Exception:  # without the cache, ask the database every time
            logger.warning("JWT cache unavailable; checking the blacklist in the database", exc_info=True)
            super().check_blacklist()
            return
        super().check_blacklist()  # raises TokenError when blacklisted
        try:
            cache.set(key, 1, settings.JWT_LIVE_CACHE_SECONDS)
        except Exception:  # the database answered; the cache is only a shortcut
            logger.warning("JWT cache unavailable; not caching the blacklist check", exc_info=True)

    def blacklist(self) -> Any:
        """Blacklist in the database, then forget the cached "live" mark (raises if the cache is down)."""
        result = super().blacklist()
        cache.delete(_live_key(str(self.payload[api_settings.JTI_CLAIM])))
        return result


def token_jti(token: Any) -> str | None:
    """The id of a validated JWT (None for anything else, e.g. an API key)."""
    try:
        return str(token[api_settings.JTI_CLAIM])
    except (KeyError, TypeError):
        return None
