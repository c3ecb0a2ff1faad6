"""The documented verification recipe: a valid signature passes, a replay or a changed body does not."""

from __future__ import annotations

import pytest

from webhooks.signing import (
    WebhookSignatureError,
    webhook_signature,
    webhook_signature_header,
    webhook_signature_verify,
)

SECRET = "whsec_test-secret"
BODY = b'{"event":"generation_completed","generation_id":"gen_0123456789abcdef"}'


def test_signature_is_hmac_sha256_of_timestamp_dot_body():
    # Independently computed: printf '1700000000.<body>' | openssl dgst -sha256 -hmac whsec_test-secret
    import hashlib
    import hmac

    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert webhook_signature(SECRET, 1700000000, BODY) == expected
    assert webhook_signature_header(SECRET, BODY, timestamp=1700000000) == f"t=1700000000,v1={expected}"


def test_valid_signature_verifies_and_returns_its_timestamp():
    header = webhook_signature_header(SECRET, BODY, timestamp=1700000000)
    assert webhook_signature_verify(SECRET, header, BODY, now=1700000000 + 299) == 1700000000


def test_replay_after_the_tolerance_is_refused():
    header = webhook_signature_header(SECRET, BODY, timestamp=1700000000)
    with pytest.raises(WebhookSignatureError, match="timestamp outside the tolerance"):
        webhook_signature_verify(SECRET, header, BODY, now=1700000000 + 301)


def test_forged_fresh_timestamp_on_an_old_signature_is_refused():
    # A replayer who rewrites t= to now keeps the old v1=: the signature covers t, so it fails.
    old = webhook_signature_header(SECRET, BODY, timestamp=1700000000)
    forged = old.replace("t=1700000000", "t=1700009999")
    with pytest.raises(WebhookSignatureError, match="does not match"):
        webhook_signature_verify(SECRET, forged, BODY, now=1700009999)


def test_tampered_body_and_wrong_secret_are_refused():
    header = webhook_signature_header(SECRET, BODY, timestamp=1700000000)
    with pytest.raises(WebhookSignatureError, match="does not match"):
        webhook_signature_verify(SECRET, header, BODY.replace(b"completed", b"failed"), now=1700000000)
    with pytest.raises(WebhookSignatureError, match="does not match"):
        webhook_signature_verify("whsec_other", header, BODY, now=1700000000)


@pytest.mark.parametrize("header", ["", "t=abc,v1=00", "v1=deadbeef", "t=1700000000", "t=1700000000,v0=ab"])
def test_malformed_headers_are_refused(header):
    with pytest.raises(WebhookSignatureError, match="malformed"):
        webhook_signature_verify(SECRET, header, BODY, now=1700000000)


def _readme_recipe():
    """The verification function as the README prints it, run as a receiver would copy it."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme[readme.index("### Webhooks") :]
    code = section[section.index("```python") + len("```python") : section.index("```", section.index("```python") + 9)]
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    return namespace["webhook_signature_verify"]


def test_the_readme_recipe_accepts_our_signature_and_refuses_a_replay():
    import time

    verify = _readme_recipe()
    fresh = webhook_signature_header(SECRET, BODY)
    assert verify(SECRET, fresh, BODY) == int(fresh.split(",")[0][2:])
    stale = webhook_signature_header(SECRET, BODY, timestamp=int(time.time()) - 301)
    with pytest.raises(ValueError, match="tolerance"):
        verify(SECRET, stale, BODY)
    with pytest.raises(ValueError, match="does not match"):
        verify(SECRET, fresh, BODY + b" ")
