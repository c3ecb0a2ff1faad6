"""Callback URL rules (SSRF): https, no credentials, public addresses only outside development."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import pytest

from coprod.errors import ParameterError
from webhooks.targets import CallbackUrlRefused, callback_url_check, callback_url_validate


@pytest.fixture
def strict(settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    return settings


@pytest.fixture
def resolve_to(monkeypatch):
    """Make chosen host names resolve to chosen addresses (other names resolve for real)."""
    real = socket.getaddrinfo
    answers: dict[str, list[str]] = {}

    def fake(host, port, *args, **kwargs):
        if host in answers:
            family = {True: socket.AF_INET6, False: socket.AF_INET}
            return [
                (family[":" in ip], socket.SOCK_STREAM, 6, "", (ip, port) if ":" not in ip else (ip, port, 0, 0))
                for ip in answers[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return answers


@pytest.mark.parametrize(
    "url, rule",
    [
        ("http://93.184.215.14/hook", "an https URL"),
        ("ftp://93.184.215.14/hook", "an https URL"),
        ("https://user:pw@93.184.215.14/hook", "without credentials"),
        ("https://93.184.215.14:99999/hook", "valid port"),
        ("https:///hook", "host name"),
        ("https://93.184.215.14/ho ok", "without spaces"),
        ("https://127.0.0.1/hook", "loopback address, 127.0.0.1"),
        ("https://[::1]/hook", "loopback address, ::1"),
        ("https://[::ffff:127.0.0.1]/hook", "loopback address, 127.0.0.1"),
        ("https://10.0.0.5/hook", "private address"),
        ("https://192.168.1.1/hook", "private address"),
        ("https://169.254.169.254/latest/meta-data", "link-local address"),
        ("https://0.0.0.0/hook", "unspecified address"),
        ("https://224.0.0.1/hook", "multicast address"),
        ("https://240.0.0.1/hook", "reserved address"),
        ("https://100.64.0.1/hook", "non-public address"),
        ("https://localhost/hook", "loopback address"),
        ("https://" + "a" * 500 + ".com/", "at most 500 characters"),
    ],
)
def test_refused_when_private_targets_are_not_allowed(strict, url, rule):
    with pytest.raises(CallbackUrlRefused, match=rule.replace("[", r"\[").replace(".", r"\.")):
        callback_url_check(url)


def test_public_address_is_accepted_and_checked_address_kept(strict):
    target = callback_url_check("https://93.184.215.14:8443/hook?x=1")
    assert (target.scheme, target.host, target.port, target.path, target.address) == (
        "https",
        "93.184.215.14",
        8443,
        "/hook?x=1",
        "93.184.215.14",
    )
    assert target.host_header == "93.184.215.14:8443"


def test_a_name_with_any_private_answer_is_refused(strict, resolve_to):
    resolve_to["mixed.example.test"] = ["93.184.215.14", "10.1.2.3"]
    resolve_to["public.example.test"] = ["93.184.215.14"]
    with pytest.raises(CallbackUrlRefused, match=re.escape("private address, 10.1.2.3")):
        callback_url_check("https://mixed.example.test/hook")
    assert callback_url_check("https://public.example.test/hook").address == "93.184.215.14"


def test_unresolvable_name_is_refused(strict, resolve_to):
    resolve_to["nowhere.example.test"] = []
    with pytest.raises(CallbackUrlRefused, match="resolves"):
        callback_url_check("https://nowhere.example.test/hook")


def test_request_validation_raises_parameter_error_naming_callback_url(strict):
    with pytest.raises(ParameterError) as caught:
        callback_url_validate("https://127.0.0.1:9/hook")
    assert caught.value.parameter == "callback_url"
    assert caught.value.details == {
        "parameter": "callback_url",
        "value": "https://127.0.0.1:9/hook",
        "constraint": "a public address (the host resolves to a loopback address, 127.0.0.1)",
    }
    assert callback_url_validate("https://93.184.215.14/hook") == "https://93.184.215.14/hook"


def test_development_settings_allow_a_local_receiver(settings):
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    target = callback_url_check("http://localhost:8000/hook")
    assert target.address in ("127.0.0.1", "::1")
    assert callback_url_validate("http://127.0.0.1:8000/hook") == "http://127.0.0.1:8000/hook"


@pytest.mark.parametrize(
    "env, expected", [("development", "True True"), ("production", "False False"), ("staging", "False False")]
)
def test_settings_default_to_allowing_only_in_development(env, expected):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("WEBHOOKS_") and k != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(COPROD_ENV=env, DJANGO_SECRET_KEY="x" * 50)
    code = "import coprod.settings as s; print(s.WEBHOOKS_ALLOW_HTTP, s.WEBHOOKS_ALLOW_PRIVATE_TARGETS)"
    out = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected


def test_webhook_events_validation():
    from webhooks.validation import webhook_events_validate

    assert webhook_events_validate(["generation_started", "generation_failed", "generation_started"]) == [
        "generation_started",
        "generation_failed",
    ]
    assert webhook_events_validate([]) == []
    for bad, value in (
        (["generation_exploded"], "generation_exploded"),
        ("generation_started", "generation_started"),
        ([1], 1),
    ):
        with pytest.raises(ParameterError) as caught:
            webhook_events_validate(bad)
        assert caught.value.details == {
            "parameter": "webhook_events",
            "value": value,
            "constraint": "a list of generation_started, generation_progress, generation_completed, generation_failed",
        }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "callback_url, constraint",
    [
        ("http://127.0.0.1:8000/hook", "an https URL"),
        ("https://127.0.0.1:8000/hook", "a public address (the host resolves to a loopback address, 127.0.0.1)"),
        (
            "https://169.254.169.254/latest",
            "a public address (the host resolves to a link-local address, 169.254.169.254)",
        ),
    ],
)
def test_v1_generate_refuses_a_private_callback(strict, auth_client, callback_url, constraint):
    from generation.models import Generation

    body = {
        "parameters": {"genre": "electronic"},
        "callback_url": callback_url,
        "webhook_events": ["generation_completed"],
    }
    response = auth_client.post("/v1/ai/generate", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "parameter": "callback_url",
        "value": callback_url,
        "constraint": constraint,
    }
    assert not Generation.objects.exists()
