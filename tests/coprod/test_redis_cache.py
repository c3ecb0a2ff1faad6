"""The cache backend (coprod/redis.py): every cache object of a process shares one Redis client, so
a request (which gets cache objects of its own under ASGI) opens no Redis connection of its own."""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.cache import caches

from coprod.redis import RedisCache


def _client_in_another_thread():
    found = []
    thread = threading.Thread(target=lambda: found.append(caches["default"]._cache.get_client()))
    thread.start()
    thread.join()
    return found[0]


def test_cache_objects_of_other_threads_and_contexts_share_one_client_and_pool():
    here = caches["default"]._cache.get_client()
    there = _client_in_another_thread()
    made_now = RedisCache(settings.CACHES["default"]["LOCATION"], {})._cache.get_client()

    assert here is there is made_now
    assert here.connection_pool is made_now.connection_pool


def test_another_redis_gets_its_own_client():
    other = RedisCache("unix:///nonexistent/redis.sock", {})._cache.get_client()

    assert other is not caches["default"]._cache.get_client()
