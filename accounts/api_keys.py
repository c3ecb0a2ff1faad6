"""API key minting, hashing and lookup.

Keys look like ``cpk_<40 url-safe chars>``: 240 bits from ``secrets``, so a single SHA-256
(not a slow password hash) is enough to store them and lets us find a key by its hash.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from .models import ApiKey

API_KEY_PREFIX = "cpk_"
_SHOWN_PREFIX_LENGTH = 12
# Writing last_used_at on every request would make each API call a DB write; once a minute is enough.
_LAST_USED_RESOLUTION = timedelta(minutes=1)


def api_key_hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def api_key_generate() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(30)


def api_key_authenticate(*, raw_key: str) -> ApiKey | None:
    """The active key matching ``raw_key`` (with its user), or None. Touches ``last_used_at``."""
    key = (
        ApiKey.objects.select_related("user")
        .filter(key_hash=api_key_hash(raw_key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if key is None:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > _LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


def shown_prefix(raw_key: str) -> str:
    return raw_key[:_SHOWN_PREFIX_LENGTH]
