"""Signing webhook bodies, and the recipe receivers use to verify them (Stripe's scheme).

Every delivery carries ``X-CoProd-Signature: t=<unix seconds>,v1=<hex>``, where ``<hex>`` is
HMAC-SHA256 keyed with the user's ``whsec_…`` secret over ``f"{t}.{body}"`` (the raw request
body bytes). The timestamp is inside the signed text, so a receiver that refuses timestamps
older than a few minutes refuses a captured request replayed later; the signature makes the
timestamp unforgeable. This module imports nothing from Django: the README copies
:func:`webhook_signature_verify` as the recipe for receivers.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-CoProd-Signature"
SIGNATURE_SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300


class WebhookSignatureError(ValueError):
    """The signature header is missing, malformed, stale (a replay) or does not match the body."""


def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 of ``f"{timestamp}.{body}"`` keyed with ``secret``."""
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def webhook_signature_header(secret: str, body: bytes, *, timestamp: int | None = None) -> str:
    """The ``X-CoProd-Signature`` value for ``body`` signed now (or at ``timestamp``)."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},{SIGNATURE_SCHEME}={webhook_signature(secret, t, body)}"


def webhook_signature_verify(
    secret: str, header: str, body: bytes, tolerance: int = DEFAULT_TOLERANCE_SECONDS, *, now: float | None = None
) -> int:
    """Check a delivery's ``X-CoProd-Signature`` header against its raw ``body``; return its timestamp.

    Raises :class:`WebhookSignatureError` when the header is malformed, when its timestamp is
    more than ``tolerance`` seconds away from now (a replayed or delayed request), or when no
    ``v1`` signature matches (a wrong secret or a changed body). Signatures are compared in
    constant time.
    """
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == SIGNATURE_SCHEME and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise WebhookSignatureError("malformed signature header")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise WebhookSignatureError("timestamp outside the tolerance (replayed or delayed request)")
    expected = webhook_signature(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise WebhookSignatureError("signature does not match the body")
    return timestamp
