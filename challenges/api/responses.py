"""Response serializers of the challenge endpoints, for the schema (what ``challenges.selectors`` builds)."""

from __future__ import annotations

from rest_framework import serializers

from coprod.api.responses import Base, CoprodPaginationSerializer

from ..models import Phase


class ChecklistItemSerializer(Base):  # type: ignore[type-arg]
    """One constraint of the challenge, in words."""

    constraint = serializers.CharField()
    label = serializers.CharField()


class ConstraintResultSerializer(Base):  # type: ignore[type-arg]
    """One constraint checked against an entry's music."""

    constraint = serializers.CharField()
    label = serializers.CharField()
    passed = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class WinnerSerializer(Base):  # type: ignore[type-arg]
    """A placed entry of a closed challenge."""

    place = serializers.IntegerField(min_value=1)
    username = serializers.CharField()
    submission_id = serializers.IntegerField()
    title = serializers.CharField()


class ChallengeSerializer(Base):  # type: ignore[type-arg]
    """A challenge, its phase and time left, its constraints and the caller's part in it."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    brief = serializers.CharField()
    status = serializers.ChoiceField(choices=Phase.choices)
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    voting_ends_at = serializers.DateTimeField(allow_null=True)
    time_left_seconds = serializers.IntegerField(min_value=0)
    time_left = serializers.CharField()
    xp_reward = serializers.IntegerField(min_value=0)
    badge = serializers.CharField()
    constraints = serializers.DictField(help_text="The constraints as data (key, tempo range, bars...)")
    checklist = ChecklistItemSerializer(many=True)
    participants = serializers.IntegerField(min_value=0)
    submissions = serializers.IntegerField(min_value=0)
    joined = serializers.BooleanField()
    submitted = serializers.BooleanField()
    winners = WinnerSerializer(many=True, required=False, help_text="Once the challenge has closed (detail only)")


class ChallengeListResponseSerializer(Base):  # type: ignore[type-arg]
    """A page of challenges, newest first."""

    success = serializers.BooleanField()
    data = ChallengeSerializer(many=True)
    pagination = CoprodPaginationSerializer()


class ChallengeResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with one challenge."""

    success = serializers.BooleanField()
    data = ChallengeSerializer()


class JoinedSerializer(Base):  # type: ignore[type-arg]
    """The caller's participation."""

    challenge_id = serializers.IntegerField()
    joined = serializers.BooleanField()
    joined_at = serializers.DateTimeField()


class JoinedResponseSerializer(Base):  # type: ignore[type-arg]
    """201 when joined now, 200 when already joined."""

    success = serializers.BooleanField()
    message = serializers.CharField()
    data = JoinedSerializer()


class CheckSerializer(Base):  # type: ignore[type-arg]
    """The checklist verdict for some music."""

    passed = serializers.BooleanField()
    constraints_met = serializers.IntegerField(min_value=0)
    constraints_total = serializers.IntegerField(min_value=0)
    results = ConstraintResultSerializer(many=True)


class CheckResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the verdict (nothing is submitted)."""

    success = serializers.BooleanField()
    data = CheckSerializer()


class SubmissionSerializer(Base):  # type: ignore[type-arg]
    """An entry: where its music came from and how it meets the constraints."""

    id = serializers.IntegerField()
    challenge_id = serializers.IntegerField()
    username = serializers.CharField()
    title = serializers.CharField()
    source = serializers.CharField(help_text="generation, project, midi_file, idea or upload")
    source_id = serializers.IntegerField(allow_null=True)
    genre = serializers.CharField(allow_blank=True)
    bpm = serializers.FloatField(allow_null=True)
    bars = serializers.IntegerField(allow_null=True)
    constraints_met = serializers.IntegerField(min_value=0)
    constraints_total = serializers.IntegerField(min_value=0)
    passed = serializers.BooleanField()
    results = ConstraintResultSerializer(many=True)
    submitted_at = serializers.DateTimeField()
    place = serializers.IntegerField(allow_null=True)
    votes = serializers.IntegerField(required=False, min_value=0, help_text="In lists")
    rank = serializers.IntegerField(required=False, min_value=1, help_text="In lists")
    data = serializers.DictField(required=False, help_text="The entry's music (detail only)")


class SubmittedSerializer(SubmissionSerializer):
    """The entry just submitted (``replaced``: it took the place of the caller's earlier entry)."""

    submission_id = serializers.IntegerField()
    replaced = serializers.BooleanField()


class SubmittedResponseSerializer(Base):  # type: ignore[type-arg]
    """201 for a first entry, 200 when it replaced the caller's earlier one."""

    success = serializers.BooleanField()
    message = serializers.CharField()
    data = SubmittedSerializer()


class SubmissionListResponseSerializer(Base):  # type: ignore[type-arg]
    """The entries the caller may see, best first."""

    success = serializers.BooleanField()
    data = SubmissionSerializer(many=True)


class SubmissionResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with one entry and its music."""

    success = serializers.BooleanField()
    data = SubmissionSerializer()


class ProgressStepSerializer(Base):  # type: ignore[type-arg]
    """One step towards finishing the challenge."""

    step = serializers.ChoiceField(choices=["join", "submit", "meet_constraints", "vote"])
    label = serializers.CharField()
    done = serializers.BooleanField()


class ProgressSerializer(Base):  # type: ignore[type-arg]
    """The caller's progress: steps, constraints met, time left, rank and votes."""

    challenge_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Phase.choices)
    joined = serializers.BooleanField()
    submitted = serializers.BooleanField()
    steps = ProgressStepSerializer(many=True)
    steps_done = serializers.IntegerField(min_value=0)
    steps_total = serializers.IntegerField(min_value=0)
    constraints = ConstraintResultSerializer(many=True)
    constraints_met = serializers.IntegerField(min_value=0)
    constraints_total = serializers.IntegerField(min_value=0)
    checklist = ChecklistItemSerializer(many=True)
    time_left_seconds = serializers.IntegerField(min_value=0)
    time_left = serializers.CharField()
    ends_at = serializers.DateTimeField(allow_null=True)
    voting_ends_at = serializers.DateTimeField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    votes = serializers.IntegerField(min_value=0)
    place = serializers.IntegerField(allow_null=True)
    entries = serializers.IntegerField(min_value=0)
    submission_id = serializers.IntegerField(allow_null=True)


class ProgressResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the progress."""

    success = serializers.BooleanField()
    data = ProgressSerializer()


class VotedSerializer(Base):  # type: ignore[type-arg]
    """The entry voted for."""

    challenge_id = serializers.IntegerField()
    submission_id = serializers.IntegerField()


class VotedResponseSerializer(Base):  # type: ignore[type-arg]
    """201: the vote is recorded."""

    success = serializers.BooleanField()
    message = serializers.CharField()
    data = VotedSerializer()


class LeaderboardEntrySerializer(Base):  # type: ignore[type-arg]
    """One row of a challenge's standings (title and id only where the caller may see the entry)."""

    rank = serializers.IntegerField(min_value=1)
    username = serializers.CharField()
    constraints_met = serializers.IntegerField(min_value=0)
    constraints_total = serializers.IntegerField(min_value=0)
    passed = serializers.BooleanField()
    votes = serializers.IntegerField(min_value=0)
    place = serializers.IntegerField(allow_null=True)
    submission_id = serializers.IntegerField(required=False)
    title = serializers.CharField(required=False)


class LeaderboardSerializer(Base):  # type: ignore[type-arg]
    """A challenge's standings."""

    challenge_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Phase.choices)
    entries = LeaderboardEntrySerializer(many=True)


class LeaderboardResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the standings."""

    success = serializers.BooleanField()
    data = LeaderboardSerializer()


class ProducerRankSerializer(Base):  # type: ignore[type-arg]
    """A producer on the overall leaderboard."""

    rank = serializers.IntegerField(min_value=1)
    username = serializers.CharField()
    xp_points = serializers.IntegerField(min_value=0)
    level = serializers.IntegerField(min_value=1)
    badges = serializers.IntegerField(min_value=0)
    wins = serializers.IntegerField(min_value=0)


class OverallLeaderboardResponseSerializer(Base):  # type: ignore[type-arg]
    """Producers by XP."""

    success = serializers.BooleanField()
    data = ProducerRankSerializer(many=True)


class BadgeSerializer(Base):  # type: ignore[type-arg]
    """A badge won in a challenge."""

    name = serializers.CharField()
    challenge_id = serializers.IntegerField(allow_null=True)
    awarded_at = serializers.DateTimeField()


class XpAwardSerializer(Base):  # type: ignore[type-arg]
    """One XP award of the ledger."""

    activity = serializers.CharField()
    amount = serializers.IntegerField(min_value=0)
    reference = serializers.CharField()
    at = serializers.DateTimeField()


class XpSummarySerializer(Base):  # type: ignore[type-arg]
    """XP, level, progress to the next level, badges and the latest awards."""

    xp_points = serializers.IntegerField(min_value=0)
    level = serializers.IntegerField(min_value=1)
    level_floor = serializers.IntegerField(min_value=0)
    next_level_at = serializers.IntegerField(min_value=0)
    progress = serializers.FloatField(min_value=0, max_value=1)
    badges = BadgeSerializer(many=True)
    recent = XpAwardSerializer(many=True)


class XpSummaryResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the XP summary."""

    success = serializers.BooleanField()
    data = XpSummarySerializer()
