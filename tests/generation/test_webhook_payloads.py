"""Every generation webhook's ``data`` carries ``status`` and ``progress``, as the README's table says."""

from __future__ import annotations

import pytest

from coprod.jobs.services import job_fail, job_run
from generation.engine import tools
from generation.jobs import GENERATION_JOBS
from generation.models import Generation
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db

EVENTS = ["generation_started", "generation_progress", "generation_completed", "generation_failed"]


def _generation(user) -> Generation:
    return Generation.objects.create(
        owner=user,
        tool="melody",
        parameters=tools.validate_parameters("melody", {}),
        seed=5,
        callback_url="https://hooks.example.com/coprod",
        webhook_events=EVENTS,
    )


def _data(generation: Generation, event: str) -> dict:
    delivery = WebhookDelivery.objects.filter(generation=generation, event=event).order_by("id").first()
    assert delivery is not None, event
    assert delivery.payload["generation_id"] == generation.public_id
    return delivery.payload["data"]


def test_a_completed_job_reports_status_and_progress_in_every_event(user):
    generation = _generation(user)

    job_run(GENERATION_JOBS, generation.pk)

    assert _data(generation, "generation_started") == {"status": "processing", "progress": 0, "attempt": 1}
    progress = _data(generation, "generation_progress")
    assert progress["status"] == "processing" and 0 < progress["progress"] < 100 and progress["stage"]
    generation.refresh_from_db()
    assert _data(generation, "generation_completed") == {
        "status": "completed",
        "progress": 100,
        "track_id": None,  # a co-producer tool's result has no track
        "duration": generation.duration_seconds,
    }


def test_a_failed_job_reports_its_error(user):
    generation = _generation(user)

    job_fail(GENERATION_JOBS, generation.pk, "The renderer ran out of disk space")

    assert _data(generation, "generation_failed") == {
        "status": "failed",
        "error": "The renderer ran out of disk space",
    }
