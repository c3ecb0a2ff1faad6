#!/usr/bin/env python
"""Load test: N concurrent users browse, generate, download and hold WebSockets, for a bounded time.

    .venv/bin/python bench/load.py [--users 100] [--seconds 300] [--web-processes 2] [--workers 2]

Starts a private deployment on loopback (bench/stack.py: its own PostgreSQL cluster and Redis, the
web tier of ``make run``, a Celery worker for both queues, beat), creates ``--users`` producer_plus
users with an API key each, then runs every user as an asyncio task until ``--seconds`` pass:

* each user keeps a WebSocket open on ``/ws?token=<key>`` (and reconnects now and then), counting
  the events pushed to it;
* between think times of 0.5-2 s it browses (profile, projects, notifications, vault, tool catalogue,
  insights, pages), generates (``POST /api/generate/<tool>``, then polls the status until done) and
  downloads what it made (MIDI, MusicXML).

It reports requests per second, p50 / p99 / max per endpoint (the URL pattern), errors (any status
other than the expected one, and transport errors), WebSocket handshakes and events, and the time
from a generate request to the job's completion. Only 127.0.0.1 is contacted. The rate limits that
would refuse 100 users on one IP (anonymous budget, WebSocket handshakes per IP) are raised for the
private deployment; producer_plus has no per-user request limit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect as ws_connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

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
    ("drums", {"genre": "hiphop"}),
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


async def websocket_session(port: int, key: str, stats: Stats, stop_at: float) -> None:
    """One socket held open until the user reconnects it or the run ends; counts pushed events."""
    started = time.perf_counter()
    try:
        async with ws_connect(f"ws://127.0.0.1:{port}/ws?token={key}", open_timeout=15) as socket:
            stats.ws["connects"] += 1
            stats.ws_connect_ms.append((time.perf_counter() - started) * 1000)
            hold_until = min(stop_at, time.monotonic() + random.uniform(30, 90))
            while time.monotonic() < hold_until:
                try:
                    await asyncio.wait_for(socket.recv(), timeout=max(0.1, hold_until - time.monotonic()))
                    stats.ws["events"] += 1
                except TimeoutError:
                    break
    except Exception as exc:  # noqa: BLE001 - any failure to hold the socket is an error to report
        name = type(exc).__name__
        if name.startswith("ConnectionClosed"):
            stats.ws["closed_by_server"] += 1
        else:
            stats.ws["connect_errors"] += 1
            stats.errors["WS /ws"].append(name)


async def user_session(port: int, key: str, stats: Stats, stop_at: float, http: httpx.AsyncClient) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    made: list[int] = []

    async def sockets() -> None:
        while time.monotonic() < stop_at:
            await websocket_session(port, key, stats, stop_at)

    socket_task = asyncio.create_task(sockets())
    await asyncio.sleep(random.uniform(0, 3))  # ramp up
    while time.monotonic() < stop_at:
        roll = random.random()
        if roll < 0.6:
            label, url = random.choice(READS + PAGES)
            await call(http, stats, label, "GET", url, headers=headers if "page" not in label else {})
        elif roll < 0.8:
            tool, body = random.choice(TOOLS)
            started = time.monotonic()
            response = await call(
                http,
                stats,
                "POST /api/generate/<tool>",
                "POST",
                f"/api/generate/{tool}",
                (200, 202),
                headers=headers,
                json=body,
            )
            if response is not None and response.status_code in (200, 202):
                data = response.json()
                gid = int(data["generation_id"])
                status = "completed" if response.status_code == 200 and data.get("success") else data.get("status")
                while status in ("pending", "processing") and time.monotonic() < stop_at + 30:
                    await asyncio.sleep(0.5)
                    polled = await call(
                        http,
                        stats,
                        "GET /api/generate/{id}/status",
                        "GET",
                        f"/api/generate/{gid}/status",
                        headers=headers,
                    )
                    status = polled.json().get("status") if polled is not None and polled.status_code == 200 else status
                if status == "completed":
                    stats.job_seconds.append(time.monotonic() - started)
                    made.append(gid)
                else:
                    stats.jobs_failed += 1
        elif made:
            gid = random.choice(made)
            fmt = random.choice(["midi", "musicxml"])
            # MusicXML is written by a follow-up task: 202 + Retry-After until it exists.
            await call(
                http,
                stats,
                f"GET /api/generate/{{id}}/{fmt}",
                "GET",
                f"/api/generate/{gid}/{fmt}",
                (200, 202),
                headers=headers,
            )
        await asyncio.sleep(random.uniform(0.5, 2.0))
    socket_task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await socket_task


async def run_users(port: int, keys: list[str], seconds: float) -> tuple[Stats, float]:
    stats = Stats()
    stop_at = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=len(keys) * 2, max_keepalive_connections=len(keys))
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
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes (both queues)")
    parser.add_argument("--out", default="var/load-results.json")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 500 or not 1 <= args.seconds <= 1800:
        parser.error("--users 1-500 and --seconds 1-1800 keep the run bounded")
    extra = {"WS_CONNECTS_PER_MINUTE": "100000", "RATE_LIMIT_FREE": "100000"}
    with Stack(web_processes=args.web_processes, worker_concurrency=args.workers, extra_env=extra) as stack:
        print(f"starting a private stack in {stack.dir}", flush=True)
        stack.start()
        stack.django_setup()
        keys = seed(args.users)
        print(f"{len(keys)} users seeded; running for {args.seconds:.0f} s", flush=True)
        stats, wall = asyncio.run(run_users(stack.web_port, keys, args.seconds))
        result = report(stats, wall, args.users)
        metrics = httpx.get(f"http://127.0.0.1:{stack.web_port}/metrics", timeout=30).text
        result["metrics_sample"] = [line for line in metrics.splitlines() if line.startswith("coprod_jobs{")]
    Path(args.out).parent.mkdir(exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
