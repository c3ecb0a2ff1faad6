"""Section 2.1's status: the remaining time while a job runs past its estimate, the metrics' spec names."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from generation.models import Generation, Track

pytestmark = pytest.mark.django_db


def _status(client, generation):
    response = client.get(f"/v1/ai/generations/{generation.public_id}")
    assert response.status_code == 200, response.content
    return response.json()["data"]


def _running_track(user, *, running_for: float) -> Generation:
    """A 3-minute track job at 20 % that started ``running_for`` seconds ago."""
    return Generation.objects.create(
        owner=user,
        tool="track",
        seed=1,
        status="processing",
        progress=20,
        duration_seconds=180,
        started_at=timezone.now() - timedelta(seconds=running_for),
    )


def test_a_job_past_its_estimate_extrapolates_from_its_progress(auth_client, user):
    # No track has been timed yet, so the estimate for 3 minutes of music is 10 s; this one has run 100 s.
    generation = _running_track(user, running_for=100)

    remaining = _status(auth_client, generation)["estimated_time_remaining"]

    # 100 s bought 20 %: the other 80 % at the same pace.
    assert 395 <= remaining <= 410


def test_a_job_inside_its_estimate_keeps_the_estimate(auth_client, user):
    generation = _running_track(user, running_for=0)

    assert 0 < _status(auth_client, generation)["estimated_time_remaining"] <= 10


def test_a_job_part_way_into_its_estimate_counts_down_the_estimate_not_its_progress(auth_client, user):
    # 20 % is reached at once and held through the render: 4 s into a 10 s estimate, 6 s are left,
    # not the 16 s that 20 % in 4 s would extrapolate to.
    generation = _running_track(user, running_for=4)

    assert 4 <= _status(auth_client, generation)["estimated_time_remaining"] <= 7


def test_the_status_names_the_audio_score_as_section_2_1_does(auth_client, user):
    generation = Generation.objects.create(owner=user, tool="track", seed=1, status="completed", progress=100)
    metrics = {"melodic_coherence": 0.8, "harmonic_consistency": 0.9, "audio_fidelity": 0.95, "overall_quality": 0.88}
    Track.objects.create(
        generation=generation,
        owner=user,
        title="T",
        quality_metrics=metrics,
        expires_at=timezone.now() + timedelta(days=1),
    )

    quality = _status(auth_client, generation)["quality_metrics"]

    assert quality["audio_quality"] == quality["audio_fidelity"] == 0.95
    assert quality["melodic_coherence"] == 0.8 and quality["harmonic_consistency"] == 0.9
    track = auth_client.get(f"/v1/ai/tracks/{generation.track.public_id}").json()["data"]
    assert "audio_quality" not in track["quality_metrics"]  # section 3.1 names it audio_fidelity only
