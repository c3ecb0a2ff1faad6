"""The supervisor: one embedded Redis per socket, .env with inline comments, tokens kept out of the web log."""

from __future__ import annotations

import logging
import os
import socket

import pytest

from bin import services, web


def _ping(socket_path) -> bytes:
    with socket.socket(socket.AF_UNIX) as client:
        client.settimeout(5)
        client.connect(str(socket_path))
        client.sendall(b"PING\r\n")
        return client.recv(64)


def test_a_second_supervisor_leaves_the_running_redis_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "_held_locks", [])
    socket_path = tmp_path / "redis.sock"
    first = services.start_embedded_redis(socket_path)
    try:
        inode = socket_path.stat().st_ino
        with pytest.raises(SystemExit, match=r"already running on .*redis.sock \(pid \d+"):
            services.start_embedded_redis(socket_path)
        # The socket was neither unlinked nor replaced, and the first Redis still answers on it.
        assert socket_path.stat().st_ino == inode
        assert _ping(socket_path) == b"+PONG\r\n"
        assert (tmp_path / "redis.lock").read_text() == str(os.getpid())
    finally:
        services.stop([first])
        for handle in services._held_locks:
            handle.close()


def test_a_socket_left_by_a_dead_redis_is_replaced(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "_held_locks", [])
    socket_path = tmp_path / "redis.sock"
    socket_path.write_text("left behind by a kill -9")
    process = services.start_embedded_redis(socket_path)
    try:
        assert _ping(socket_path) == b"+PONG\r\n"
    finally:
        services.stop([process])
        for handle in services._held_locks:
            handle.close()


def test_dotenv_values_lose_their_inline_comments_and_the_environment_wins(tmp_path, monkeypatch):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# a comment line\n"
        "WEB_CONCURRENCY=3                      # web processes\n"
        "COPROD_PORT=9000\n"
        "DJANGO_CSRF_TRUSTED_ORIGINS=           # e.g. https://coprod.example.com\n"
        'DEFAULT_FROM_EMAIL="Co-Prod AI <a#b@coprod.local>"  # quoted: the # stays\n'
        "export COPROD_HOST=127.0.0.2\n"
    )
    environment = {"COPROD_PORT": "8123", "PATH": os.environ["PATH"]}
    monkeypatch.setattr(os, "environ", environment)  # nothing leaks into the other tests

    services.load_dotenv(dotenv)

    assert environment == {
        "COPROD_PORT": "8123",
        "PATH": environment["PATH"],
        "WEB_CONCURRENCY": "3",
        "DEFAULT_FROM_EMAIL": "Co-Prod AI <a#b@coprod.local>",
        "COPROD_HOST": "127.0.0.2",
    }
    assert services.web_concurrency(environment) == 3
    assert services.web_concurrency({}) == 2


def test_the_web_command_runs_n_uvicorn_workers_on_one_port():
    command = services.web_command("127.0.0.1", "8000", 4, access_log=False)

    assert command[1:] == [
        str(services.ROOT / "bin" / "web.py"),
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--workers",
        "4",
        "--no-access-log",
    ]


def test_tokens_in_query_strings_never_reach_the_web_log():
    record = logging.LogRecord(
        "uvicorn.error",
        logging.INFO,
        __file__,
        1,
        '%s - "WebSocket %s" [accepted]',
        ("127.0.0.1:5000", "/ws?token=eyJhbGci.secret.sig&x=1"),
        None,
    )
    access = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/v1/ai/status?api_key=cpk_live_123", "1.1", 200),
        None,
    )

    assert web.RedactQuerySecrets().filter(record) is True
    assert web.RedactQuerySecrets().filter(access) is True

    assert record.getMessage() == '127.0.0.1:5000 - "WebSocket /ws?token=[redacted]&x=1" [accepted]'
    assert access.getMessage() == '127.0.0.1:5000 - "GET /v1/ai/status?api_key=[redacted] HTTP/1.1" 200'
    assert web.log_config()["handlers"]["access"]["filters"] == ["redact"]
