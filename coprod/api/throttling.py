"""Per-plan rate limits counted in Redis, so every web process shares one count.

A fixed one-minute window per caller: ``user:<id>`` when authenticated, ``ip:<addr>``
otherwise. Limits come from ``settings.RATE_LIMITS_PER_MINUTE`` by the user's
``subscription_tier`` (free 100, pro 500, producer_plus unlimited); anonymous callers get
the free limit. If Redis cannot be reached the request is let through and the failure logged:
a broken counter must not take the API down.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle

from coprod.redis import redis_client

logger = logging.getLogger(__name__)
WINDOW_SECONDS = 60
UNLIMITED = "unlimited"


@dataclass(frozen=True, slots=True)
class RateLimitState:
    """What the caller has left in the current window (``limit`` None means unlimited)."""

    limit: int | None
    remaining: int | None
    reset_epoch: int

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": UNLIMITED if self.limit is None else str(self.limit),
            "X-RateLimit-Remaining": UNLIMITED if self.remaining is None else str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_epoch),
        }


def _window(now: float) -> tuple[int, int]:
    window = int(now // WINDOW_SECONDS)
    return window, (window + 1) * WINDOW_SECONDS


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def limit_for_user(user: Any) -> int | None:
    """Requests per minute allowed for ``user`` (None = unlimited)."""
    limits = settings.RATE_LIMITS_PER_MINUTE
    if user is None or not getattr(user, "is_authenticated", False):
        return limits["free"]
    return limits.get(getattr(user, "subscription_tier", "free"), limits["free"])


def counter_key(identity: str, window: int) -> str:
    """The Redis key counting ``identity``'s requests in ``window`` (shared by every web process)."""
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:ratelimit:{identity}:{window}"


def count_request(identity: str, limit: int | None) -> tuple[RateLimitState, bool]:
    """Count one request for ``identity``; returns the new state and whether it is allowed."""
    window, reset = _window(time.time())
    if limit is None:
        return RateLimitState(None, None, reset), True
    key = counter_key(identity, window)
    try:
        # One round trip: count, and let the key expire after the window has passed.
        pipe = redis_client().pipeline()
        pipe.incr(key)
        pipe.expire(key, WINDOW_SECONDS * 2)
        count = int(pipe.execute()[0])
    except Exception:
        logger.warning("Rate-limit counter unavailable; letting the request through", exc_info=True)
        return RateLimitState(limit, limit, reset), True
    return RateLimitState(limit, max(0, limit - count), reset), count <= limit


def peek_anonymous_state(request: HttpRequest) -> RateLimitState | None:
    """The anonymous caller's state without counting (for responses that bypassed DRF)."""
    limit = limit_for_user(getattr(request, "user", None))
    window, reset = _window(time.time())
    identity = _identity(getattr(request, "user", None), request)
    try:
        count = int(redis_client().get(counter_key(identity, window)) or 0)
    except Exception:  # noqa: BLE001 - no header beats a 500
        return None
    if limit is None:
        return RateLimitState(None, None, reset)
    return RateLimitState(limit, max(0, limit - count), reset)


def _identity(user: Any, request: HttpRequest) -> str:
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return f"ip:{_client_ip(request)}"


class PlanRateThrottle(BaseThrottle):
    """DRF throttle applying the plan's per-minute limit; counted once per request."""

    def __init__(self) -> None:
        self.wait_seconds: float | None = None

    def allow_request(self, request: Any, view: Any) -> bool:
        django_request: HttpRequest = request._request
        state: RateLimitState | None = getattr(django_request, "rate_limit", None)
        if state is not None and getattr(django_request, "rate_limit_allowed", None) is not None:
            # Already counted for this request (the base view throttles before permissions).
            allowed = bool(django_request.rate_limit_allowed)  # type: ignore[attr-defined]
        else:
            identity = _identity(request.user, django_request)
            state, allowed = count_request(identity, limit_for_user(request.user))
            django_request.rate_limit = state  # type: ignore[attr-defined]
            django_request.rate_limit_allowed = allowed  # type: ignore[attr-defined]
        if not allowed:
            self.wait_seconds = max(1, state.reset_epoch - int(time.time()))
        return allowed

    def wait(self) -> float | None:
        return self.wait_seconds
