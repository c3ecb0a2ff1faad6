"""Voting rules, placing the winners once voting closes, leaderboards, XP (awarded once) and the schedule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from accounts.models import Notification, User
from challenges import services
from challenges.models import Badge, Challenge, Submission, Vote, XpActivity, XpAward
from challenges.xp import level_data, level_for, xp_award
from tests.factories import UserFactory

from .conftest import make_challenge, make_generation


def _entry(challenge, user, *, eligible=True, title="entry"):
    return Submission.objects.create(
        challenge=challenge,
        user=user,
        source="upload",
        title=title,
        data={"bpm": 140, "parts": []},
        constraints_met=7 if eligible else 5,
        constraints_total=7,
        eligible=eligible,
    )


def _vote(client, challenge, submission):
    return client.post(f"/api/challenges/{challenge.pk}/vote", {"submission_id": submission.pk}, format="json")


def test_voting_rules(auth_client, user, other_user, db):
    challenge = make_challenge("voting")
    mine = _entry(challenge, user, title="mine")
    theirs = _entry(challenge, other_user, title="theirs")
    weak = _entry(challenge, UserFactory(), eligible=False, title="weak")

    own = _vote(auth_client, challenge, mine)
    assert own.status_code == 403
    assert own.json() == {"error": "Access denied", "reason": "You cannot vote for your own submission"}
    ineligible = _vote(auth_client, challenge, weak)
    assert ineligible.status_code == 400
    assert Vote.objects.count() == 0

    assert _vote(auth_client, challenge, theirs).status_code == 201
    second = _vote(auth_client, challenge, theirs)
    assert second.status_code == 409 and second.json()["details"] == "You have already voted in this challenge"
    assert list(Vote.objects.values_list("voter_id", "submission_id")) == [(user.pk, theirs.pk)]

    board = auth_client.get(f"/api/challenges/{challenge.pk}/leaderboard").json()["data"]
    assert [(e["username"], e["votes"], e["rank"]) for e in board["entries"]] == [
        (other_user.username, 1, 1),
        (user.username, 0, 2),
        (weak.user.username, 0, 3),
    ]


def test_no_voting_while_open_or_after_close(auth_client, other_user, db):
    for phase in ("open", "closed"):
        challenge = make_challenge(phase)
        response = _vote(auth_client, challenge, _entry(challenge, other_user))
        assert response.status_code == 409, phase
    assert Vote.objects.count() == 0


def test_entries_are_private_until_the_challenge_ends(auth_client, other_client, user, other_user, db):
    challenge = make_challenge("open")
    theirs = _entry(challenge, other_user)
    assert auth_client.get(f"/api/challenges/{challenge.pk}/submissions").json()["data"] == []
    assert auth_client.get(f"/api/challenges/{challenge.pk}/submissions/{theirs.pk}").status_code == 404
    own = other_client.get(f"/api/challenges/{challenge.pk}/submissions/{theirs.pk}")
    assert own.status_code == 200 and own.json()["data"]["data"] == {"bpm": 140, "parts": []}
    Challenge.objects.filter(pk=challenge.pk).update(
        starts_at=challenge.starts_at.replace(year=2000), ends_at=challenge.starts_at.replace(year=2001)
    )
    listed = auth_client.get(f"/api/challenges/{challenge.pk}/submissions").json()["data"]
    assert [s["id"] for s in listed] == [theirs.pk]


def test_winners_are_placed_once_awarded_and_notified(db):
    challenge = make_challenge("closed", xp_reward=400, badge="Night Shift")
    producers = [UserFactory() for _ in range(4)]
    entries = [_entry(challenge, p, title=f"e{i}") for i, p in enumerate(producers)]
    voters = [UserFactory() for _ in range(6)]
    # e2 gets 3 votes, e0 and e1 get 1 each (e0 submitted first, so it ranks above e1), e3 none.
    for voter, entry in zip(voters, [entries[2], entries[2], entries[2], entries[1], entries[0]], strict=False):
        Vote.objects.create(challenge=challenge, voter=voter, submission=entry)

    placed = services.challenge_finalize(challenge_id=challenge.pk)
    assert [(s.title, s.place) for s in placed] == [("e2", 1), ("e0", 2), ("e1", 3)]
    xp = {p.username: User.objects.get(pk=p.pk).xp_points for p in producers}
    assert xp == {
        producers[2].username: 400,
        producers[0].username: 200,
        producers[1].username: 100,
        producers[3].username: 0,
    }
    assert list(Badge.objects.values_list("user_id", "name")) == [(producers[2].pk, "Night Shift")]
    notes = Notification.objects.filter(kind="challenge_placed").order_by("user_id")
    assert sorted(n.title for n in notes) == [
        f"You placed 1st in {challenge.title}",
        f"You placed 2nd in {challenge.title}",
        f"You placed 3rd in {challenge.title}",
    ]
    assert {n.data["url"] for n in notes} == {f"/challenges/{challenge.pk}/"}

    assert services.challenge_finalize(challenge_id=challenge.pk) == []
    assert services.challenges_finalize_due() == 0
    assert XpAward.objects.filter(activity=XpActivity.CHALLENGE_PLACE).count() == 3
    assert Notification.objects.filter(kind="challenge_placed").count() == 3
    assert User.objects.get(pk=producers[2].pk).xp_points == 400


def test_a_challenge_still_voting_is_not_finalised(db):
    challenge = make_challenge("voting")
    _entry(challenge, UserFactory())
    assert services.challenge_finalize(challenge_id=challenge.pk) == []
    assert Challenge.objects.get(pk=challenge.pk).finalized_at is None
    assert Submission.objects.get().place is None


def test_xp_for_generating_and_saving_ideas_is_awarded_once(user, monkeypatch):
    from generation import jobs
    from vault.services import idea_save

    monkeypatch.setattr(jobs, "generation_files_enqueue", lambda generation: None)
    monkeypatch.setattr(jobs, "producer_profile_refresh_schedule", lambda user_id: None)
    generation = make_generation(user)
    jobs._after_complete(generation)
    jobs._after_complete(generation)  # a job delivered twice
    assert User.objects.get(pk=user.pk).xp_points == 10
    idea_save(owner=user, generation=generation)
    assert User.objects.get(pk=user.pk).xp_points == 15
    assert sorted(XpAward.objects.values_list("activity", "amount")) == [("generation", 10), ("idea_saved", 5)]


def test_xp_award_is_idempotent_by_reference(user):
    assert xp_award(user_id=user.pk, activity=XpActivity.CHALLENGE_PLACE, reference="challenge:1", amount=300) is True
    assert xp_award(user_id=user.pk, activity=XpActivity.CHALLENGE_PLACE, reference="challenge:1", amount=300) is False
    assert xp_award(user_id=user.pk, activity=XpActivity.CHALLENGE_PLACE, reference="challenge:2", amount=0) is False
    assert User.objects.get(pk=user.pk).xp_points == 300


@pytest.mark.parametrize(
    ("xp", "level"),
    [(0, 1), (99, 1), (100, 2), (299, 2), (300, 3), (599, 3), (600, 4), (1000, 5), (1500, 6), (4500, 10)],
)
def test_level_curve(xp, level):
    assert level_for(xp) == level


def test_level_data_and_overall_leaderboard(auth_client, user, db):
    assert level_data(450) == {"xp_points": 450, "level": 3, "level_floor": 300, "next_level_at": 600, "progress": 0.5}
    rival = UserFactory()
    User.objects.filter(pk=user.pk).update(xp_points=120)
    User.objects.filter(pk=rival.pk).update(xp_points=700)
    rows = auth_client.get("/api/challenges/leaderboard").json()["data"]
    assert [(r["rank"], r["username"], r["xp_points"], r["level"]) for r in rows] == [
        (1, rival.username, 700, 4),
        (2, user.username, 120, 2),
    ]
    mine = auth_client.get("/api/xp").json()["data"]
    assert (mine["xp_points"], mine["level"], mine["next_level_at"]) == (120, 2, 300)


def test_seeding_opens_a_challenge_and_announces_the_next_once(db):
    call_command("seed_challenges", verbosity=0)
    call_command("seed_challenges", verbosity=0)
    challenges = list(Challenge.objects.order_by("starts_at"))
    assert [c.phase_at() for c in challenges] == ["open", "upcoming"]
    assert challenges[0].ends_at == challenges[1].starts_at
    assert challenges[0].slug.split("-20")[0] != challenges[1].slug.split("-20")[0]


def test_the_schedule_runs_monday_to_monday_and_stretches_a_short_week(db):
    sunday = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)
    first, following = services.challenges_schedule(now=sunday)
    assert first.starts_at == datetime(2026, 11, 30, tzinfo=UTC)
    assert first.ends_at == datetime(2026, 12, 14, tzinfo=UTC)  # under two days were left: two weeks
    assert (following.starts_at, following.ends_at) == (first.ends_at, datetime(2026, 12, 21, tzinfo=UTC))
    assert following.voting_ends_at == datetime(2026, 12, 24, tzinfo=UTC)
    assert services.challenges_schedule(now=sunday) == []
