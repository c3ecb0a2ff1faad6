"""Process-wide Redis connections: a client for what the cache API cannot do (blocking waits between
processes) and the cache backend, whose connections every request of a process shares.

Django builds a new cache object for every request under ASGI (caches are per async context), and
its Redis backend gave each one a connection pool of its own: every request opened a new Redis
connection (a connect, ``HELLO``, ``CLIENT SETINFO``) for one ``GET``, and every cache call built
a new ``redis.Redis``. :class:`RedisCache` keeps one client, and so one pool, per process.
"""

from __future__ import annotations

import threading
from functools import cached_property, lru_cache
from typing import Any

import redis
from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


@lru_cache(maxsize=1)
def redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, health_check_interval=30)


class _SharedRedisCacheClient(RedisCacheClient):
    """Django's client with one ``redis.Redis`` per pool, made once instead of on every call."""

    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, redis.Redis] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> redis.Redis:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # Django internals, not in the stubs
        client = self._clients.get(id(pool))
        if client is None:
            # A race only makes a spare client on the same pool (redis-py pools are thread-safe).
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


_clients: dict[str, _SharedRedisCacheClient] = {}
_clients_lock = threading.Lock()


class RedisCache(DjangoRedisCache):
    """Django's Redis cache backend whose cache objects share one client per process and settings."""

    @cached_property
    def _cache(self) -> _SharedRedisCacheClient:
        servers, options = self._servers, self._options  # type: ignore[attr-defined]  # Django internals
        key = repr((servers, sorted(options.items())))
        with _clients_lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = _SharedRedisCacheClient(servers, **options)
        return client
