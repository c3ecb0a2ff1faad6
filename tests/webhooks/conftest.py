"""Fixtures for the webhook tests: a real HTTP receiver on 127.0.0.1, generations, a real worker.

The receiver is ``http.server`` in a thread: it records every request it gets (path, headers,
raw body) and answers with the statuses queued in ``receiver.responses`` (200 once they run out).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class ReceivedRequest:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    port: int
    requests: list[ReceivedRequest] = field(default_factory=list)
    # (status, body, extra headers) answered in order; (200, b"ok", {}) once empty.
    responses: list[tuple[int, bytes, dict[str, str]]] = field(default_factory=list)
    received: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str = "/hooks/coprod", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def _handler_for(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            receiver.requests.append(ReceivedRequest(self.path, dict(self.headers.items()), body))
            status, content, headers = receiver.responses.pop(0) if receiver.responses else (200, b"ok", {})
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
            receiver.received.set()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(Receiver(port=0)))
    state = Receiver(port=server.server_address[1])
    server.RequestHandlerClass = _handler_for(state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def make_generation(owner: Any, *, callback_url: str, events: list[str]) -> Any:
    from generation.models import Generation

    return Generation.objects.create(
        owner=owner,
        tool="melody",
        source="v1",
        parameters={"genre": "trap"},
        seed=7,
        callback_url=callback_url,
        webhook_events=events,
    )


@pytest.fixture
def celery_worker(transactional_db: Any) -> Iterator[Any]:
    """A real Celery worker on the test run's queue (as in tests/generation/conftest.py)."""
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    import webhooks.tasks  # noqa: F401 - registers webhooks.deliver with the app
    from coprod.celery import app

    with start_worker(
        app,
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=10,
        loglevel="WARNING",
        queues=[settings.CELERY_TASK_DEFAULT_QUEUE],
    ) as worker:
        yield worker
