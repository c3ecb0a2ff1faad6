"""/metrics: request counts by route, jobs by kind and status from the database, task timers, access."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from prometheus_client import REGISTRY

from generation.models import Generation
from ops import metrics
from tests.factories import UserFactory


def _sample(text: str, name: str, labels: dict[str, str]) -> float | None:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in text.splitlines():
        match = re.fullmatch(rf"{re.escape(name)}\{{(.*)\}} (\S+)", line)
        if match and match.group(1) == wanted:
            return float(match.group(2))
    return None


@pytest.mark.django_db
def test_jobs_are_counted_by_kind_and_status(client):
    owner = UserFactory()
    for status in ("pending", "pending", "processing", "failed", "completed"):
        Generation.objects.create(owner=owner, tool="melody", parameters={}, seed=1, status=status)
    text = client.get("/metrics").content.decode()
    assert _sample(text, "coprod_jobs", {"kind": "generation", "status": "pending"}) == 2
    assert _sample(text, "coprod_jobs", {"kind": "generation", "status": "processing"}) == 1
    assert _sample(text, "coprod_jobs", {"kind": "generation", "status": "failed"}) == 1
    assert _sample(text, "coprod_jobs", {"kind": "generation", "status": "completed"}) == 1
    assert _sample(text, "coprod_jobs", {"kind": "generation", "status": "cancelled"}) == 0
    assert _sample(text, "coprod_jobs", {"kind": "export", "status": "pending"}) == 0


@pytest.mark.django_db
def test_requests_are_counted_by_route_not_by_path(client):
    labels = {"method": "GET", "route": "healthz", "status": "200"}
    before = REGISTRY.get_sample_value("coprod_http_requests_total", labels) or 0
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page-123")
    text = client.get("/metrics").content.decode()
    assert _sample(text, "coprod_http_requests_total", labels) == before + 2
    assert _sample(text, "coprod_http_requests_total", {"method": "GET", "route": "unmatched", "status": "404"}) >= 1
    assert "no-such-page-123" not in text
    home = {"method": "GET", "route": "/", "status": "200"}
    home_before = REGISTRY.get_sample_value("coprod_http_requests_total", home) or 0
    client.get("/")
    assert REGISTRY.get_sample_value("coprod_http_requests_total", home) == home_before + 1
    assert _sample(text, "coprod_http_request_seconds_count", {"method": "GET", "route": "healthz"}) == before + 2


def test_task_timer_records_audio_tasks_as_render_seconds():
    task = SimpleNamespace(name="projects.export_run", request=SimpleNamespace(delivery_info={}))
    task.request.delivery_info = {"routing_key": settings.CELERY_AUDIO_QUEUE}
    render = {"task": "projects.export_run"}
    before = REGISTRY.get_sample_value("coprod_render_seconds_count", render) or 0
    metrics._task_prerun(task_id="t-audio", task=task)
    metrics._task_postrun(task_id="t-audio", task=task, state="SUCCESS")
    assert REGISTRY.get_sample_value("coprod_render_seconds_count", render) == before + 1
    assert REGISTRY.get_sample_value("coprod_task_seconds_count", {**render, "outcome": "success"}) >= 1

    quick = SimpleNamespace(name="generation.run", request=SimpleNamespace(delivery_info={"routing_key": "coprod"}))
    quick_before = REGISTRY.get_sample_value("coprod_render_seconds_count", {"task": "generation.run"})
    metrics._task_prerun(task_id="t-gen", task=quick)
    metrics._task_postrun(task_id="t-gen", task=quick, state="SUCCESS")
    assert REGISTRY.get_sample_value("coprod_render_seconds_count", {"task": "generation.run"}) == quick_before
    assert "t-gen" not in metrics._task_started

    beat = SimpleNamespace(name="ops.heartbeat", request=SimpleNamespace(delivery_info=task.request.delivery_info))
    metrics._task_prerun(task_id="t-beat", task=beat)
    metrics._task_postrun(task_id="t-beat", task=beat, state="SUCCESS")
    assert REGISTRY.get_sample_value("coprod_render_seconds_count", {"task": "ops.heartbeat"}) is None


@pytest.mark.django_db
def test_metrics_refused_through_a_proxy_without_a_token(client):
    response = client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 403
    assert b"coprod_" not in response.content


@pytest.mark.django_db
def test_metrics_refused_from_another_machine_without_a_token(client):
    response = client.get("/metrics", REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 403


@pytest.mark.django_db
def test_metrics_token_is_required_when_set(client, settings):
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    refused = client.get("/metrics")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    allowed = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token", REMOTE_ADDR="192.0.2.10")
    assert allowed.status_code == 200
    assert allowed["Content-Type"].startswith("text/plain; version=")
    assert b"coprod_jobs{" in allowed.content


def test_make_run_gives_every_process_one_emptied_metrics_directory(tmp_path, monkeypatch):
    from bin import services

    monkeypatch.setattr(services, "VAR", tmp_path)
    stale = tmp_path / "prometheus" / "counter_123.db"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    env: dict[str, str] = {}
    services.prometheus_dir(env)
    assert env == {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus")}
    assert not stale.exists()
    kept = {"PROMETHEUS_MULTIPROC_DIR": "/elsewhere"}
    services.prometheus_dir(kept)
    assert kept == {"PROMETHEUS_MULTIPROC_DIR": "/elsewhere"}
