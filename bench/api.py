#!/usr/bin/env python
"""Benchmark of the generate API against the real web tier and Celery worker processes.

Prints tables: for ``POST /api/generate/melody``, request-to-completed latency (p50/p99) and jobs
per second with 1, 8 and 32 concurrent clients, first with one worker process, then with two
(two ``--pool solo`` workers on the generation queue, as two worker machines would run; each
client is its own user, so the per-user quota of running jobs holds no client back); for
``GET /api/generate/{id}/status``, requests per second, p50 and p99, with the CPU time the web
processes spent per request and what the other processes of the benchmark (the workers) spent
meanwhile. Everything runs on this machine: an embedded Redis (unless ``REDIS_URL`` is set), a
throwaway SQLite database under ``var/`` (unless ``DATABASE_URL`` is set; copied from a migrated
template, see ``bench/sqlite_template.py``) and the web tier of ``make run`` (``bin/web.py``:
uvicorn with ``--web-processes`` workers, default ``WEB_CONCURRENCY`` or 2, metrics in a
``PROMETHEUS_MULTIPROC_DIR`` as ``make run`` sets) on a free loopback port. The load average is
printed at the start and the end: other work on the machine slows everything here.

    .venv/bin/python bench/api.py [--jobs 32] [--status-seconds 5] [--web-processes 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
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


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


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


BENCH_PASSWORD = "bench-pass-2026"  # noqa: S105 - throwaway users in the benchmark's own database
CREATE_USERS = """
from allauth.account.models import EmailAddress
from accounts.models import User
for i in range({count}):
    email = f"bench{{i}}@coprod.local"
    user, _ = User.objects.get_or_create(email=email, defaults={{"username": f"bench{{i}}"}})
    user.set_password("{password}")
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={{"verified": True, "primary": True}})
"""


def bench_tokens(port: int, env: dict[str, str], count: int) -> list[str]:
    """A signed-in token for each of ``count`` users: one per client, so the per-user quota on
    running jobs (3 on the free plan) limits no client."""
    code = CREATE_USERS.format(count=count, password=BENCH_PASSWORD)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "shell", "-c", code], env=env, check=True, cwd=ROOT)
    anonymous = Client(port)
    tokens = []
    for i in range(count):
        _, login = anonymous.request(
            "POST", "/api/auth/login", {"email": f"bench{i}@coprod.local", "password": BENCH_PASSWORD}
        )
        tokens.append(login["token"])
    return tokens


def run_generate(port: int, tokens: list[str], clients: int, jobs_per_client: int) -> dict:
    latencies: list[float] = []

    def worker(index: int) -> list[float]:
        client = Client(port, tokens[index])
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and every process below it (read from ``/proc``)."""
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        total += times.get(current, 0.0)
        stack.extend(children.get(current, []))
    return total


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


def start_worker(env: dict[str, str], index: int) -> subprocess.Popen:
    """One Celery worker process (``--pool solo``) on the generation queue, named ``bench<index>``.

    The MP3 previews each result queues go to the audio queue, which no worker takes here: these
    are the generation tier's figures (``bench/render.py`` measures the audio tier).
    """
    from bin.services import worker_queues

    generation_queue = worker_queues(env)[0]
    command = [str(BIN / "celery"), "-A", "coprod", "worker", "--pool", "solo", "--concurrency", "1"]
    command += ["--hostname", f"bench{index}@%h", "--queues", generation_queue, "--loglevel", "WARNING"]
    command += ["--without-gossip", "--without-mingle"]
    return subprocess.Popen(command, env=env, cwd=ROOT)


def wait_for_workers(env: dict[str, str], count: int, timeout: float = 600) -> None:
    """Until ``count`` workers answer a ping (so none is still importing when the clock starts)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        completed = subprocess.run(
            [str(BIN / "celery"), "-A", "coprod", "inspect", "ping", "--timeout", "1", "--json"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            answered = len(json.loads(completed.stdout or "{}"))
        except json.JSONDecodeError:
            answered = 0
        if answered >= count:
            return
        time.sleep(0.5)
    raise SystemExit(f"fewer than {count} workers answered within {timeout:.0f} s")


def print_generate_table(port: int, tokens: list[str], jobs: int, title: str) -> dict[int, float]:
    """The generate rows for 1, 8 and 32 clients; jobs/s by client count."""
    print(f"\nPOST /api/generate/melody  (request -> completed result; {title})")
    print(f"{'clients':>8} {'jobs':>6} {'p50 ms':>10} {'p99 ms':>10} {'jobs/s':>8}")
    throughput = {}
    for clients in (1, 8, 32):
        row = run_generate(port, tokens, clients, max(1, jobs // clients))
        throughput[clients] = row["throughput"]
        print(f"{clients:>8} {row['n']:>6} {row['p50']:>10.1f} {row['p99']:>10.1f} {row['throughput']:>8.2f}")
    return throughput


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=32, help="jobs per concurrency level (at least one per client)")
    parser.add_argument("--status-seconds", type=float, default=5.0)
    parser.add_argument(
        "--web-processes", type=int, default=int(os.environ.get("WEB_CONCURRENCY") or 2), help="uvicorn workers"
    )
    args = parser.parse_args()

    print(f"load average at the start: {load_average()}")
    (ROOT / "var").mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-api-", dir=ROOT / "var"))
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        from bench.sqlite_template import migrated_sqlite

        migrated_sqlite(workdir / "bench.sqlite3")
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    env.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
    env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(workdir / "prometheus"))
    Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)
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
        processes.append(start_worker(env, 1))
        from bin.services import web_command

        web = web_command("127.0.0.1", str(port), args.web_processes, access_log=False)
        web_log = workdir / "web.log"
        with web_log.open("wb") as log:
            web_process = subprocess.Popen(web, env=env, cwd=ROOT, stderr=log)
        processes.append(web_process)
        wait_for_workers(env, 1)
        wait_for_port(port)
        anonymous = Client(port)
        _, login = anonymous.request(
            "POST", "/api/auth/login", {"email": "demo@coprod.local", "password": "coprod-demo-2026"}
        )
        token = login["token"]
        warm = Client(port, token)
        for _ in range(3):  # warm the worker (imports, caches) before measuring
            generate_until_complete(warm)

        tokens = bench_tokens(port, env, 32)
        web_title = f"{args.web_processes} web processes"
        one = print_generate_table(port, tokens, args.jobs, f"{web_title}, 1 worker process")
        processes.append(start_worker(env, 2))
        wait_for_workers(env, 2)
        for _ in range(4):
            generate_until_complete(warm)
        two = print_generate_table(port, tokens, args.jobs, f"{web_title}, 2 worker processes")
        print(
            f"\nmelody jobs/s at 8 clients: 1 worker process {one[8]:.1f}, 2 worker processes {two[8]:.1f}"
            f" (32 clients: {one[32]:.1f}, {two[32]:.1f})"
        )

        _, done = warm.request("POST", "/api/generate/melody", MELODY)
        generation_id = done["generation_id"]
        time.sleep(2)  # let the workers finish what the generate phase left them (profiles, notifications)
        others = [p for p in processes if p is not web_process]
        print("\nGET /api/generate/{id}/status")
        print(
            f"{'clients':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
            f" {'web CPU ms/req':>15} {'others CPU s':>13}"
        )
        for clients in (1, 8):
            web_before, others_before = cpu_seconds(web_process.pid), sum(cpu_seconds(p.pid) for p in others)
            row = run_status(port, token, generation_id, clients, args.status_seconds)
            web_cpu = (cpu_seconds(web_process.pid) - web_before) / row["n"] * 1000
            others_cpu = sum(cpu_seconds(p.pid) for p in others) - others_before
            print(
                f"{clients:>8} {row['n']:>9} {row['rps']:>8.1f} {row['p50']:>8.1f} {row['p99']:>8.1f}"
                f" {web_cpu:>15.2f} {others_cpu:>13.2f}"
            )
        print("\ntargets: melody p50 <= 150 ms with 1 client; status >= 300 req/s with p99 <= 100 ms")
        print(f"load average at the end: {load_average()}")
        # Read what ran: anything the web processes logged beyond starting up is a finding.
        noted = [line for line in web_log.read_text().splitlines() if not line.startswith("INFO:")]
        print("web processes' log: " + ("\n  ".join(["", *noted]) if noted else "nothing but INFO lines"))
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
