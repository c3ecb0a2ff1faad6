"""API key minting, hashing and lookup.

Keys look like ``cpk_<40 url-safe chars>``: 240 bits from ``secrets``, so a single SHA-256
(not a slow password hash) is enough to store them and lets us find a key by its hash.
"""

from __future__ import annotations

import hashlib
import secrets

from .auth_cache import auth_api_key_get
from .models import ApiKey

API_KEY_PREFIX = "cpk_"
_SHOWN_PREFIX_LENGTH = 12


def api_key_hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def api_key_generate() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(30)


def api_key_authenticate(*, raw_key: str) -> ApiKey | None:
    """The active key matching ``raw_key`` (with its user), or None. Touches ``last_used_at`` once a minute.

    Resolved through :mod:`accounts.auth_cache` (no query while the key is remembered).
    """
    return auth_api_key_get(key_hash=api_key_hash(raw_key))


def shown_prefix(raw_key: str) -> str:
    return raw_key[:_SHOWN_PREFIX_LENGTH]
