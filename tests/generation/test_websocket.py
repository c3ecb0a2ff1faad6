"""/ws through the ASGI application, and once end to end through a running daphne."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connection

from coprod import realtime
from coprod.asgi import application
from tests.conftest import login_token

pytestmark = pytest.mark.asyncio


async def _connect(path: str, headers: list[tuple[bytes, bytes]] | None = None) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, path, headers=headers or [])
    return communicator


@pytest.mark.django_db(transaction=True)
async def test_missing_or_bad_token_is_refused():
    for path in ("/ws", "/ws?token=garbage", "/ws?token=cpk_nope"):
        communicator = await _connect(path)
        connected, code = await communicator.connect()
        assert not connected
        assert code == 4401
        await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_each_user_receives_only_their_own_events(api_client):
    from asgiref.sync import sync_to_async

    from tests.factories import UserFactory

    alice, bob = await sync_to_async(UserFactory)(), await sync_to_async(UserFactory)()
    alice_token = await sync_to_async(login_token)(api_client, alice.email)
    bob_token = await sync_to_async(login_token)(api_client, bob.email)

    alice_ws = await _connect(f"/ws?token={alice_token}")
    bob_ws = await _connect(f"/ws?token={bob_token}")
    assert (await alice_ws.connect())[0]
    assert (await bob_ws.connect())[0]
    assert (await alice_ws.receive_json_from())["type"] == "connected"
    assert (await bob_ws.receive_json_from())["type"] == "connected"

    event = realtime.generation_progress_event(generation_id=1, public_id="gen_x", progress=40, stage="melody")
    # Sent from another thread, as a worker process would: through the Redis channel layer.
    await asyncio.get_running_loop().run_in_executor(None, realtime.send_to_user, alice.pk, event)

    assert await alice_ws.receive_json_from(timeout=5) == event
    assert await bob_ws.receive_nothing(timeout=0.5)
    await alice_ws.disconnect()
    await bob_ws.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_api_key_authenticates_the_socket(auth_client):
    from asgiref.sync import sync_to_async

    response = await sync_to_async(auth_client.post)("/api/user/api-keys", {"name": "ws"}, format="json")
    key = response.json()["data"]["key"]
    communicator = await _connect(f"/ws?token={key}")
    assert (await communicator.connect())[0]
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_session_cookie_needs_our_origin(user):
    from asgiref.sync import sync_to_async
    from django.test import Client

    from tests.conftest import USER_PASSWORD

    client = Client()
    await sync_to_async(client.login)(email=user.email, password=USER_PASSWORD)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    evil = await _connect("/ws", headers=[(b"cookie", cookie), (b"origin", b"https://evil.example")])
    assert not (await evil.connect())[0]
    ours = await _connect("/ws", headers=[(b"cookie", cookie), (b"origin", b"http://127.0.0.1:8000")])
    assert (await ours.connect())[0]
    await ours.disconnect()
    await evil.disconnect()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def daphne_server(transactional_db):
    """daphne in its own process, on the test database and the test Redis."""
    port = _free_port()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=_database_url(),
        REDIS_URL=settings.REDIS_URL,
        COPROD_CHANNEL_PREFIX=settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"],
        COPROD_CACHE_PREFIX=settings.CACHES["default"]["KEY_PREFIX"],
        DJANGO_SETTINGS_MODULE="coprod.test_settings",
    )
    daphne = Path(sys.executable).parent / "daphne"
    process = subprocess.Popen(
        [str(daphne), "-b", "127.0.0.1", "-p", str(port), "coprod.asgi:application"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise AssertionError(process.stderr.read().decode() if process.stderr else "daphne did not start")
    yield f"127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


async def _receive_until(ws, event_type: str, seen: list[dict], timeout: float) -> dict:
    """Append every event to ``seen`` until one of ``event_type`` arrives; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"no {event_type} event within {timeout} s; got {[e['type'] for e in seen]}"
        try:
            event = json.loads(await asyncio.wait_for(ws.recv(), remaining))
        except TimeoutError:
            raise AssertionError(f"no {event_type} event within {timeout} s; got {[e['type'] for e in seen]}") from None
        seen.append(event)
        if event["type"] == event_type:
            return event


@pytest.mark.worker
async def test_progress_and_completion_reach_a_socket_on_a_running_daphne(daphne_server, celery_worker, user):
    """Browser-like client on daphne, job on a Celery worker: events cross processes via Redis."""
    import websockets
    from asgiref.sync import sync_to_async
    from rest_framework.test import APIClient

    from accounts.models import Notification

    client = APIClient()
    token = await sync_to_async(login_token)(client, user.email)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    async with websockets.connect(f"ws://{daphne_server}/ws?token={token}", open_timeout=10) as ws:
        assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connected"
        response = await sync_to_async(client.post)(
            "/api/generate/melody?async=true", {"genre": "lofi", "key": "A", "scale": "minor"}, format="json"
        )
        generation_id = response.json()["generation_id"]
        seen: list[dict] = []
        complete = await _receive_until(ws, "generation_complete", seen, timeout=30)
        # The job notifies its owner right after the completion event (coprod.jobs.services.job_complete).
        notification = await _receive_until(ws, "notification", seen, timeout=10)
    progress = [e for e in seen if e["type"] == "generation_progress"]
    assert progress and all(e["generation_id"] == generation_id for e in progress)
    assert [e["progress"] for e in progress] == sorted(e["progress"] for e in progress)
    assert complete["generation_id"] == generation_id
    assert complete["result"]["notes"]

    stored = await sync_to_async(Notification.objects.get)(user=user)
    assert notification == {
        "type": "notification",
        "notification": {
            "id": stored.pk,
            "kind": "generation_complete",
            "title": "Melody ready",
            "body": f"lofi · A · minor · {complete['result']['bpm']:g} BPM",
            "data": {
                "generation_id": generation_id,
                "public_id": complete["public_id"],
                "tool": "melody",
                "url": f"/studio/?generation={generation_id}",
            },
            "read": False,
            "created_at": stored.created_at.isoformat(),
        },
        "unread_count": 1,
    }
