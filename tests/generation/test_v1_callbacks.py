"""v1 ``callback_url`` in development: a local receiver works, the cloud metadata service never does."""

from __future__ import annotations

import pytest

from generation.models import Generation

pytestmark = pytest.mark.django_db

BODY = {"parameters": {"genre": "electronic", "duration": 20, "instrumental": True, "output_formats": ["mp3"]}}


@pytest.fixture
def development_webhooks(settings):
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/hook", "link-local"),
        ("http://[::ffff:169.254.169.254]/hook", "link-local"),
        ("http://224.0.0.1/hook", "multicast"),
        ("http://0.0.0.0:8000/hook", "unspecified"),
        ("http://240.0.0.1/hook", "reserved"),
    ],
)
def test_addresses_that_are_never_a_receiver_are_refused_even_in_development(
    auth_client, development_webhooks, url, kind
):
    response = auth_client.post("/v1/ai/generate", BODY | {"callback_url": url}, format="json")

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["details"]["parameter"] == "callback_url"
    assert f"resolves to a {kind} address" in error["message"]
    assert not Generation.objects.exists()


@pytest.mark.parametrize("url", ["http://127.0.0.1:8732/callback", "http://10.1.2.3/hook", "http://[::1]:8000/hook"])
def test_a_local_receiver_is_allowed_in_development(auth_client, development_webhooks, url):
    response = auth_client.post("/v1/ai/generate", BODY | {"callback_url": url}, format="json")

    assert response.status_code == 202, response.content
    assert Generation.objects.get().callback_url == url
