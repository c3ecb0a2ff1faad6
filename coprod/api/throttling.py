"""Per-plan rate limits counted in Redis, so every web process shares one count.

A fixed one-minute window per caller: ``user:<id>`` when authenticated, ``ip:<addr>``
otherwise. Limits come from ``settings.RATE_LIMITS_PER_MINUTE`` by the user's
``subscription_tier`` (free 100, pro 500, producer_plus unlimited); anonymous callers get
the free limit. The same counter covers API calls and page form posts
(:class:`coprod.api.middleware.PageRateLimitMiddleware`); WebSocket connects have their own
per-IP count (``settings.WS_CONNECTS_PER_MINUTE``).

If Redis cannot be reached, reads are let through (and the failure logged) but writes are
refused with a 503: a broken counter must neither take the reads down nor open the door to an
unmetered flood of writes.

The client's address is ``REMOTE_ADDR``, unless that is one of ``settings.TRUSTED_PROXIES``
(``COPROD_TRUSTED_PROXIES``): then ``X-Forwarded-For`` is read from the right, skipping our own
proxies, and the first address not ours is the client. Without trusted proxies the header is
ignored, since any client can write it.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import BaseThrottle

from coprod.errors import ServiceUnavailable
from coprod.redis import redis_client

logger = logging.getLogger(__name__)
WINDOW_SECONDS = 60
UNLIMITED = "unlimited"
# How long a refused write should wait before trying again while the counter is unreachable.
UNAVAILABLE_RETRY_SECONDS = 5


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


@lru_cache(maxsize=8)
def _trusted_networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _is_trusted_proxy(address: str) -> bool:
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not networks:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def resolve_client_ip(remote_addr: str | None, forwarded_for: str | None) -> str:
    """The client's address from the socket peer and, behind a trusted proxy, ``X-Forwarded-For``."""
    remote = (remote_addr or "").strip() or "unknown"
    if not forwarded_for or not _is_trusted_proxy(remote):
        return remote
    for hop in reversed([part.strip() for part in forwarded_for.split(",")]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            # A malformed hop was written by someone we do not trust: stop at the last good one.
            return remote
        if not _is_trusted_proxy(hop):
            return hop
        remote = hop
    return remote


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent ``request`` (see the module docstring for proxies)."""
    return resolve_client_ip(request.META.get("REMOTE_ADDR"), request.META.get("HTTP_X_FORWARDED_FOR"))


def client_ip_from_scope(scope: dict[str, Any]) -> str:
    """The same for an ASGI (WebSocket) scope."""
    peer = scope.get("client") or (None, None)
    headers = dict(scope.get("headers") or [])
    forwarded = headers.get(b"x-forwarded-for")
    return resolve_client_ip(peer[0], forwarded.decode("latin1") if forwarded else None)


def limit_for_user(user: Any) -> int | None:
    """Requests per minute allowed for ``user`` (None = unlimited).

    A user resolved by the auth cache brings its plan along (``user.auth_snapshot``), so counting
    its request reads no row; a plan change forgets that snapshot (see :mod:`accounts.auth_cache`).
    """
    limits = settings.RATE_LIMITS_PER_MINUTE
    if user is None or not getattr(user, "is_authenticated", False):
        return limits["free"]
    snapshot = getattr(user, "auth_snapshot", None)
    tier = snapshot.subscription_tier if snapshot is not None else getattr(user, "subscription_tier", "free")
    return limits.get(tier, limits["free"])


def counter_key(identity: str, window: int) -> str:
    """The Redis key counting ``identity``'s requests in ``window`` (shared by every web process)."""
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:ratelimit:{identity}:{window}"


def count_request(identity: str, limit: int | None, *, fail_closed: bool = False) -> tuple[RateLimitState, bool]:
    """Count one request for ``identity``; returns the new state and whether it is allowed.

    Raises :class:`ServiceUnavailable` when Redis cannot be reached and ``fail_closed`` (writes).
    """
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
        if fail_closed:
            logger.error("Rate-limit counter unavailable; refusing a write", exc_info=True)
            raise ServiceUnavailable(retry_after=UNAVAILABLE_RETRY_SECONDS) from None
        logger.warning("Rate-limit counter unavailable; letting a read through", exc_info=True)
        return RateLimitState(limit, limit, reset), True
    return RateLimitState(limit, max(0, limit - count), reset), count <= limit


def is_write(method: str | None) -> bool:
    return (method or "GET").upper() not in SAFE_METHODS


def peek_anonymous_state(request: HttpRequest) -> RateLimitState | None:
    """The anonymous caller's state without counting (for responses that bypassed DRF)."""
    limit = limit_for_user(getattr(request, "user", None))
    window, reset = _window(time.time())
    identity = request_identity(getattr(request, "user", None), request)
    try:
        count = int(redis_client().get(counter_key(identity, window)) or 0)
    except Exception:  # noqa: BLE001 - no header beats a 500
        return None
    if limit is None:
        return RateLimitState(None, None, reset)
    return RateLimitState(limit, max(0, limit - count), reset)


def request_identity(user: Any, request: HttpRequest) -> str:
    """``user:<id>`` for a signed-in caller, else ``ip:<client address>``."""
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


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
            identity = request_identity(request.user, django_request)
            state, allowed = count_request(
                identity, limit_for_user(request.user), fail_closed=is_write(django_request.method)
            )
            django_request.rate_limit = state  # type: ignore[attr-defined]
            django_request.rate_limit_allowed = allowed  # type: ignore[attr-defined]
        if not allowed:
            self.wait_seconds = max(1, state.reset_epoch - int(time.time()))
        return allowed

    def wait(self) -> float | None:
        return self.wait_seconds
