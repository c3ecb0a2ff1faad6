"""The HTTP POST of one delivery, made to the address the SSRF check approved.

urllib3 connects to ``target.address`` (an IP) while sending the name in the ``Host`` header and
in TLS (SNI, certificate check against the name), so the request goes exactly where the check
looked and nowhere a second DNS answer points. No redirects are followed (a 3xx is a failed
attempt), no proxy from the environment is used, and at most :data:`RESPONSE_BODY_LIMIT` bytes
of the answer are read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import urllib3

from .targets import CallbackTarget

CONNECT_TIMEOUT_SECONDS = 5.0
READ_TIMEOUT_SECONDS = 10.0
# The whole exchange, body included: a receiver trickling bytes cannot hold a worker longer.
TOTAL_DEADLINE_SECONDS = 15.0
RESPONSE_BODY_LIMIT = 2048


@dataclass(frozen=True)
class DeliveryResponse:
    """What came back: an HTTP status and the start of the body, or an error before any status."""

    status: int | None
    body: str
    duration_ms: int
    error: str = ""

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def webhook_post(target: CallbackTarget, *, body: bytes, headers: dict[str, str]) -> DeliveryResponse:
    """POST ``body`` to ``target`` (which must carry a checked ``address``); never raises for network errors."""
    if target.address is None:
        raise ValueError("the target must be resolved and checked before it is posted to")
    started = time.monotonic()
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT_SECONDS, read=READ_TIMEOUT_SECONDS)
    pool: urllib3.HTTPConnectionPool
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    else:
        pool = urllib3.HTTPConnectionPool(target.address, target.port, timeout=timeout, retries=False, maxsize=1)
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={**headers, "Host": target.host_header},
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            content = _read_limited(response, deadline=started + TOTAL_DEADLINE_SECONDS)
        finally:
            response.close()
        return DeliveryResponse(
            status=response.status,
            body=content.decode("utf-8", errors="replace"),
            duration_ms=_elapsed_ms(started),
        )
    except urllib3.exceptions.HTTPError as exc:
        return DeliveryResponse(status=None, body="", duration_ms=_elapsed_ms(started), error=_describe(exc))
    finally:
        pool.close()


def _read_limited(response: urllib3.BaseHTTPResponse, *, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < RESPONSE_BODY_LIMIT and time.monotonic() < deadline:
        chunk = response.read(min(512, RESPONSE_BODY_LIMIT - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _describe(exc: Exception) -> str:
    # NewConnectionError subclasses ConnectTimeoutError (urllib3 keeps it for compatibility): test it first.
    if isinstance(exc, urllib3.exceptions.NewConnectionError):
        return "connection refused or unreachable"
    if isinstance(exc, urllib3.exceptions.TimeoutError):
        return "timed out"
    if isinstance(exc, urllib3.exceptions.SSLError):
        return "TLS error"
    return type(exc).__name__


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
