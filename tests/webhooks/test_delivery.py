"""Deliveries through the job lifecycle: signed POSTs to a local receiver, retries, SSRF at delivery time."""

from __future__ import annotations

import json
import socket
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Notification
from coprod.jobs.services import job_run
from tests.webhooks.conftest import make_generation
from webhooks.jobs import MAX_DELIVERY_ATTEMPTS, RETRY_DELAYS_SECONDS, WEBHOOK_DELIVERY_JOBS
from webhooks.models import WebhookDelivery
from webhooks.services import webhook_deliveries_send_due, webhook_events_emit, webhook_secret_rotate
from webhooks.signing import WebhookSignatureError, webhook_signature_verify


def _deliver(delivery: WebhookDelivery) -> WebhookDelivery:
    """Run the delivery's job as the worker's task does, and read the row back."""
    job_run(WEBHOOK_DELIVERY_JOBS, delivery.pk)
    delivery.refresh_from_db()
    return delivery


@pytest.mark.worker
def test_completed_event_reaches_a_local_server_through_the_worker_with_a_valid_signature(
    celery_worker, user, receiver
):
    _, secret = webhook_secret_rotate(user=user)
    generation = make_generation(user, callback_url=receiver.url(), events=["generation_completed"])

    delivery = webhook_events_emit(
        generation=generation, event="generation_completed", data={"status": "completed", "progress": 100}
    )

    assert receiver.received.wait(15), "the worker never posted the webhook"
    (request,) = receiver.requests
    assert request.path == "/hooks/coprod"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-CoProd-Event"] == "generation_completed"
    assert request.headers["X-CoProd-Delivery"] == delivery.public_id
    # The documented recipe accepts it...
    timestamp = webhook_signature_verify(secret, request.headers["X-CoProd-Signature"], request.body)
    assert abs(timestamp - time.time()) < 30
    body = json.loads(request.body)
    assert body == {
        "event": "generation_completed",
        "generation_id": generation.public_id,
        "timestamp": delivery.payload["timestamp"],
        "data": {"status": "completed", "progress": 100},
    }
    # ...and refuses the same request replayed once the tolerance has passed, or with a changed body.
    with pytest.raises(WebhookSignatureError, match="tolerance"):
        webhook_signature_verify(secret, request.headers["X-CoProd-Signature"], request.body, now=timestamp + 301)
    with pytest.raises(WebhookSignatureError, match="does not match"):
        webhook_signature_verify(secret, request.headers["X-CoProd-Signature"], request.body.replace(b"100", b"99"))

    for _ in range(100):
        delivery.refresh_from_db()
        if delivery.status == "completed":
            break
        time.sleep(0.05)
    assert delivery.status == "completed"
    assert (delivery.response_status, delivery.response_body, delivery.next_attempt_at) == (200, "ok", None)
    assert [a["status"] for a in delivery.attempt_log] == [200]
    assert delivery.request_headers["X-CoProd-Signature"] == request.headers["X-CoProd-Signature"]
    assert not Notification.objects.filter(user=user, kind__startswith="webhook_delivery").exists()


def test_events_not_asked_for_send_nothing(user, receiver):
    generation = make_generation(user, callback_url=receiver.url(), events=["generation_completed"])
    assert webhook_events_emit(generation=generation, event="generation_started", data={}) is None
    silent = make_generation(user, callback_url="", events=["generation_completed"])
    assert webhook_events_emit(generation=silent, event="generation_completed", data={}) is None
    with pytest.raises(ValueError, match="unknown webhook event"):
        webhook_events_emit(generation=generation, event="generation_exploded", data={})
    assert WebhookDelivery.objects.count() == 0


def test_progress_events_are_spaced(user, receiver, django_capture_on_commit_callbacks):
    generation = make_generation(user, callback_url=receiver.url(), events=["generation_progress"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = webhook_events_emit(generation=generation, event="generation_progress", data={"progress": 10})
        second = webhook_events_emit(generation=generation, event="generation_progress", data={"progress": 20})
    assert first is not None and second is None
    assert len(queued) == 1
    WebhookDelivery.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(seconds=11))
    with django_capture_on_commit_callbacks(execute=False):
        assert webhook_events_emit(generation=generation, event="generation_progress", data={"progress": 30})


def test_a_500_is_retried_with_backoff_then_given_up(user, receiver, django_capture_on_commit_callbacks):
    receiver.responses = [(500, b"boom " * 1000, {})] * MAX_DELIVERY_ATTEMPTS
    generation = make_generation(user, callback_url=receiver.url(), events=["generation_failed"])
    with django_capture_on_commit_callbacks(execute=False):
        delivery = webhook_events_emit(generation=generation, event="generation_failed", data={"error": "x"})

    waits = []
    for attempt in range(1, MAX_DELIVERY_ATTEMPTS + 1):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            before = timezone.now()
            delivery = _deliver(delivery)
        assert len(receiver.requests) == attempt
        assert delivery.response_status == 500
        assert len(delivery.response_body) == 2048  # the first 2 KiB of the 5,000-byte answer
        assert [a["attempt"] for a in delivery.attempt_log] == list(range(1, attempt + 1))
        if attempt == MAX_DELIVERY_ATTEMPTS:
            break
        assert delivery.status == "pending"
        assert delivery.error_message.startswith(f"Attempt {attempt} of {MAX_DELIVERY_ATTEMPTS}: HTTP 500")
        wait = (delivery.next_attempt_at - before).total_seconds()
        waits.append(round(wait))
        # Short waits ride on a Celery countdown; long ones (past the broker's visibility
        # timeout) are left to the beat, which sends them once they are due.
        if RETRY_DELAYS_SECONDS[attempt - 1] <= 300:
            assert len(queued) == 1 and delivery.enqueued_at is not None
            assert webhook_deliveries_send_due(now=delivery.next_attempt_at) == 0
        else:
            assert len(queued) == 0 and delivery.enqueued_at is None
            assert webhook_deliveries_send_due(now=delivery.next_attempt_at - timedelta(seconds=1)) == 0
            with django_capture_on_commit_callbacks(execute=False) as swept:
                assert webhook_deliveries_send_due(now=delivery.next_attempt_at) == 1
                assert webhook_deliveries_send_due(now=delivery.next_attempt_at) == 0
            assert len(swept) == 1
        # A copy of the task arriving before the attempt is due does nothing.
        delivery = _deliver(delivery)
        assert len(receiver.requests) == attempt and delivery.status == "pending"
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        delivery.refresh_from_db()

    assert waits == list(RETRY_DELAYS_SECONDS)
    assert delivery.status == "failed"
    assert delivery.error_message == f"Gave up after {MAX_DELIVERY_ATTEMPTS} attempts; the last: HTTP 500"
    assert delivery.next_attempt_at is None
    failed = Notification.objects.get(user=user, kind="webhook_delivery_failed")
    assert failed.data["url"] == "/account/#webhooks"


def test_redirects_are_not_followed(user, receiver, django_capture_on_commit_callbacks):
    receiver.responses = [(302, b"", {"Location": receiver.url("/elsewhere")})]
    generation = make_generation(user, callback_url=receiver.url(), events=["generation_started"])
    with django_capture_on_commit_callbacks(execute=False):
        delivery = webhook_events_emit(generation=generation, event="generation_started", data={})
        delivery = _deliver(delivery)
    assert [r.path for r in receiver.requests] == ["/hooks/coprod"]
    assert (delivery.status, delivery.response_status) == ("pending", 302)


def test_connection_refused_is_recorded_and_retried(user, django_capture_on_commit_callbacks):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    generation = make_generation(user, callback_url=f"http://127.0.0.1:{port}/x", events=["generation_started"])
    with django_capture_on_commit_callbacks(execute=False):
        delivery = _deliver(webhook_events_emit(generation=generation, event="generation_started", data={}))
    assert delivery.status == "pending"
    assert delivery.response_status is None
    assert delivery.attempt_log[0]["error"] == "connection refused or unreachable"


def test_private_callback_refused_at_delivery_time(settings, user, receiver, django_capture_on_commit_callbacks):
    # Accepted when the request was checked (development), refused when the delivery runs: a
    # name that now resolves to 127.0.0.1 is not posted to.
    generation = make_generation(user, callback_url=receiver.url(host="localhost"), events=["generation_completed"])
    with django_capture_on_commit_callbacks(execute=False):
        delivery = webhook_events_emit(generation=generation, event="generation_completed", data={})
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    delivery = _deliver(delivery)
    assert receiver.requests == []
    assert delivery.status == "failed"
    assert delivery.error_message.startswith("Not sent: callback_url must be a public address (the host resolves to")
    assert "loopback" in delivery.error_message
    assert delivery.attempt_log[0]["status"] is None and delivery.attempt_log[0]["error"].startswith("refused")
    assert delivery.request_headers == {}


def test_delivery_connects_to_the_checked_address_with_the_names_host_header(
    user, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    # hooks.example.test exists nowhere: the POST can only arrive if the transport connected to
    # the address the check resolved, sending the name as Host.
    real = socket.getaddrinfo
    lookups = []

    def fake(host, port, *args, **kwargs):
        if host == "hooks.example.test":
            lookups.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    generation = make_generation(
        user, callback_url=receiver.url(host="hooks.example.test"), events=["generation_completed"]
    )
    with django_capture_on_commit_callbacks(execute=False):
        delivery = _deliver(webhook_events_emit(generation=generation, event="generation_completed", data={}))
    assert delivery.status == "completed"
    assert receiver.requests[0].headers["Host"] == f"hooks.example.test:{receiver.port}"
    assert lookups == ["hooks.example.test"]  # resolved once, by the check


def test_a_user_without_a_secret_gets_one_and_rotation_changes_the_signature(
    user, receiver, django_capture_on_commit_callbacks
):
    generation = make_generation(user, callback_url=receiver.url(), events=["generation_completed"])
    with django_capture_on_commit_callbacks(execute=False):
        _deliver(webhook_events_emit(generation=generation, event="generation_completed", data={}))
    assert user.webhook_secret.secret.startswith("whsec_")
    _, new_secret = webhook_secret_rotate(user=user)
    with django_capture_on_commit_callbacks(execute=False):
        _deliver(webhook_events_emit(generation=generation, event="generation_completed", data={}))
    first, second = receiver.requests
    with pytest.raises(WebhookSignatureError):
        webhook_signature_verify(new_secret, first.headers["X-CoProd-Signature"], first.body)
    webhook_signature_verify(new_secret, second.headers["X-CoProd-Signature"], second.body)


def test_pending_deliveries_do_not_use_up_the_active_jobs_quota(user, receiver, django_capture_on_commit_callbacks):
    from coprod.jobs.services import jobs_active_count

    generation = make_generation(user, callback_url=receiver.url(), events=["generation_started"])
    generation.status = "completed"
    generation.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=False):
        for _ in range(5):
            webhook_events_emit(generation=generation, event="generation_started", data={})
    assert WebhookDelivery.objects.filter(owner=user, status="pending").count() == 5
    assert jobs_active_count(owner_id=user.pk) == 0


def test_a_generation_run_sends_started_progress_and_completed_with_the_track(
    user, receiver, django_capture_on_commit_callbacks
):
    from generation import services as generation_services
    from generation.engine import tools
    from webhooks.models import WebhookDelivery

    generation = make_generation(
        user,
        callback_url=receiver.url(),
        events=["generation_started", "generation_progress", "generation_completed", "generation_failed"],
    )
    generation.parameters = tools.validate_parameters("melody", {"genre": "trap"})
    generation.save()
    with django_capture_on_commit_callbacks(execute=False):
        generation_services.generation_run(generation_id=generation.pk)  # what the worker does

    sent = list(WebhookDelivery.objects.filter(generation=generation).order_by("id").values_list("event", flat=True))
    # Progress ticks of a quick job fall inside one 10-second window: one progress event.
    assert sent == ["generation_started", "generation_progress", "generation_completed"]
    completed = WebhookDelivery.objects.get(generation=generation, event="generation_completed")
    assert completed.payload["generation_id"] == generation.public_id
    assert completed.payload["data"]["status"] == "completed"
    assert not WebhookDelivery.objects.filter(event="generation_failed").exists()


def test_a_failed_generation_sends_generation_failed_with_the_reason(
    user, receiver, django_capture_on_commit_callbacks
):
    from generation import services as generation_services
    from webhooks.models import WebhookDelivery

    # Parameters the engine cannot run (a job stored by an older version, say): the job fails.
    generation = make_generation(user, callback_url=receiver.url(), events=["generation_failed"])
    with django_capture_on_commit_callbacks(execute=False):
        generation_services.generation_run(generation_id=generation.pk)

    (failed,) = WebhookDelivery.objects.filter(generation=generation)
    assert failed.event == "generation_failed"
    assert failed.payload["data"] == {"status": "failed", "error": "KeyError: 'melody_length'"}
