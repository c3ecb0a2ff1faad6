"""The web tier of ``make run`` and of a deployment (``bin/web.py``: uvicorn, N processes on one port),
started for real: HTTP and WebSockets work on it, and an event caused by a request that another web
process served reaches a socket held by this one (the Redis channel layer carries it)."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from accounts.services import api_key_create
from generation.models import Generation
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_web(processes: int, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """``bin/web.py`` with ``processes`` uvicorn workers on the test database and Redis."""
    port = _free_port()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=_database_url(),
        REDIS_URL=settings.REDIS_URL,
        COPROD_CHANNEL_PREFIX=settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"],
        COPROD_CACHE_PREFIX=settings.CACHES["default"]["KEY_PREFIX"],
        DJANGO_SETTINGS_MODULE="coprod.test_settings",
    )
    command = [sys.executable, str(ROOT / "bin" / "web.py"), "--port", str(port), "--workers", str(processes)]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT)
    return process, port


def _wait_until_serving(process: subprocess.Popen[bytes], port: int, log: Path, processes: int) -> None:
    """Until every worker process has started (each logs "Application startup complete" or
    "Started server process") and the port answers."""
    deadline = time.monotonic() + 240  # a loaded test machine imports Django slowly
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        started = log.read_text().count("Started server process")
        if started >= processes:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return
            except OSError:
                pass
        time.sleep(0.2)
    raise AssertionError(f"web tier on {port} did not start:\n{log.read_text()}")


@pytest.fixture
def web_tiers(transactional_db, tmp_path) -> Iterator[tuple[int, int]]:
    """Two web tiers: ``bin/web.py --workers 2`` (as ``make run``) and ``--workers 1`` (another machine)."""
    started = [(*_start_web(2, tmp_path / "a.log"), tmp_path / "a.log", 2)]
    started.append((*_start_web(1, tmp_path / "b.log"), tmp_path / "b.log", 1))
    try:
        for process, port, log, processes in started:
            _wait_until_serving(process, port, log, processes)
        yield started[0][1], started[1][1]
    finally:
        for process, *_ in started:
            process.terminate()
        for process, *_ in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()  # reaped, not left "still running"


def _request(port: int, method: str, path: str, key: str) -> tuple[int, dict]:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        client.request(method, path, headers={"Authorization": f"Bearer {key}"})
        response = client.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        client.close()


async def _next_event(ws, timeout: float = 20) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


def test_events_from_one_web_process_reach_a_socket_on_another(web_tiers):
    import websockets

    port_a, port_b = web_tiers
    user = UserFactory()
    key_row, key = api_key_create(user=user, name="daw")
    generation = Generation.objects.create(owner=user, tool="melody", parameters={}, seed=1, status="pending")

    async def scenario() -> tuple[dict, int | None]:
        async with websockets.connect(f"ws://127.0.0.1:{port_a}/ws?token={key}", open_timeout=30) as ws:
            assert (await _next_event(ws))["type"] == "connected"
            # Served by the other tier: its process sends the event through Redis.
            status, body = await asyncio.to_thread(
                _request, port_b, "POST", f"/api/generate/{generation.pk}/cancel", key
            )
            assert status == 200, body
            cancelled = await _next_event(ws)
            status, body = await asyncio.to_thread(_request, port_b, "DELETE", f"/api/user/api-keys/{key_row.pk}", key)
            assert status == 200, body
            try:
                await asyncio.wait_for(ws.recv(), 20)
            except websockets.ConnectionClosed as closed:
                return cancelled, closed.rcvd.code if closed.rcvd else None
            raise AssertionError("the socket opened with the revoked key stayed open")

    cancelled, close_code = asyncio.run(scenario())

    assert cancelled == {
        "type": "generation_cancelled",
        "generation_id": generation.pk,
        "public_id": generation.public_id,
    }
    assert close_code == 4401
    # And the multi-process tier answers plain HTTP too (here with a 401: the key is revoked).
    assert _request(port_a, "GET", f"/api/generate/{generation.pk}/status", key)[0] == 401
