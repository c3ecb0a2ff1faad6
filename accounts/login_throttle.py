"""Failed-login backoff, per account and per client IP, shared by every web process through Redis.

The API's ``POST /api/auth/login`` and allauth's login page both go through here:

1. :func:`login_throttle_check` before the password is looked at: while the account (the email
   as typed, whether or not it exists) or the client IP is locked out it raises
   :class:`LoginThrottled` (429 with ``retry_after``) and no password is checked.
2. :func:`login_failure_record` after a wrong password: the first
   ``LOGIN_FREE_FAILURES_PER_ACCOUNT`` (5) failures of an account and ``LOGIN_FREE_FAILURES_PER_IP``
   (20) of an IP cost nothing; each further one locks that scope for 1, 2, 4, 8... seconds, at
   most ``LOGIN_MAX_LOCKOUT_SECONDS`` (15 min). Failures are forgotten an hour after the last one.
3. :func:`login_success_record` after a correct password: the account's and the IP's failures
   are forgotten.

Counters live in Django's cache (Redis). A login is a write: if Redis cannot be reached, the
attempt is refused with a 503 rather than let through unmetered.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache

from coprod.errors import ServiceUnavailable, TooManyRequests

logger = logging.getLogger(__name__)
FAILURE_MEMORY_SECONDS = 3600
UNAVAILABLE_RETRY_SECONDS = 5
# A lock key outlives its deadline a little (the deadline inside decides); it must not vanish early.
_LOCK_KEY_SLACK_SECONDS = 60


def _now() -> float:
    return time.time()


class LoginThrottled(TooManyRequests):
    default_code = "LOGIN_THROTTLED"
    default_detail = "Too many failed login attempts; try again later"


def _scopes(*, email: str, ip: str) -> list[tuple[str, int]]:
    """(cache key stem, free failures) for the account and the IP."""
    # Hashed: the cache should not hold a list of the emails people tried.
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return [
        (f"login-throttle:account:{account}", settings.LOGIN_FREE_FAILURES_PER_ACCOUNT),
        (f"login-throttle:ip:{ip}", settings.LOGIN_FREE_FAILURES_PER_IP),
    ]


def _unavailable() -> ServiceUnavailable:
    logger.error("Login throttle unavailable (cache unreachable); refusing the login", exc_info=True)
    return ServiceUnavailable(retry_after=UNAVAILABLE_RETRY_SECONDS)


def login_throttle_check(*, email: str, ip: str) -> None:
    """Raise :class:`LoginThrottled` while the account or the IP is locked out."""
    now = _now()
    try:
        locks = cache.get_many([f"{stem}:until" for stem, _ in _scopes(email=email, ip=ip)])
    except Exception:  # noqa: BLE001 - logged by _unavailable; any cache failure means "refuse"
        raise _unavailable() from None
    waits = [float(until) - now for until in locks.values() if until is not None and float(until) > now]
    if waits:
        raise LoginThrottled("Too many failed login attempts", retry_after=math.ceil(max(waits)))


def login_failure_record(*, email: str, ip: str) -> None:
    """Count a failed login for the account and the IP; lock each scope past its free failures."""
    now = _now()
    try:
        for stem, free_failures in _scopes(email=email, ip=ip):
            counter = f"{stem}:failures"
            cache.add(counter, 0, FAILURE_MEMORY_SECONDS)
            failures = cache.incr(counter)
            cache.touch(counter, FAILURE_MEMORY_SECONDS)
            if failures > free_failures:
                delay = min(settings.LOGIN_MAX_LOCKOUT_SECONDS, 2 ** min(failures - free_failures - 1, 30))
                cache.set(f"{stem}:until", now + delay, delay + _LOCK_KEY_SLACK_SECONDS)
    except Exception:  # noqa: BLE001 - logged by _unavailable; any cache failure means "refuse"
        raise _unavailable() from None


def login_success_record(*, email: str, ip: str) -> None:
    """Forget the account's and the IP's failures after a correct password."""
    keys = [f"{stem}:{suffix}" for stem, _ in _scopes(email=email, ip=ip) for suffix in ("failures", "until")]
    try:
        cache.delete_many(keys)
    except Exception:  # the login succeeded; stale counters only expire later
        logger.warning("Could not reset the login throttle", exc_info=True)
