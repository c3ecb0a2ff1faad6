"""Bounded work: the engine's one validation boundary, poison jobs, the reaper and the quotas.

Each test sends what a hostile or careless client would and checks the documented refusal, and
that nothing was stored or queued.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from coprod.jobs.models import JobStatus
from coprod.plans import QUOTAS
from generation import services
from generation.engine import limits, tools
from generation.models import Generation
from projects.models import Export
from vault.models import Idea

pytestmark = pytest.mark.django_db

# The key that froze the web process for a minute: a regex backtracked over the spaces.
PATHOLOGICAL_KEY = "C" + " " * 60_000 + "x\nx"


def _completed(user, tool="melody", params=None, seed=1):
    params = params or {}
    result = tools.generate(tool, tools.validate_parameters(tool, params), seed=seed)
    return Generation.objects.create(
        owner=user, tool=tool, parameters=params, seed=seed, status="completed", result=result
    )


def test_a_pathological_key_is_refused_at_once_by_generate(auth_client):
    started = time.monotonic()
    response = auth_client.post("/api/generate/melody", {"key": PATHOLOGICAL_KEY}, format="json")
    elapsed = time.monotonic() - started

    assert response.status_code == 400
    assert list(response.json()["details"]) == ["key"]
    assert f"1-{limits.MAX_NAME_LENGTH} characters" in response.json()["details"]["key"][0]
    assert len(response.content) < 2_000  # the 60 kB value is not echoed back
    assert elapsed < 1.0
    assert not Generation.objects.exists()


def test_a_pathological_key_inside_vault_data_is_refused_at_once(auth_client, user):
    data = _completed(user).result | {"key": PATHOLOGICAL_KEY}
    started = time.monotonic()
    response = auth_client.post("/api/vault", {"data": data}, format="json")
    elapsed = time.monotonic() - started

    assert response.status_code == 400
    assert list(response.json()["details"]) == ["data.key"]
    assert elapsed < 1.0
    assert not Idea.objects.exists()


@pytest.mark.parametrize("duration", [10**6, 10**9])
def test_a_variation_of_an_overlong_note_is_refused_before_any_job(auth_client, duration):
    original = {
        "bpm": 120,
        "key": "C",
        "scale": "major",
        "notes": [{"note": 60, "start_time": 0, "duration": duration}],
    }
    response = auth_client.post(
        "/api/generate/variations", {"original": original, "variation_type": "darker"}, format="json"
    )

    assert response.status_code == 400
    (field,) = response.json()["details"]
    assert field == "original.parts[0].notes[0]"
    assert not Generation.objects.exists()


def test_a_counter_melody_note_past_its_bars_is_refused(auth_client):
    melody = [{"note": 60, "start_time": 0, "duration": 10**6}]
    response = auth_client.post("/api/generate/counter-melody", {"main_melody": melody, "key": "C"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["details"]) == ["main_melody[0]"]
    assert not Generation.objects.exists()


def test_an_idea_with_more_notes_than_a_part_may_hold_is_not_saved(auth_client):
    crowded_bar = [{"note": 60 + i % 12, "start_time": (i % 16) / 4, "duration": 0.25} for i in range(50_000)]
    data = {"bpm": 120, "key": "C", "scale": "major", "parts": [{"name": "melody", "program": 0, "notes": crowded_bar}]}

    response = auth_client.post("/api/vault", {"data": data}, format="json")

    assert response.status_code == 400
    details = response.json()["details"]
    assert list(details) == ["data.parts[0].notes"]
    assert f"1-{limits.MAX_NOTES_PER_PART} notes" in details["data.parts[0].notes"][0]
    assert not Idea.objects.exists()


def test_an_idea_longer_than_the_longest_allowed_is_not_saved(auth_client):
    data = {"bpm": 120, "bars": 1000, "key": "C", "notes": [{"note": 60, "start_time": 3990, "duration": 1}]}

    response = auth_client.post("/api/vault", {"data": data}, format="json")

    assert response.status_code == 400
    assert list(response.json()["details"]) == ["data.bars"]
    assert not Idea.objects.exists()


def test_a_merge_that_would_loop_past_the_limit_is_refused_and_stores_nothing(auth_client, user):
    one_bar = [{"note": 36 + i % 24, "start_time": (i % 16) / 4, "duration": 0.25} for i in range(4_000)]
    dense = Idea.objects.create(
        owner=user,
        title="dense",
        type="idea",
        data={"bpm": 120, "bars": 1, "key": "C", "parts": [{"name": "drums", "program": 0, "notes": one_bar}]},
    )
    long_line = [{"note": 60, "start_time": bar * 4.0, "duration": 1} for bar in range(100)]
    long = Idea.objects.create(
        owner=user, title="long", type="idea", data={"bpm": 120, "bars": 100, "key": "C", "notes": long_line}
    )

    response = auth_client.post(f"/api/vault/{long.pk}/merge", {"idea_ids": [dense.pk]}, format="json")

    assert response.status_code == 400
    assert "idea_ids" in response.json()["details"]
    assert f"at most {limits.MAX_MERGE_NOTES} notes" in response.json()["details"]["idea_ids"][0]
    assert Idea.objects.count() == 2


def test_a_job_whose_workers_keep_dying_fails_after_the_attempts_cap(user, settings):
    generation = services.generation_start(owner=user, tool="melody", raw_parameters={})
    # Each delivery to a worker that then died left it processing with one more attempt.
    Generation.objects.filter(pk=generation.pk).update(status="processing", attempts=settings.JOB_MAX_ATTEMPTS)

    services.generation_run(generation_id=generation.pk)  # the next redelivery

    generation.refresh_from_db()
    assert generation.status == "failed"
    assert generation.result is None
    assert generation.attempts == settings.JOB_MAX_ATTEMPTS  # no further attempt was made
    assert f"after {settings.JOB_MAX_ATTEMPTS} attempts" in generation.error_message
    assert user.notifications.filter(kind="generation_failed").count() == 1


def test_a_redelivered_job_under_the_cap_runs_again(user, settings):
    generation = services.generation_start(owner=user, tool="melody", raw_parameters={})
    Generation.objects.filter(pk=generation.pk).update(status="processing", attempts=settings.JOB_MAX_ATTEMPTS - 1)

    services.generation_run(generation_id=generation.pk)

    generation.refresh_from_db()
    assert (generation.status, generation.attempts) == ("completed", settings.JOB_MAX_ATTEMPTS)
    assert generation.midi.name.startswith("private/midi/")


def test_the_reaper_fails_jobs_left_processing_past_the_hard_limit(user, settings):
    from coprod.jobs.services import jobs_reap_stuck

    stuck = services.generation_start(owner=user, tool="melody", raw_parameters={})
    recent = services.generation_start(owner=user, tool="melody", raw_parameters={})
    long_ago = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 120)
    Generation.objects.filter(pk=stuck.pk).update(status="processing", started_at=long_ago)
    Generation.objects.filter(pk=recent.pk).update(status="processing", started_at=timezone.now())

    assert jobs_reap_stuck() == 1

    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert stuck.status == "failed" and stuck.error_message.startswith("Timed out")
    assert recent.status == "processing"


def test_active_jobs_over_the_plan_quota_are_a_429_and_nothing_is_stored(auth_client, user):
    limit = QUOTAS["active_jobs"]["free"]
    for _ in range(limit):
        assert auth_client.post("/api/generate/melody?async=true", {}, format="json").status_code == 202

    response = auth_client.post("/api/generate/melody?async=true", {}, format="json")

    assert response.status_code == 429
    body = response.json()
    assert body["error"] == "Rate limit exceeded"
    assert body["retry_after"] == 5 and response["Retry-After"] == "5"
    assert f"allows {limit} at a time" in body["details"]
    assert Generation.objects.filter(owner=user).count() == limit


def test_audio_minutes_over_the_daily_quota_are_a_429_until_midnight(user):
    from tests.conftest import bearer_client

    user.subscription_tier = "pro"
    user.save()
    client = bearer_client(user)
    generation = _completed(user, "arrangement", {"length": 120})
    minutes = QUOTAS["audio_minutes_per_day"]["pro"]
    # Earlier exports today already rendered all but a minute of the allowance.
    Export.objects.create(owner=user, type="wav", status=JobStatus.COMPLETED, audio_seconds=(minutes - 1) * 60)

    response = client.post("/api/export", {"type": "mp3", "generation_id": generation.pk}, format="json")

    assert response.status_code == 429
    now = timezone.now()
    seconds_to_midnight = (24 - now.hour) * 3600 - now.minute * 60 - now.second
    assert abs(response.json()["retry_after"] - seconds_to_midnight) <= 2
    assert "minutes of audio" in response.json()["details"]
    assert Export.objects.filter(owner=user).count() == 1


def test_the_producer_dna_refresh_is_debounced(user, monkeypatch):
    from coprod.celery import app
    from insights import services as insights

    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, **kw: sent.append((name, kw)))

    assert insights.producer_profile_refresh_schedule(user_id=user.pk) is True
    assert insights.producer_profile_refresh_schedule(user_id=user.pk) is False
    assert insights.producer_profile_refresh_schedule(user_id=user.pk) is False

    assert sent == [
        (insights.PROFILE_REFRESH_TASK, {"args": [user.pk], "countdown": insights.PROFILE_REFRESH_DEBOUNCE_SECONDS})
    ]
