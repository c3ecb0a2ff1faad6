"""v1 batches: variations validated by name, never more than concurrent_generations queued or running,
the batch resource, one notification when all finish, and cancelling what has not finished."""

from __future__ import annotations

import time

import pytest

from accounts.models import Notification
from coprod.jobs.services import job_fail
from generation.jobs import GENERATION_JOBS
from generation.models import Batch, BatchItem, Generation

BASE = {"genre": "electronic", "subgenre": "house", "mood": "energetic", "tempo": 122, "duration": 10}
SHORT = {"instrumental": True, "output_formats": ["mp3"]}
BODY = {
    "base_parameters": BASE | SHORT,
    "variations": [
        {"variation_id": "var_1", "customizations": {"key": "C_major"}},
        {"variation_id": "var_2", "customizations": {"key": "F_minor"}},
        {"variation_id": "var_3", "customizations": {"tempo": 128, "complexity": "high"}},
    ],
    "batch_settings": {"concurrent_generations": 2, "notify_when_all_complete": True},
}


def _data(response, status=200):
    assert response.status_code == status, response.content
    return response.json()["data"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        ({"variations": []}, "variations"),
        ({"variations": [{"customizations": {"key": "H_minor"}}]}, "variations[0].customizations.key"),
        ({"variations": [{}, {"customizations": {"tempo": 300}}]}, "variations[1].customizations.tempo"),
        ({"variations": [{"variation_id": "a"}, {"variation_id": "a"}]}, "variations[1].variation_id"),
        ({"variations": [{"colour": "red"}]}, "variations[0].colour"),
        ({"base_parameters": {"genre": "polka"}}, "base_parameters.genre"),
        ({"batch_settings": {"concurrent_generations": 0}}, "batch_settings.concurrent_generations"),
        ({"batch_settings": {"concurrent_generations": 6}}, "batch_settings.concurrent_generations"),
        ({"batch_settings": {"notify_when_all_complete": "yes"}}, "batch_settings.notify_when_all_complete"),
        ({"priority": "high"}, "priority"),
    ],
)
def test_bad_batches_name_the_field_and_store_nothing(auth_client, change, parameter):
    response = auth_client.post("/v1/ai/generate-batch", BODY | change, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["details"]["parameter"] == parameter
    assert not Batch.objects.exists() and not Generation.objects.exists()


@pytest.mark.django_db
def test_only_concurrent_generations_are_queued_and_the_next_follows_a_finish(auth_client):
    data = _data(auth_client.post("/v1/ai/generate-batch", BODY, format="json"), 202)
    assert data["status"] == "processing" and (data["completed"], data["total"]) == (0, 3)
    items = list(BatchItem.objects.select_related("generation").order_by("position"))
    assert [i.generation.public_id for i in items] == data["generation_ids"]
    assert [i.released_at is not None for i in items] == [True, True, False]
    assert [bool(i.generation.task_id) for i in items] == [True, True, False]
    params = [i.generation.parameters for i in items]
    assert [(p["key"], p["tempo"]) for p in params] == [("C_major", 122), ("F_minor", 122), ("C_minor", 128)]
    assert params[2]["complexity"] == 0.9

    job_fail(GENERATION_JOBS, items[0].generation.pk, "test: worker gone")
    items[2].refresh_from_db()
    assert items[2].released_at is not None and Generation.objects.get(pk=items[2].generation_id).task_id

    batch = _data(auth_client.get(f"/v1/ai/batches/{data['batch_id']}"))
    assert (batch["status"], batch["failed"], batch["completed"], batch["total"]) == ("processing", 1, 0, 3)
    assert [g["variation_id"] for g in batch["generations"]] == ["var_1", "var_2", "var_3"]


@pytest.mark.django_db
def test_cancelling_a_batch_cancels_what_has_not_finished(auth_client, user):
    data = _data(auth_client.post("/v1/ai/generate-batch", BODY, format="json"), 202)
    first = Generation.objects.get(public_id=data["generation_ids"][0])
    job_fail(GENERATION_JOBS, first.pk, "test: failed first")

    cancelled = _data(auth_client.post(f"/v1/ai/batches/{data['batch_id']}/cancel"))
    assert cancelled["new_status"] == "cancelled" and cancelled["previous_status"] == "processing"
    assert cancelled["cancelled_generation_ids"] == data["generation_ids"][1:]
    statuses = [Generation.objects.get(public_id=g).status for g in data["generation_ids"]]
    assert statuses == ["failed", "cancelled", "cancelled"]
    batch = Batch.objects.get(public_id=data["batch_id"])
    assert batch.status == "cancelled" and batch.completed_at is not None
    assert not Notification.objects.filter(user=user, kind="batch_complete").exists()
    again = auth_client.post(f"/v1/ai/batches/{data['batch_id']}/cancel")
    assert again.status_code == 409 and again.json()["error"]["code"] == "CONFLICT"


@pytest.mark.django_db
def test_other_users_batches_are_404(auth_client, other_client):
    data = _data(auth_client.post("/v1/ai/generate-batch", BODY, format="json"), 202)
    assert other_client.get(f"/v1/ai/batches/{data['batch_id']}").status_code == 404
    assert other_client.post(f"/v1/ai/batches/{data['batch_id']}/cancel").status_code == 404
    assert Batch.objects.get(public_id=data["batch_id"]).status == "processing"


@pytest.mark.django_db
def test_a_batch_needing_more_slots_than_the_plan_has_is_refused(auth_client):
    # The free plan runs 3 jobs at once; four at a time cannot start.
    body = BODY | {"variations": [{}, {}, {}, {}], "batch_settings": {"concurrent_generations": 4}}
    response = auth_client.post("/v1/ai/generate-batch", body, format="json")
    assert response.status_code == 429 and response.json()["error"]["code"] == "QUOTA_EXCEEDED"
    assert not Batch.objects.exists()


def test_a_batch_runs_through_a_worker_two_at_a_time_and_notifies_once(celery_worker, auth_client, user):
    data = _data(auth_client.post("/v1/ai/generate-batch", BODY, format="json"), 202)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        batch = _data(auth_client.get(f"/v1/ai/batches/{data['batch_id']}"))
        if batch["status"] != "processing":
            break
        time.sleep(0.3)
    assert batch["status"] == "completed", batch
    assert (batch["completed"], batch["total"]) == (3, 3)
    assert all(g["track_id"].startswith("track_") for g in batch["generations"])

    # Never more than two generations queued or running at once: released -> finished intervals.
    items = list(BatchItem.objects.select_related("generation"))
    events = sorted(
        [(i.released_at, 1) for i in items] + [(i.generation.completed_at, -1) for i in items],
        key=lambda e: (e[0], e[1]),
    )
    running, most = 0, 0
    for _, step in events:
        running += step
        most = max(most, running)
    assert most == 2
    third = next(i for i in items if i.position == 2)
    assert third.released_at >= min(i.generation.completed_at for i in items if i.position < 2)

    notifications = Notification.objects.filter(user=user, kind="batch_complete")
    assert notifications.count() == 1
    assert notifications.get().data["generation_ids"] == data["generation_ids"]
    assert notifications.get().data["url"] == f"/studio/batches/{data['batch_id']}/"
    assert Notification.objects.filter(user=user).count() == 1  # not one more for each track of the batch


@pytest.mark.django_db
def test_a_finished_batch_sends_one_signed_batch_completed_webhook(auth_client, django_capture_on_commit_callbacks):
    from webhooks.models import WebhookDelivery

    body = BODY | {"callback_url": "http://127.0.0.1:9/hooks/batch"}
    data = _data(auth_client.post("/v1/ai/generate-batch", body, format="json"), 202)
    with django_capture_on_commit_callbacks(execute=False):
        for public_id in data["generation_ids"]:
            job_fail(GENERATION_JOBS, Generation.objects.get(public_id=public_id).pk, "test: worker gone")

    (delivery,) = WebhookDelivery.objects.filter(event="batch_completed")
    assert delivery.url == "http://127.0.0.1:9/hooks/batch"
    assert delivery.payload["batch_id"] == data["batch_id"]
    assert delivery.payload["generation_ids"] == data["generation_ids"]
    assert delivery.payload["data"] == {"completed": 0, "total": 3}
