"""The web processes' request threads (coprod/request_threads.py): reused with their database
connection from one request to the next, never more than WEB_THREADS at once, one request at a
time each."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from django.core.signals import request_started
from django.db import connection
from django.test import override_settings

from coprod.request_threads import PooledThreadsASGIHandler

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def _get(application, path: str = "/healthz") -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    messages = [{"type": "http.request", "body": b"", "more_body": False}]
    statuses: list[int] = []

    async def receive():
        if messages:
            return messages.pop()
        await asyncio.sleep(3600)  # the client stays connected

    async def send(message):
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await application(scope, receive, send)
    return statuses[0]


class _Seen:
    """Which thread and database connection each request started on, and how many ran at once."""

    def __init__(self, hold: float = 0.0):
        self.hold = hold
        self.threads: list[int] = []
        self.connections: list[int] = []
        self.running = 0
        self.most = 0
        self._lock = threading.Lock()

    def __call__(self, **_):
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.threads.append(threading.get_ident())
        connection.ensure_connection()
        self.connections.append(id(connection.connection))
        time.sleep(self.hold)
        with self._lock:
            self.running -= 1


async def test_one_request_after_another_reuses_the_thread_and_its_database_connection():
    application = PooledThreadsASGIHandler()
    seen = _Seen()
    request_started.connect(seen)
    try:
        for _ in range(3):
            assert await _get(application) == 200
    finally:
        request_started.disconnect(seen)

    assert len(set(seen.threads)) == 1
    assert len(set(seen.connections)) == 1
    assert seen.threads[0] != threading.get_ident()  # not the event loop's thread


async def test_no_more_requests_run_at_once_than_there_are_threads():
    with override_settings(WEB_THREADS=2):
        application = PooledThreadsASGIHandler()
    seen = _Seen(hold=0.2)
    request_started.connect(seen)
    try:
        statuses = await asyncio.gather(*(_get(application) for _ in range(5)))
    finally:
        request_started.disconnect(seen)

    assert statuses == [200] * 5
    assert seen.most == 2
    assert len(set(seen.threads)) == 2
