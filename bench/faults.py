#!/usr/bin/env python
"""Fault drills against a private deployment on loopback (bench/stack.py): each prints what it saw.

    .venv/bin/python bench/faults.py [--drills worker-kill,redis-restart,postgres-restart,disk-full]

* ``worker-kill``: a track job is running; (a) its pool process is SIGKILLed, (b) then, on a second
  job, the whole worker (main process and pool) is SIGKILLed and a new worker started. Each job
  must end ``completed`` (redelivered) or ``failed`` and retryable, never stay ``processing``.
* ``redis-restart``: Redis (append-only file, as deployed) is killed and started again while the web
  tier and a worker run; jobs queued before the restart, with the worker stopped, must complete
  after it; the web tier must answer again without being restarted.
* ``postgres-restart``: PostgreSQL is stopped and started; meanwhile API requests must answer 503
  in the API's error shape; afterwards the same web and worker processes serve again.
* ``disk-full``: the media directory is a 160 MiB tmpfs filled to the last ~100 KiB; a track job
  must fail with a reason, serve nothing, and succeed on retry once space is freed.

Only 127.0.0.1 is contacted; every wait is bounded. The machine's own PostgreSQL and Redis are not
touched (the stack has its own). Requires root for the tmpfs (disk-full) and for running the
private PostgreSQL as the ``postgres`` user.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import connect as ws_connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import Stack, seed_user, wait_for

EMAIL = "drill@coprod.local"
TRACK = {
    "parameters": {
        "genre": "pop",
        "mood": "happy",
        "tempo": 120,
        "key": "C_major",
        "duration": 60,
        "instrumental": True,
        "output_formats": ["wav", "mp3"],
    },
    "metadata": {"title": "Drill"},
}
MELODY = {"genre": "trap", "bpm": 140, "key": "C", "scale": "minor", "melody_length": 8}
RESULTS: dict[str, Any] = {}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Api:
    def __init__(self, port: int):
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
        self.token = ""

    def login(self) -> None:
        response = self.http.post("/api/auth/login", json={"email": EMAIL, "password": "Bench-pass-2026"})
        response.raise_for_status()
        self.token = response.json()["token"]
        self.http.headers["Authorization"] = f"Bearer {self.token}"

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.request(method, path, **kwargs)

    def status_of(self, method: str, path: str, **kwargs: Any) -> str:
        try:
            response = self.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}"
        return str(response.status_code)


def generation(public_id: str) -> Any:
    from django.db import close_old_connections

    from generation.models import Generation

    close_old_connections()
    return Generation.objects.get(public_id=public_id)


def wait_final(public_id: str, timeout: float) -> tuple[Any, float]:
    started = time.monotonic()
    wait_for(lambda: generation(public_id).status in ("completed", "failed", "cancelled"), timeout, 0.5)
    return generation(public_id), time.monotonic() - started


def queue_track(api: Api) -> str:
    response = api.request("POST", "/v1/ai/generate", json=TRACK)
    assert response.status_code == 202, response.text
    return str(response.json()["data"]["generation_id"])


def wait_processing(public_id: str, progress: int = 5, timeout: float = 120) -> bool:
    return wait_for(
        lambda: generation(public_id).status == "processing" and generation(public_id).progress >= progress,
        timeout,
        0.1,
    )


def drill_worker_kill(stack: Stack, api: Api) -> None:
    log("worker-kill (a): SIGKILL the pool process running a track job")
    gid = queue_track(api)
    assert wait_processing(gid), "the job never started"
    before = generation(gid)
    children = stack.worker_children()
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    log(f"  killed pool processes {children} at progress {before.progress}% ({before.stage})")
    job, seconds = wait_final(gid, 300)
    RESULTS["worker_kill_pool"] = {
        "killed_at_progress": before.progress,
        "final_status": job.status,
        "attempts": job.attempts,
        "error": job.error_message,
        "seconds_to_final": round(seconds, 1),
    }
    log(f"  -> {RESULTS['worker_kill_pool']}")

    log("worker-kill (b): SIGKILL the whole worker (main + pool) mid-job, start a new one")
    gid = queue_track(api)
    assert wait_processing(gid), "the job never started"
    before = generation(gid)
    stack.worker_stop(signal.SIGKILL)
    log(f"  killed the worker at progress {before.progress}%; starting a new worker")
    stack.worker_start()
    job, seconds = wait_final(gid, 420)
    RESULTS["worker_kill_all"] = {
        "killed_at_progress": before.progress,
        "final_status": job.status,
        "attempts": job.attempts,
        "error": job.error_message,
        "seconds_to_final": round(seconds, 1),
    }
    log(f"  -> {RESULTS['worker_kill_all']}")
    if job.status == "failed":
        retried = api.request("POST", f"/v1/ai/generations/{gid}/retry")
        RESULTS["worker_kill_all"]["retry_status"] = retried.status_code


def drill_redis_restart(stack: Stack, api: Api) -> None:
    log("redis-restart: stop the worker, queue 5 melody jobs, kill -9 Redis, start it again, start the worker")
    stack.worker_stop(signal.SIGTERM)
    ids = []
    for _ in range(5):
        response = api.request("POST", "/api/generate/melody?async=true", json=MELODY)
        assert response.status_code == 202, response.text
        ids.append(response.json()["public_id"])
    time.sleep(1.5)  # appendfsync everysec: what was queued a second ago is on disk
    stack.redis_stop(signal.SIGKILL)
    down = {
        "GET /api/projects": api.status_of("GET", "/api/projects"),
        "POST /api/projects": api.status_of("POST", "/api/projects", json={"name": "during redis outage"}),
        "GET /readyz": api.status_of("GET", "/readyz"),
    }
    log(f"  while Redis is down: {down}")
    stack.redis_start()
    started = time.monotonic()
    ok = wait_for(lambda: api.status_of("POST", "/api/projects", json={"name": "after"}) == "201", 60, 0.5)
    web_back = round(time.monotonic() - started, 1) if ok else None
    stack.worker_start()
    finals = [wait_final(gid, 120)[0].status for gid in ids]
    log("  queueing one more job after the restart (the running worker's broker connection is new)")
    response = api.request("POST", "/api/generate/melody?async=true", json=MELODY)
    after = wait_final(response.json()["public_id"], 120)[0].status
    RESULTS["redis_restart"] = {
        "while_down": down,
        "web_writes_back_after_s": web_back,
        "queued_before_restart": finals,
        "queued_after_restart": after,
    }
    log(f"  -> {RESULTS['redis_restart']}")

    log("redis-restart with the worker running and a WebSocket open: restart Redis under them, then queue a job")
    sockets = contextlib.ExitStack()  # websockets 17 wants its connections opened as context managers
    socket = sockets.enter_context(ws_connect(f"ws://127.0.0.1:{stack.web_port}/ws?token={api.token}", open_timeout=15))
    socket.recv(timeout=15)  # "connected"
    stack.redis_stop(signal.SIGTERM)
    time.sleep(2)
    stack.redis_start()
    wait_for(lambda: api.status_of("POST", "/api/projects", json={"name": "again"}) == "201", 60, 0.5)
    # The browser's socket reconnects when it is closed (static/js/realtime.js): do the same, at once.
    old_socket = "open"
    try:
        socket.recv(timeout=5)
    except TimeoutError:
        pass
    except Exception as exc:  # noqa: BLE001 - how the old socket ended is the result
        old_socket = f"closed: {type(exc).__name__}"
    socket.close()
    try:
        fresh = sockets.enter_context(
            ws_connect(f"ws://127.0.0.1:{stack.web_port}/ws?token={api.token}", open_timeout=15)
        )
        first_handshake = json.loads(fresh.recv(timeout=15)).get("type")
    except Exception as exc:  # noqa: BLE001
        first_handshake, fresh = f"refused: {exc}", None
    response = api.request("POST", "/api/generate/melody?async=true", json=MELODY)
    job, seconds = wait_final(response.json()["public_id"], 120)
    events = []
    with contextlib.suppress(Exception):
        while fresh is not None and "generation_complete" not in events:
            events.append(json.loads(fresh.recv(timeout=10)).get("type"))
    sockets.close()
    RESULTS["redis_restart_worker_running"] = {
        "job": job.status,
        "seconds": round(seconds, 1),
        "socket_opened_before_the_restart": old_socket,
        "first_handshake_after_the_restart": first_handshake,
        "events_on_the_new_socket": events,
    }
    log(f"  -> {RESULTS['redis_restart_worker_running']}")


def drill_postgres_restart(stack: Stack, api: Api) -> None:
    log("postgres-restart: stop PostgreSQL, call the API, start it, call again (no process restarted)")
    assert api.status_of("GET", "/api/projects") == "200"
    stack.pg_stop("fast")
    samples = {}
    for method, path, body in (
        ("GET", "/api/projects", None),
        ("POST", "/api/projects", {"name": "during outage"}),
        ("GET", "/v1/ai/generations", None),
        ("GET", "/readyz", None),
        ("GET", "/projects/", None),
    ):
        response = api.request(method, path, json=body) if body else api.request(method, path)
        samples[f"{method} {path}"] = {"status": response.status_code, "body": response.text[:160]}
    log(f"  while PostgreSQL is down: {json.dumps(samples)}")
    stack.pg_start()
    started = time.monotonic()
    ok = wait_for(lambda: api.status_of("GET", "/api/projects") == "200", 60, 0.2)
    recovered = round(time.monotonic() - started, 2) if ok else None
    response = api.request("POST", "/api/generate/melody?async=true", json=MELODY)
    job, seconds = wait_final(response.json()["public_id"], 120)
    RESULTS["postgres_restart"] = {
        "while_down": {k: v["status"] for k, v in samples.items()},
        "bodies": {k: v["body"] for k, v in samples.items()},
        "api_back_after_s": recovered,
        "job_after_restart": job.status,
        "job_seconds": round(seconds, 1),
    }
    log(f"  -> {RESULTS['postgres_restart']}")


def drill_disk_full(stack: Stack, api: Api) -> None:
    log("disk-full: media on a 160 MiB tmpfs, filled to ~100 KiB free; a track job writes WAV + MP3")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160m", "tmpfs", str(stack.media)], check=True)
    try:
        ballast = stack.media / "ballast"
        free = os.statvfs(stack.media).f_bavail * os.statvfs(stack.media).f_frsize
        with open(ballast, "wb") as handle:
            handle.write(b"\0" * (free - 100 * 1024))
        gid = queue_track(api)
        job, seconds = wait_final(gid, 300)
        track = api.request("GET", f"/v1/ai/generations/{gid}").json()["data"]
        files = sorted(str(p.relative_to(stack.media)) for p in stack.media.rglob("*") if p.is_file())
        RESULTS["disk_full"] = {
            "final_status": job.status,
            "error": job.error_message,
            "track_id": track.get("track_id"),
            "files_left_on_media": files,
            "seconds": round(seconds, 1),
        }
        log(f"  -> {RESULTS['disk_full']}")
        ballast.unlink()
        retried = api.request("POST", f"/v1/ai/generations/{gid}/retry")
        new_id = retried.json()["data"]["new_generation_id"]
        again, _ = wait_final(new_id, 300)
        RESULTS["disk_full"]["retry"] = {
            "status_code": retried.status_code,
            "final_status": again.status,
            "error": again.error_message,
        }
        log(f"  retry once space is free -> {RESULTS['disk_full']['retry']}")
    finally:
        stack.worker_stop(signal.SIGTERM)
        subprocess.run(["umount", "-l", str(stack.media)], check=False)


DRILLS = {
    "worker-kill": drill_worker_kill,
    "redis-restart": drill_redis_restart,
    "postgres-restart": drill_postgres_restart,
    "disk-full": drill_disk_full,
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drills", default=",".join(DRILLS))
    parser.add_argument("--out", default="var/faults-results.json")
    args = parser.parse_args(argv)
    # Short limits so a job whose worker vanished is redelivered (visibility = hard limit + 60 s) or
    # reaped within minutes, not the production 6 minutes.
    extra = {"CELERY_TASK_TIME_LIMIT": "60", "CELERY_TASK_SOFT_TIME_LIMIT": "50", "CELERY_CONCURRENCY": "1"}
    with Stack(web_processes=2, worker_concurrency=1, extra_env=extra) as stack:
        log(f"starting a private stack in {stack.dir}")
        stack.start()
        stack.django_setup()
        logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
        seed_user(EMAIL)
        api = Api(stack.web_port)
        api.login()
        for name in args.drills.split(","):
            try:
                DRILLS[name](stack, api)
            except Exception as exc:  # noqa: BLE001 - report the drill as failed, go on with the next
                RESULTS[name] = {"drill_error": f"{type(exc).__name__}: {exc}"}
                log(f"  drill {name} failed: {exc!r}")
            if stack.worker is None or stack.worker.poll() is not None:
                stack.worker_start()
    Path(args.out).parent.mkdir(exist_ok=True)
    Path(args.out).write_text(json.dumps(RESULTS, indent=2, default=str))
    print(json.dumps(RESULTS, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
