"""The supervisor: one embedded Redis per socket, .env with inline comments, tokens kept out of the web log."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
from pathlib import Path

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


@pytest.mark.skipif(os.geteuid() != 0, reason="dropping privileges needs root")
def test_as_root_with_coprod_run_as_the_children_run_as_that_user_and_own_var(tmp_path, monkeypatch):
    import pwd
    import subprocess

    nobody = pwd.getpwnam("nobody")
    var = tmp_path / "var"
    (var / "media").mkdir(parents=True)
    (var / "media" / "take.mid").write_bytes(b"MThd")
    monkeypatch.setattr(services, "VAR", var)
    monkeypatch.setattr(services, "ROOT", Path("/"))
    # An interpreter every user can run (this machine's virtualenv may point into /root).
    open_bin = Path(tempfile.mkdtemp(prefix="coprod-run-as-", dir="/tmp"))
    open_bin.chmod(0o755)
    (open_bin / "python").symlink_to(os.path.realpath(shutil.which("python3", path="/usr/bin:/bin")))
    monkeypatch.setattr(services, "VENV_BIN", open_bin)
    env = {"COPROD_RUN_AS": "nobody"}

    kwargs = services.run_as(env)

    assert kwargs == {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
    assert env["HOME"] == str(var / "home")
    owners = {(p.stat().st_uid, p.stat().st_gid) for p in [var, *var.rglob("*")]}
    assert owners == {(nobody.pw_uid, nobody.pw_gid)}
    child = subprocess.run(["id", "-u"], capture_output=True, text=True, check=True, **kwargs)
    assert child.stdout.strip() == str(nobody.pw_uid)
    shutil.rmtree(open_bin)


@pytest.mark.skipif(os.geteuid() != 0, reason="dropping privileges needs root")
def test_a_run_as_user_that_cannot_run_the_virtualenv_stops_the_start_and_changes_nothing(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o700)
    (locked / "python").symlink_to(Path(os.path.realpath("/usr/bin/python3")))
    monkeypatch.setattr(services, "VAR", tmp_path / "var")
    monkeypatch.setattr(services, "ROOT", Path("/"))
    monkeypatch.setattr(services, "VENV_BIN", locked)

    with pytest.raises(SystemExit, match=r"COPROD_RUN_AS=nobody: that user cannot run .*locked/python"):
        services.run_as({"COPROD_RUN_AS": "nobody"})
    assert not (tmp_path / "var").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="the note is for root")
def test_as_root_without_coprod_run_as_it_says_so_and_changes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(services, "VAR", tmp_path)

    assert services.run_as({}) == {}
    assert "running as root" in capsys.readouterr().out
    assert tmp_path.stat().st_uid == 0


def test_an_unknown_run_as_user_stops_the_start(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "VAR", tmp_path)
    monkeypatch.setattr(services.os, "geteuid", lambda: 0)

    with pytest.raises(SystemExit, match="COPROD_RUN_AS=no-such-user-here: no such user"):
        services.run_as({"COPROD_RUN_AS": "no-such-user-here"})


def test_not_root_runs_children_as_itself(monkeypatch, capsys):
    monkeypatch.setattr(services.os, "geteuid", lambda: 1000)

    assert services.run_as({"COPROD_RUN_AS": "nobody"}) == {}
    assert capsys.readouterr().out == ""


def test_the_site_url_is_the_address_this_instance_answers_on_unless_set():
    """On COPROD_PORT=8020 the verification email named 127.0.0.1:8000, another instance's address."""
    env: dict[str, str] = {}
    services.site_url(env, "127.0.0.1", "8020")
    assert env["COPROD_SITE_URL"] == "http://127.0.0.1:8020"
    env = {}
    services.site_url(env, "0.0.0.0", "8000")  # noqa: S104
    assert env["COPROD_SITE_URL"] == "http://127.0.0.1:8000"
    env = {}
    services.site_url(env, "::1", "8001")
    assert env["COPROD_SITE_URL"] == "http://[::1]:8001"
    env = {"COPROD_SITE_URL": "https://coprod.example"}
    services.site_url(env, "127.0.0.1", "8020")
    assert env["COPROD_SITE_URL"] == "https://coprod.example"
