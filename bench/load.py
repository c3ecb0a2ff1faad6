#!/usr/bin/env python
"""Load test: N concurrent users browse, generate, download and hold WebSockets, for a bounded time.

    .venv/bin/python bench/load.py [--users 100] [--seconds 300] [--web-processes 2] [--workers 2]

Starts a private deployment on loopback (bench/stack.py: its own PostgreSQL cluster and Redis, the
web tier of ``make run``, a Celery worker per queue as deployed, beat), creates ``--users`` producer_plus
users with an API key each, then runs every user as an asyncio task until ``--seconds`` pass:

* each user keeps a WebSocket open on ``/ws?token=<key>`` (and reconnects now and then), counting
  the events pushed to it;
* between think times of 0.5-2 s it browses (profile, projects, notifications, vault, tool catalogue,
  insights, pages), generates (``POST /api/generate/<tool>``, then waits for the job's WebSocket event as
  the studio does, reading the status every 5 s meanwhile) and downloads what it made (MIDI, MusicXML).

It reports requests per second, p50 / p99 / max per endpoint (the URL pattern), errors (any status
other than the expected one, and transport errors), WebSocket handshakes and events, and the time
from a generate request to the job's completion. Only 127.0.0.1 is contacted. The rate limits that
would refuse 100 users on one IP (anonymous budget, WebSocket handshakes per IP) are raised for the
private deployment; producer_plus has no per-user request limit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect as ws_connect

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack import Stack

READS = [
    ("GET /api/user", "/api/user"),
    ("GET /api/projects", "/api/projects?per_page=20"),
    ("GET /api/notifications", "/api/notifications?per_page=20"),
    ("GET /api/vault", "/api/vault"),
    ("GET /api/generate/tools", "/api/generate/tools"),
    ("GET /api/user/producer-dna", "/api/user/producer-dna"),
    ("GET /api/challenges", "/api/challenges"),
    ("GET /v1/ai/generations", "/v1/ai/generations?limit=20"),
]
PAGES = [("GET / (page)", "/"), ("GET /pricing/ (page)", "/pricing/")]
TOOLS = [
    ("melody", {"genre": "trap", "key": "C", "scale": "minor", "melody_length": 8}),
    ("chords", {"genre": "lofi"}),
    ("bassline", {"genre": "house"}),
    ("drums", {"genre": "boom_bap"}),
]


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.ws = {"connects": 0, "connect_errors": 0, "events": 0, "closed_by_server": 0}
        self.ws_connect_ms: list[float] = []
        self.job_seconds: list[float] = []
        self.jobs_failed = 0

    def record(self, label: str, seconds: float, error: str | None = None) -> None:
        self.latency[label].append(seconds)
        if error:
            self.errors[label].append(error)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))] if ordered else 0.0


async def call(
    http: httpx.AsyncClient,
    stats: Stats,
    label: str,
    method: str,
    url: str,
    expect: tuple[int, ...] = (200,),
    **kw: Any,
) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = await http.request(method, url, **kw)
    except httpx.HTTPError as exc:
        stats.record(label, time.perf_counter() - started, type(exc).__name__)
        return None
    elapsed = time.perf_counter() - started
    stats.record(label, elapsed, None if response.status_code in expect else str(response.status_code))
    return response


async def websocket_session(
    port: int, key: str, stats: Stats, stop_at: float, waiters: dict[int, asyncio.Future[str]]
) -> None:
    """One socket held open until the user reconnects it or the run ends.

    Counts pushed events and hands ``generation_complete`` / ``generation_failed`` to the user's
    waiting generate action (as the studio does: it listens instead of polling).
    """
    started = time.perf_counter()
    try:
        async with ws_connect(f"ws://127.0.0.1:{port}/ws?token={key}", open_timeout=15) as socket:
            stats.ws["connects"] += 1
            stats.ws_connect_ms.append((time.perf_counter() - started) * 1000)
            hold_until = min(stop_at, time.monotonic() + random.uniform(30, 90))
            while time.monotonic() < hold_until:
                try:
                    message = await asyncio.wait_for(socket.recv(), timeout=max(0.1, hold_until - time.monotonic()))
                except TimeoutError:
                    break
                stats.ws["events"] += 1
                event = json.loads(message)
                if event.get("type") in ("generation_complete", "generation_failed"):
                    waiter = waiters.get(int(event.get("generation_id") or 0))
                    if waiter is not None and not waiter.done():
                        waiter.set_result(event["type"])
    except Exception as exc:  # noqa: BLE001 - any failure to hold the socket is an error to report
        name = type(exc).__name__
        if name.startswith("ConnectionClosed"):
            code = getattr(getattr(exc, "rcvd", None), "code", None)
            stats.ws["closed_by_server"] += 1
            stats.errors["WS /ws closed"].append(str(code))
        else:
            stats.ws["connect_errors"] += 1
            stats.errors["WS /ws"].append(name)


async def generate_and_wait(
    http: httpx.AsyncClient, stats: Stats, headers: dict[str, str], waiters: dict[int, asyncio.Future[str]]
) -> int | None:
    """Ask for a generation; wait for its WebSocket event (a status read every 5 s as a fallback)."""
    tool, body = random.choice(TOOLS)
    started = time.monotonic()
    label = "POST /api/generate/<tool>"
    response = await call(http, stats, label, "POST", f"/api/generate/{tool}", (200, 202), headers=headers, json=body)
    if response is None or response.status_code not in (200, 202):
        return None
    data = response.json()
    gid = int(data["generation_id"])
    status = "completed" if response.status_code == 200 and data.get("success") else str(data.get("status"))
    waiter: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    waiters[gid] = waiter
    deadline = time.monotonic() + 120
    while status in ("pending", "processing") and time.monotonic() < deadline:
        try:
            event = await asyncio.wait_for(asyncio.shield(waiter), timeout=5)
            status = "completed" if event == "generation_complete" else "failed"
        except TimeoutError:
            url = f"/api/generate/{gid}/status"
            polled = await call(http, stats, "GET /api/generate/{id}/status", "GET", url, headers=headers)
            if polled is not None and polled.status_code == 200:
                status = str(polled.json().get("status"))
    waiters.pop(gid, None)
    if status == "completed":
        stats.job_seconds.append(time.monotonic() - started)
        return gid
    stats.jobs_failed += 1
    return None


async def user_session(port: int, key: str, stats: Stats, stop_at: float, http: httpx.AsyncClient) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    made: list[int] = []
    waiters: dict[int, asyncio.Future[str]] = {}

    async def sockets() -> None:
        while time.monotonic() < stop_at:
            await websocket_session(port, key, stats, stop_at, waiters)

    socket_task = asyncio.create_task(sockets())
    await asyncio.sleep(random.uniform(0, 3))  # ramp up
    while time.monotonic() < stop_at:
        roll = random.random()
        if roll < 0.6:
            label, url = random.choice(READS + PAGES)
            await call(http, stats, label, "GET", url, headers=headers if "page" not in label else {})
        elif roll < 0.8:
            gid = await generate_and_wait(http, stats, headers, waiters)
            if gid is not None:
                made.append(gid)
        elif made:
            gid = random.choice(made)
            fmt = random.choice(["midi", "musicxml"])
            # MusicXML is written by a follow-up task: 202 + Retry-After until it exists.
            url = f"/api/generate/{gid}/{fmt}"
            await call(http, stats, f"GET /api/generate/{{id}}/{fmt}", "GET", url, (200, 202), headers=headers)
        await asyncio.sleep(random.uniform(0.5, 2.0))
    socket_task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await socket_task


async def run_users(port: int, keys: list[str], seconds: float) -> tuple[Stats, float]:
    stats = Stats()
    stop_at = time.monotonic() + seconds
    # Idle connections are dropped before uvicorn's 5 s keep-alive ends: a request sent on a connection the
    # server is closing at that instant fails (httpx's default expiry is also 5 s).
    limits = httpx.Limits(max_connections=len(keys) * 2, max_keepalive_connections=len(keys), keepalive_expiry=4)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60, limits=limits) as http:
        started = time.monotonic()
        await asyncio.gather(*(user_session(port, key, stats, stop_at, http) for key in keys))
        return stats, time.monotonic() - started


def report(stats: Stats, wall: float, users: int) -> dict[str, Any]:
    total = sum(len(v) for v in stats.latency.values())
    errors = sum(len(v) for v in stats.errors.values())
    rows = []
    print(f"\n{users} users, {wall:.0f} s: {total} requests, {total / wall:.1f} requests/s, {errors} errors\n")
    print("| endpoint | requests | errors | p50 ms | p99 ms | max ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label in sorted(stats.latency):
        values = stats.latency[label]
        row = {
            "endpoint": label,
            "requests": len(values),
            "errors": len(stats.errors.get(label, [])),
            "error_kinds": sorted(set(stats.errors.get(label, []))),
            "p50_ms": round(pct(values, 50) * 1000, 1),
            "p99_ms": round(pct(values, 99) * 1000, 1),
            "max_ms": round(max(values) * 1000, 1),
        }
        rows.append(row)
        kinds = row["error_kinds"] or ""
        print(f"| {label} | {row['requests']} | {row['errors']} {kinds} | ", end="")
        print(f"{row['p50_ms']} | {row['p99_ms']} | {row['max_ms']} |")
    ws_p50 = round(pct(stats.ws_connect_ms, 50), 1)
    ws_p99 = round(pct(stats.ws_connect_ms, 99), 1)
    print(f"\nWebSocket: {stats.ws} handshake p50 {ws_p50} ms p99 {ws_p99} ms")
    jobs = stats.job_seconds
    print(
        f"Jobs: {len(jobs)} completed, {stats.jobs_failed} not completed; request to completed "
        f"p50 {pct(jobs, 50):.2f} s p99 {pct(jobs, 99):.2f} s"
    )
    return {
        "users": users,
        "seconds": round(wall, 1),
        "requests": total,
        "requests_per_second": round(total / wall, 1),
        "errors": errors,
        "endpoints": rows,
        "websocket": stats.ws | {"handshake_p50_ms": ws_p50, "handshake_p99_ms": ws_p99},
        "jobs": {
            "completed": len(jobs),
            "not_completed": stats.jobs_failed,
            "p50_s": pct(jobs, 50),
            "p99_s": pct(jobs, 99),
        },
    }


def server_means(metrics: str) -> dict[str, float]:
    """Mean time the web processes spent building each route's responses (queueing not included)."""
    sums: dict[str, float] = {}
    counts: dict[str, float] = {}
    for line in metrics.splitlines():
        for suffix, into in (("_sum", sums), ("_count", counts)):
            prefix = f"coprod_http_request_seconds{suffix}{{"
            if line.startswith(prefix):
                labels, value = line[len(prefix) :].rsplit("} ", 1)
                into[labels] = float(value)
    return {k: round(sums[k] / counts[k] * 1000, 1) for k in sorted(sums) if counts.get(k)}


def seed(users: int) -> list[str]:
    """``users`` producer_plus users with one API key each (keys, not logins: no password hashing)."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from accounts.services import api_key_create

    password = make_password("Bench-pass-2026")
    keys = []
    for n in range(users):
        user = User.objects.create(
            email=f"load{n}@coprod.local", username=f"load{n}", password=password, subscription_tier="producer_plus"
        )
        keys.append(api_key_create(user=user, name="load")[1])
    return keys


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--web-processes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1, help="Celery worker processes per queue")
    parser.add_argument("--out", default="var/load-results.json")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 500 or not 1 <= args.seconds <= 1800:
        parser.error("--users 1-500 and --seconds 1-1800 keep the run bounded")
    extra = {"WS_CONNECTS_PER_MINUTE": "100000", "RATE_LIMIT_FREE": "100000"}
    with Stack(
        web_processes=args.web_processes, worker_concurrency=args.workers, split_queues=True, extra_env=extra
    ) as stack:
        print(f"starting a private stack in {stack.dir}", flush=True)
        stack.start()
        stack.django_setup()
        logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
        keys = seed(args.users)
        print(f"{len(keys)} users seeded; running for {args.seconds:.0f} s", flush=True)
        load_before = os.getloadavg()
        stats, wall = asyncio.run(run_users(stack.web_port, keys, args.seconds))
        result = report(stats, wall, args.users)
        result["load_average_before_after"] = [round(load_before[0], 1), round(os.getloadavg()[0], 1)]
        print(f"load average (1 min) before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f}")
        metrics = httpx.get(f"http://127.0.0.1:{stack.web_port}/metrics", timeout=30).text
        result["metrics_sample"] = [line for line in metrics.splitlines() if line.startswith("coprod_jobs{")]
        result["server_mean_ms"] = server_means(metrics)
        print("\nserver-side mean (ms, from /metrics):", json.dumps(result["server_mean_ms"], indent=1))
    Path(args.out).parent.mkdir(exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
