"""Prometheus metrics (``prometheus_client``), served at ``/metrics``.

* ``coprod_http_requests_total{method, route, status}`` and ``coprod_http_request_seconds{method,
  route}``: every HTTP request, labelled by its URL pattern (``api/generate/<int:generation_id>/status``,
  ``unmatched`` for a 404), never by its raw path, so the label set stays small.
* ``coprod_jobs{kind, status}``: jobs of every registered kind (generations, exports, tracks,
  webhook deliveries...) by status, counted in the database at scrape time, so every web process
  answers the same numbers (``pending`` is queued, ``processing`` running).
* ``coprod_task_seconds{task, outcome}``: Celery task run time, measured in the worker;
  ``coprod_render_seconds{task}``: the same for tasks that ran from the audio queue (previews,
  exports, tracks).

Several processes (uvicorn workers, Celery's pool) each count their own: with
``PROMETHEUS_MULTIPROC_DIR`` set (``make run`` sets ``var/prometheus``; one directory per machine,
emptied at start) they write to files there and ``/metrics`` adds them up; ``python -m
ops.metrics_server`` serves the same directory on a worker machine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

HTTP_REQUESTS = Counter("coprod_http_requests", "HTTP requests served", ["method", "route", "status"])
HTTP_SECONDS = Histogram(
    "coprod_http_request_seconds",
    "Time to build the HTTP response",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
TASK_SECONDS = Histogram(
    "coprod_task_seconds",
    "Celery task run time",
    ["task", "outcome"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, 300),
)
RENDER_SECONDS = Histogram(
    "coprod_render_seconds",
    "Run time of audio tasks (previews, exports, tracks)",
    ["task"],
    buckets=(0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, 300),
)

# Celery task id -> perf_counter at start (a worker process runs one task at a time; threads a few).
_task_started: dict[str, float] = {}


def http_request_observe(*, method: str, route: str, status: int, seconds: float) -> None:
    method = method if method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS") else "OTHER"
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_SECONDS.labels(method, route).observe(seconds)


def _task_prerun(task_id: str | None = None, **_: Any) -> None:
    if task_id:
        _task_started[task_id] = time.perf_counter()


def _task_postrun(task_id: str | None = None, task: Any = None, state: str | None = None, **_: Any) -> None:
    started = _task_started.pop(task_id or "", None)
    if started is None or task is None:
        return
    seconds = time.perf_counter() - started
    name = str(getattr(task, "name", "unknown"))
    TASK_SECONDS.labels(name, (state or "unknown").lower()).observe(seconds)
    delivery = getattr(task.request, "delivery_info", None) or {}
    # The heartbeat visits the audio queue too; it renders nothing.
    if delivery.get("routing_key") == settings.CELERY_AUDIO_QUEUE and not name.startswith("ops."):
        RENDER_SECONDS.labels(name).observe(seconds)


def task_timers_connect() -> None:
    """Time every Celery task run in this process (connected once, from ``OpsConfig.ready``)."""
    from celery.signals import task_postrun, task_prerun

    task_prerun.connect(_task_prerun, weak=False, dispatch_uid="ops.metrics.task_prerun")
    task_postrun.connect(_task_postrun, weak=False, dispatch_uid="ops.metrics.task_postrun")


class JobsCollector(Collector):
    """``coprod_jobs{kind, status}`` from the job tables (one grouped count per kind)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from coprod.jobs.kinds import JOB_KINDS
        from coprod.jobs.models import JobStatus

        family = GaugeMetricFamily("coprod_jobs", "Jobs by kind and status", labels=["kind", "status"])
        for name, kind in sorted(JOB_KINDS.items()):
            rows = kind.model._default_manager.values("status").annotate(n=Count("pk")).order_by()
            counts = {row["status"]: row["n"] for row in rows}
            for status in JobStatus.values:
                family.add_metric([name, status], counts.get(status, 0))
        yield family


class _Forward(Collector):
    """Everything this process registered (single-process mode)."""

    def collect(self) -> Iterator[Any]:
        yield from REGISTRY.collect()


def metrics_registry() -> CollectorRegistry:
    """What one scrape reports: this machine's processes (or this process) and the job counts."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_Forward())
    registry.register(JobsCollector())
    return registry
