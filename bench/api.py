#!/usr/bin/env python
"""Benchmark of the generate API against a real daphne and one Celery worker.

Prints a table: for ``POST /api/generate/melody``, request-to-completed latency (p50/p99)
and jobs per second with 1, 8 and 32 concurrent clients; for ``GET /api/generate/{id}/status``,
requests per second and p99. Everything runs on this machine: an embedded Redis (unless
``REDIS_URL`` is set), a throwaway SQLite database under ``var/`` (unless ``DATABASE_URL`` is
set), daphne on a free loopback port and one worker (``--concurrency 1``).

    .venv/bin/python bench/api.py [--jobs 20] [--status-seconds 5]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
MELODY = {"genre": "trap", "bpm": 140, "key": "C", "scale": "minor", "melody_length": 8}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


class Client:
    """One keep-alive HTTP connection (one per benchmark thread)."""

    def __init__(self, port: int, token: str | None = None):
        self.port = port
        self.token = token
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        payload = json.dumps(body).encode() if body is not None else None
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=payload, headers=headers)
                response = self.connection.getresponse()
                return response.status, json.loads(response.read() or b"{}")
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listening on {port}")


def generate_until_complete(client: Client) -> float:
    """Latency from request to a completed result (polling status if the inline wait ran out)."""
    start = time.perf_counter()
    status, body = client.request("POST", "/api/generate/melody", MELODY)
    if status == 202:
        generation_id = body["generation_id"]
        while True:
            _, polled = client.request("GET", f"/api/generate/{generation_id}/status")
            if polled["status"] in ("completed", "failed", "cancelled"):
                break
            time.sleep(0.01)
    elif status != 200:
        raise SystemExit(f"generate failed: {status} {body}")
    return time.perf_counter() - start


def run_generate(port: int, token: str, clients: int, jobs_per_client: int) -> dict:
    latencies: list[float] = []

    def worker(_: int) -> list[float]:
        client = Client(port, token)
        return [generate_until_complete(client) for _ in range(jobs_per_client)]

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for result in pool.map(worker, range(clients)):
            latencies.extend(result)
    elapsed = time.perf_counter() - start
    return {
        "p50": percentile(latencies, 50) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "throughput": len(latencies) / elapsed,
        "n": len(latencies),
    }


def run_status(port: int, token: str, generation_id: int, clients: int, seconds: float) -> dict:
    def worker(_: int) -> list[float]:
        client = Client(port, token)
        latencies = []
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            status, _ = client.request("GET", f"/api/generate/{generation_id}/status")
            assert status == 200, status
            latencies.append(time.perf_counter() - start)
        return latencies

    latencies: list[float] = []
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for result in pool.map(worker, range(clients)):
            latencies.extend(result)
    elapsed = time.perf_counter() - start
    return {
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 50) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "n": len(latencies),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=32, help="jobs per concurrency level (at least one per client)")
    parser.add_argument("--status-seconds", type=float, default=5.0)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-api-", dir=ROOT / "var" if (ROOT / "var").exists() else None))
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    env.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
    env["COPROD_DISABLE_AUTH_RATE_LIMITS"] = "true"
    env["RATE_LIMIT_FREE"] = "1000000"
    env["ASGI_THREADS"] = env.get("ASGI_THREADS", "40")
    processes: list[subprocess.Popen] = []
    try:
        if not env.get("REDIS_URL"):
            from bin.services import start_embedded_redis

            socket_path = workdir / "redis.sock"
            processes.append(start_embedded_redis(socket_path))
            env["REDIS_URL"] = f"unix://{socket_path}"
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
        subprocess.run([*manage, "seed_demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        port = free_port()
        processes.append(
            subprocess.Popen(
                [
                    str(BIN / "celery"),
                    "-A",
                    "coprod",
                    "worker",
                    "--concurrency",
                    "1",
                    "--loglevel",
                    "WARNING",
                    "--without-gossip",
                    "--without-mingle",
                    "--pool",
                    "solo",
                ],
                env=env,
                cwd=ROOT,
            )
        )
        processes.append(
            subprocess.Popen(
                [
                    str(BIN / "daphne"),
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "--access-log",
                    os.devnull,
                    "coprod.asgi:application",
                ],
                env=env,
                cwd=ROOT,
                stderr=subprocess.DEVNULL,
            )
        )
        wait_for_port(port)
        anonymous = Client(port)
        _, login = anonymous.request(
            "POST", "/api/auth/login", {"email": "demo@coprod.local", "password": "coprod-demo-2026"}
        )
        token = login["token"]
        warm = Client(port, token)
        for _ in range(3):  # warm the worker (imports, caches) before measuring
            generate_until_complete(warm)

        print("\nPOST /api/generate/melody  (request -> completed result; 1 daphne, 1 worker)")
        print(f"{'clients':>8} {'jobs':>6} {'p50 ms':>10} {'p99 ms':>10} {'jobs/s':>8}")
        for clients in (1, 8, 32):
            per_client = max(1, args.jobs // clients)
            row = run_generate(port, token, clients, per_client)
            print(f"{clients:>8} {row['n']:>6} {row['p50']:>10.1f} {row['p99']:>10.1f} {row['throughput']:>8.2f}")

        _, done = warm.request("POST", "/api/generate/melody", MELODY)
        generation_id = done["generation_id"]
        print("\nGET /api/generate/{id}/status")
        print(f"{'clients':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for clients in (1, 8):
            row = run_status(port, token, generation_id, clients, args.status_seconds)
            print(f"{clients:>8} {row['n']:>9} {row['rps']:>8.1f} {row['p50']:>8.1f} {row['p99']:>8.1f}")
        print("\ntargets: melody p50 <= 150 ms with 1 client; status >= 300 req/s with p99 <= 100 ms")
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
