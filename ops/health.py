"""Readiness checks: can this web process serve real traffic right now?

Liveness (``/healthz``, in :mod:`coprod.views`) says the process answers. Readiness (``/readyz``)
says its dependencies answer too: the database (``SELECT 1``), Redis (``PING``, short timeouts)
and, for every Celery queue, a worker heartbeat younger than ``HEARTBEAT_MAX_AGE_SECONDS`` (beat
sends ``ops.heartbeat`` to each queue every ``HEARTBEAT_INTERVAL_SECONDS``). Every check runs, so
the answer names everything that is wrong, not just the first thing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .services import HEARTBEAT_KEY

REDIS_TIMEOUT_SECONDS = 1.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"; the type is the detail
        return Check("database", False, type(exc).__name__)
    return Check("database", True, "ok")


def check_redis() -> Check:
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except Exception as exc:  # noqa: BLE001
        return Check("redis", False, type(exc).__name__)
    finally:
        client.close()
    return Check("redis", True, "ok")


def monitored_queues() -> list[str]:
    """The queues a worker must consume: generation jobs and audio jobs."""
    return [settings.CELERY_TASK_DEFAULT_QUEUE, settings.CELERY_AUDIO_QUEUE]


def check_worker_heartbeats(now: float | None = None) -> list[Check]:
    now = time.time() if now is None else now
    try:
        beats = cache.get_many([HEARTBEAT_KEY.format(queue=q) for q in monitored_queues()])
    except Exception as exc:  # noqa: BLE001
        return [Check(f"worker:{q}", False, type(exc).__name__) for q in monitored_queues()]
    checks = []
    for queue in monitored_queues():
        beat = beats.get(HEARTBEAT_KEY.format(queue=queue))
        if beat is None:
            checks.append(Check(f"worker:{queue}", False, "no heartbeat"))
            continue
        age = now - float(beat)
        fresh = age <= settings.HEARTBEAT_MAX_AGE_SECONDS
        checks.append(Check(f"worker:{queue}", fresh, f"heartbeat {age:.0f} s ago"))
    return checks


def readiness_checks() -> list[Check]:
    return [check_database(), check_redis(), *check_worker_heartbeats()]
