"""Producer DNA, creativity score and analytics, from known fixtures with exact expected values."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from generation.models import Generation
from insights.analytics import streaks
from insights.creativity import creativity_score, normalized_entropy
from insights.dna import contour, producer_dna
from insights.models import ProducerProfile
from insights.services import producer_profile_refresh

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _item(days_ago, genre, bpm, key, scale, chords, melody, tool="melody"):
    notes = [{"note": p, "start_time": i * 0.5, "duration": 0.5, "velocity": 100} for i, p in enumerate(melody)]
    return {
        "created_at": NOW - timedelta(days=days_ago),
        "tool": tool,
        "genre": genre,
        "bpm": bpm,
        "key": key,
        "scale": scale,
        "result": {
            "progression": [{"roman_numeral": r} for r in chords],
            "parts": [{"name": "melody", "is_drum": False, "notes": notes}],
        },
    }


MATERIAL = [
    _item(3, "trap", 140, "C", "minor", ["i", "VI", "III", "VII"], [60, 62, 63, 65, 67]),
    _item(2, "trap", 140, "C", "minor", ["i", "iv", "VI", "V"], [67, 65, 63, 62, 60]),
    _item(1, "lofi", 82, "F", "dorian", ["ii7", "V7", "i7"], [60, 62, 64, 62, 60]),
    _item(0, "house", 124, "A", "minor", ["i", "VI"], [60, 67, 72, 79, 84]),
]


def test_dna_from_a_known_fixture():
    dna = producer_dna(MATERIAL)
    assert dna["favorite_genres"] == ["trap", "house", "lofi"]
    assert dna["favorite_bpms"] == [140, 124, 82]
    assert dna["favorite_scales"] == ["minor", "dorian"]
    assert dna["favorite_keys"] == ["C", "A", "F"]
    assert dna["favorite_chords"] == ["VI", "i", "III", "V"]  # i and VI 3 times each; ties alphabetical
    # 16 intervals: 12 steps (2,1,2,2 / 2,2,1,2 / 2,2,2,2) and 4 leaps (7,5,7,5).
    assert dna["melodic_tendencies"] == {
        "preferred_intervals": ["stepwise", "leap"],
        "contour_preference": "ascending",
        "stepwise_ratio": 0.75,
        "leap_ratio": 0.25,
    }
    assert dna["material_count"] == 4


def test_contours():
    assert contour([60, 62, 64, 66, 68, 70]) == "ascending"
    assert contour([70, 68, 66, 64, 62, 60]) == "descending"
    assert contour([60, 64, 70, 70, 64, 60]) == "arch"
    assert contour([62, 62, 62, 62]) == "flat"


def test_a_new_producer_gets_an_honest_empty_profile():
    dna = producer_dna([])
    assert dna["favorite_genres"] == [] and dna["melodic_tendencies"]["contour_preference"] is None
    score = creativity_score([], NOW)
    # Numbers in the documented shape, not nulls, and the reason they are zero.
    assert score["overall_score"] == 0.0 and score["creative_block_risk"] == "unknown"
    assert score["breakdown"] == dict.fromkeys(
        (
            "harmonic_diversity",
            "rhythmic_diversity",
            "melodic_diversity",
            "genre_diversity",
            "scale_diversity",
            "arrangement_diversity",
        ),
        0.0,
    )
    assert (score["growth_trend"], score["material_count"]) == ("insufficient_data", 0)


def test_normalized_entropy():
    assert normalized_entropy(["a", "a", "b", "c"], 17) == pytest.approx(1.5 / 2)
    assert normalized_entropy(["a", "a"], 17) == 0.0
    assert normalized_entropy(["a", "b"], 17) == 1.0
    assert normalized_entropy([], 17) is None


def test_creativity_from_a_known_fixture():
    score = creativity_score(MATERIAL, NOW)
    breakdown = score["breakdown"]
    assert breakdown["genre_diversity"] == 75.0  # trap x2, lofi, house: 1.5 bits of log2(4)
    assert breakdown["scale_diversity"] == round(100 * (-(0.75 * math.log2(0.75) + 0.25 * math.log2(0.25))) / 2, 1)
    chords = ["i", "VI", "III", "VII", "i", "iv", "VI", "V", "ii7", "V7", "i7", "i", "VI"]
    assert breakdown["harmonic_diversity"] == round(normalized_entropy(chords, 28) * 100, 1)
    assert breakdown["arrangement_diversity"] == 0.0  # every item is a single melody part
    assert score["overall_score"] == round(sum(breakdown.values()) / 6, 1)
    assert score["growth_trend"] == "insufficient_data"
    assert score["overall_score"] == 39.8
    assert score["creative_block_risk"] == "medium"  # active today, but a score under 40


def test_growth_trend_and_block_risk():
    repetitive = [_item(40 - i, "trap", 140, "C", "minor", ["i"], [60, 60, 60]) for i in range(4)]
    varied = [
        _item(30 - i, g, 100, "D", s, ["I", "IV"], [60, 64, 67])
        for i, (g, s) in enumerate([("pop", "major"), ("jazz", "dorian"), ("rock", "lydian"), ("edm", "minor")])
    ]
    score = creativity_score(repetitive + varied, NOW)
    assert score["growth_trend"] == "improving"
    assert score["creative_block_risk"] == "high"  # 27 idle days
    # The material is read in time order, whatever order it arrives in.
    assert creativity_score(varied + repetitive[::-1], NOW)["growth_trend"] == "improving"


def test_streaks():
    today = date(2026, 11, 24)
    days = {
        today,
        today - timedelta(days=1),
        today - timedelta(days=2),
        today - timedelta(days=10),
        today - timedelta(days=11),
        today - timedelta(days=12),
        today - timedelta(days=13),
    }
    assert streaks(days, today) == {"current": 3, "longest": 4}
    assert streaks(set(), today) == {"current": 0, "longest": 0}


@pytest.mark.django_db
def test_dna_and_score_endpoints_follow_the_users_generations(auth_client, user):
    empty = auth_client.get("/api/user/producer-dna").json()["data"]
    assert empty["favorite_genres"] == [] and "message" in empty
    from generation.engine import tools

    for genre in ("trap", "trap", "lofi"):
        result = tools.generate("melody", tools.validate_parameters("melody", {"genre": genre}), seed=1)
        Generation.objects.create(
            owner=user,
            tool="melody",
            parameters={},
            seed=1,
            status="completed",
            result=result,
            genre=genre,
            bpm=result["bpm"],
            key=result["key"],
            scale=result["scale"],
        )
    dna = auth_client.get("/api/user/producer-dna").json()["data"]
    assert dna["favorite_genres"] == ["trap", "lofi"]
    assert dna["material_count"] == 3
    score = auth_client.get("/api/user/creativity-score").json()["data"]
    assert set(score) >= {"overall_score", "breakdown", "growth_trend", "creative_block_risk"}
    assert score["breakdown"]["genre_diversity"] == round(normalized_entropy(["trap", "trap", "lofi"], 17) * 100, 1)
    user.refresh_from_db()
    assert user.creativity_score == 0.0  # reads never write
    assert not ProducerProfile.objects.filter(user=user).exists()
    producer_profile_refresh(user=user)  # what the debounced refresh task does
    user.refresh_from_db()
    assert user.creativity_score == score["overall_score"]
    assert auth_client.get("/api/user/creativity-score").json()["data"] == score


@pytest.mark.django_db
def test_extreme_inspiration_breaks_the_users_dna(auth_client, user):
    from generation.engine import tools

    for _ in range(3):
        result = tools.generate("melody", tools.validate_parameters("melody", {"genre": "trap"}), seed=2)
        Generation.objects.create(
            owner=user,
            tool="melody",
            parameters={},
            seed=2,
            status="completed",
            result=result,
            genre="trap",
            bpm=140,
            key="C",
            scale="minor",
        )
    from generation import services

    # Without habits in the request, the worker reads the producer's DNA.
    job = services.generation_start(owner=user, tool="extreme_inspiration", raw_parameters={"seed": 1})
    assert job.parameters["habits"] == {}  # nothing chosen by the client
    services.generation_run(generation_id=job.pk)
    job.refresh_from_db()
    result = job.result
    assert job.status == "completed"
    assert result["genre"] != "trap" and result["scale"] != "minor"
    assert any("trap" in habit for habit in result["habits_broken"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"event_type": "Bad Type!", "event_data": {}}, "event_type"),
        ({"event_data": {}}, "event_type"),
        ({"event_type": "play", "event_data": [1]}, "event_data"),
        ({"event_type": "play", "event_data": {"blob": "x" * 5000}}, "event_data"),
        ({"event_type": "play", "event_data": {"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}}, "event_data"),
    ],
)
def test_analytics_rejects_malformed_or_oversized_events(auth_client, payload, field):
    from insights.models import AnalyticsEvent

    response = auth_client.post("/api/analytics", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["details"]
    assert AnalyticsEvent.objects.count() == 0


@pytest.mark.django_db
def test_analytics_counts_by_type_genre_and_day(auth_client, user):
    for genre in ("trap", "trap", "lofi"):
        response = auth_client.post(
            "/api/analytics",
            {"event_type": "generation_complete", "event_data": {"generation_type": "melody", "genre": genre}},
            format="json",
        )
        assert response.status_code == 201
    auth_client.post("/api/analytics", {"event_type": "export_clicked"}, format="json")
    summary = auth_client.get("/api/analytics/user").json()["data"]
    assert summary["total_events"] == 4
    assert summary["by_type"] == {"generation_complete": 3, "export_clicked": 1}
    assert summary["by_genre"] == {"trap": 2, "lofi": 1}
    assert summary["by_day"][-1]["count"] == 4 and len(summary["by_day"]) == 30
    assert summary["streaks"] == {"current": 1, "longest": 1}


@pytest.mark.django_db
def test_dashboard_and_public_profile_pages(client, user, other_user):
    from tests.conftest import USER_PASSWORD

    client.login(email=user.email, password=USER_PASSWORD)
    html = client.get("/account/dashboard/").content.decode()
    assert "Creativity radar" in html and "Producer DNA" in html
    assert client.get(f"/u/{other_user.username}/").status_code == 404  # not public
    other_user.profile_public = True
    other_user.save()
    assert client.get(f"/u/{other_user.username}/").status_code == 200
