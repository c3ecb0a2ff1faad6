"""LOG_FORMAT=json: one JSON object per line with the request id of the request being served."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from ops.context import request_id_var
from ops.logs import RequestContextFilter

ROOT = Path(__file__).resolve().parents[2]


def _json_handler(stream: io.StringIO) -> logging.Handler:
    """The handler LOGGING builds for LOG_FORMAT=json (same formatter arguments, same filter)."""
    from pythonjsonlogger.json import JsonFormatter

    spec = dict(settings.LOGGING["formatters"]["json"])
    spec.pop("()")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(**spec))
    handler.addFilter(RequestContextFilter())
    return handler


@pytest.mark.django_db
def test_each_request_logs_one_json_line_with_its_request_id(client):
    stream = io.StringIO()
    handler = _json_handler(stream)
    logger = logging.getLogger("ops.requests")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        response = client.get("/healthz", HTTP_X_REQUEST_ID="req_0123456789abcdef")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert response["X-Request-ID"] == "req_0123456789abcdef"
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == "req_0123456789abcdef"
    assert (line["level"], line["logger"], line["message"]) == ("INFO", "ops.requests", "GET /healthz 200")
    assert (line["method"], line["route"], line["status"]) == ("GET", "healthz", 200)
    assert line["duration_ms"] >= 0
    assert "time" in line


def test_lines_outside_a_request_carry_an_empty_request_id():
    stream = io.StringIO()
    logger = logging.getLogger("tests.ops.outside")
    logger.addHandler(_json_handler(stream))
    logger.propagate = False
    logger.warning("no request here")
    token = request_id_var.set("req_feedfacefeedface")
    try:
        logger.warning("inside")
    finally:
        request_id_var.reset(token)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert (first["message"], first["request_id"]) == ("no request here", "")
    assert (second["message"], second["request_id"]) == ("inside", "req_feedfacefeedface")


def test_settings_choose_json_only_when_asked():
    code = (
        "import django, logging, json; django.setup();"
        "logging.getLogger('x').warning('hello');"
        "from django.conf import settings; print(settings.LOG_FORMAT, settings.CELERY_WORKER_HIJACK_ROOT_LOGGER)"
    )
    base = {k: v for k, v in os.environ.items() if k != "LOG_FORMAT"} | {"DJANGO_SETTINGS_MODULE": "coprod.settings"}
    text = subprocess.run(
        [sys.executable, "-c", code], env=base, cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert text.stdout.strip() == "text True"
    assert text.stderr.strip().splitlines()[-1] == "WARNING x hello"
    as_json = subprocess.run(
        [sys.executable, "-c", code],
        env=base | {"LOG_FORMAT": "json"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert as_json.stdout.strip() == "json False"
    record = json.loads(as_json.stderr.strip().splitlines()[-1])
    assert (record["level"], record["logger"], record["message"], record["request_id"]) == (
        "WARNING",
        "x",
        "hello",
        "",
    )
