"""Liveness and readiness: /healthz answers while the process lives; /readyz names every dependency."""

from __future__ import annotations

import time

import pytest
from django.conf import settings

from ops import health
from ops.services import HEARTBEAT_KEY, worker_heartbeat_record


def _queues():
    return [settings.CELERY_TASK_DEFAULT_QUEUE, settings.CELERY_AUDIO_QUEUE]


@pytest.mark.django_db
def test_liveness_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_is_503_without_worker_heartbeats_and_names_them(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": True, "detail": "ok"}
    assert body["checks"]["redis"] == {"ok": True, "detail": "ok"}
    for queue in _queues():
        assert body["checks"][f"worker:{queue}"] == {"ok": False, "detail": "no heartbeat"}


@pytest.mark.django_db
def test_readiness_is_200_once_every_queue_has_a_fresh_heartbeat(client):
    for queue in _queues():
        worker_heartbeat_record(queue=queue)
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert sorted(body["checks"]) == sorted(["database", "redis", *(f"worker:{q}" for q in _queues())])
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_one_queue_without_a_worker_is_not_ready(client):
    worker_heartbeat_record(queue=settings.CELERY_TASK_DEFAULT_QUEUE)
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks[f"worker:{settings.CELERY_TASK_DEFAULT_QUEUE}"]["ok"] is True
    assert checks[f"worker:{settings.CELERY_AUDIO_QUEUE}"] == {"ok": False, "detail": "no heartbeat"}


@pytest.mark.django_db
def test_a_stale_heartbeat_fails_the_check():
    from django.core.cache import cache

    old = time.time() - settings.HEARTBEAT_MAX_AGE_SECONDS - 5
    for queue in _queues():
        cache.set(HEARTBEAT_KEY.format(queue=queue), old, 600)
    checks = {c.name: c for c in health.check_worker_heartbeats(now=old + settings.HEARTBEAT_MAX_AGE_SECONDS + 5)}
    for queue in _queues():
        assert checks[f"worker:{queue}"].ok is False
        assert checks[f"worker:{queue}"].detail == f"heartbeat {settings.HEARTBEAT_MAX_AGE_SECONDS + 5} s ago"


@pytest.mark.django_db
def test_unreachable_redis_fails_the_redis_check(settings, tmp_path):
    settings.REDIS_URL = f"unix://{tmp_path / 'nobody-listens.sock'}"
    check = health.check_redis()
    assert check.ok is False
    assert check.detail == "ConnectionError"


@pytest.mark.django_db
def test_heartbeat_task_writes_the_queue_it_was_given():
    from django.core.cache import cache

    from ops.tasks import ops_heartbeat

    written = ops_heartbeat.apply(args=["some-queue"]).get()
    assert cache.get(HEARTBEAT_KEY.format(queue="some-queue")) == written


def test_beat_sends_a_heartbeat_to_every_queue():
    entries = {name: entry for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if entry["task"] == "ops.heartbeat"}
    assert sorted(entry["options"]["queue"] for entry in entries.values()) == sorted(_queues())
    assert sorted(entry["args"][0] for entry in entries.values()) == sorted(_queues())
