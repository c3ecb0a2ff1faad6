"""HTTPS deliveries: the certificate is checked against the callback URL's name, sent as SNI,
while the connection goes to the address the SSRF check resolved."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from http.server import ThreadingHTTPServer

import pytest

from coprod.jobs.services import job_run
from tests.webhooks.conftest import Receiver, _handler_for, make_generation
from webhooks.jobs import WEBHOOK_DELIVERY_JOBS
from webhooks.services import webhook_events_emit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command"),
]

NAME = "hooks.example.test"


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch):
    """An HTTPS receiver on 127.0.0.1 with a self-signed certificate for NAME; NAME resolves to it."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={NAME}",
         "-addext", f"subjectAltName=DNS:{NAME}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(Receiver(port=0)))
    state = Receiver(port=server.server_address[1])
    server.RequestHandlerClass = _handler_for(state)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    sni: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: sni.append(name)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host in (NAME, "other.example.test"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    yield state, cert, sni
    server.shutdown()
    server.server_close()


def _deliver_to(user, url, django_capture_on_commit_callbacks):
    generation = make_generation(user, callback_url=url, events=["generation_completed"])
    with django_capture_on_commit_callbacks(execute=False):
        delivery = webhook_events_emit(generation=generation, event="generation_completed", data={})
        job_run(WEBHOOK_DELIVERY_JOBS, delivery.pk)
    delivery.refresh_from_db()
    return delivery


def test_trusted_certificate_for_the_name_is_delivered_with_sni(
    tls_receiver, user, monkeypatch, django_capture_on_commit_callbacks
):
    receiver, cert, sni = tls_receiver
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate (OpenSSL reads it)
    delivery = _deliver_to(user, f"https://{NAME}:{receiver.port}/in", django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.response_status) == ("completed", 200)
    assert sni == [NAME]
    assert receiver.requests[0].headers["Host"] == f"{NAME}:{receiver.port}"


def test_untrusted_or_mismatched_certificate_is_not_delivered(
    tls_receiver, user, monkeypatch, django_capture_on_commit_callbacks
):
    receiver, cert, _ = tls_receiver
    untrusted = _deliver_to(user, f"https://{NAME}:{receiver.port}/in", django_capture_on_commit_callbacks)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    # Trusted certificate, but for another name than the URL's: refused as well.
    mismatched = _deliver_to(user, f"https://other.example.test:{receiver.port}/in", django_capture_on_commit_callbacks)
    for delivery in (untrusted, mismatched):
        assert delivery.status == "pending"  # retried later
        assert delivery.attempt_log[0]["error"] == "TLS error"
    assert receiver.requests == []
