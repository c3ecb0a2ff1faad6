"""Challenges, who joined them, their submissions and votes, badges, and the XP ledger.

A challenge's phase comes from its times alone (:meth:`Challenge.phase_at`): upcoming before
``starts_at``, open until ``ends_at``, voting until ``voting_ends_at``, then closed. Celery beat
(``challenges.tasks``) only does what a phase change implies: it places the winners once voting
closes (``finalized_at``) and schedules the next weekly challenge.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from generation.engine.challenge_checks import constraints_from_data
from generation.engine.errors import EngineParameterError

CONSTRAINTS_HELP = (
    'JSON, any of: {"genre": "trap", "bpm": {"min": 130, "max": 150}, "key": "C minor", '
    '"parts": ["melody", "bass", "drums"], "bars": {"min": 8, "max": 16}, '
    '"progression": ["i", "VI", "III", "VII"], '
    '"motif": {"notes": [{"note": 60, "start_time": 0, "duration": 0.5}, ...], "rhythm_tolerance": 0.25}}'
)


class Phase(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    OPEN = "open", "Open"
    VOTING = "voting", "Voting"
    CLOSED = "closed", "Closed"


class Challenge(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=120)
    brief = models.TextField(max_length=4000)
    constraints = models.JSONField(default=dict, blank=True, help_text=CONSTRAINTS_HELP)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField(db_index=True)
    voting_ends_at = models.DateTimeField(db_index=True)
    xp_reward = models.PositiveIntegerField(
        default=300, help_text="XP for first place; second gets half, third a quarter."
    )
    badge = models.CharField(max_length=48, help_text="The badge the winner receives.")
    is_published = models.BooleanField(default=True, help_text="Unpublished challenges are drafts only staff see.")
    # Set once the winners were placed (the beat task after voting closes).
    finalized_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        try:
            self.constraints = constraints_from_data(self.constraints or {}).to_data()
        except EngineParameterError as exc:
            raise ValidationError({"constraints": str(exc)}) from None
        times = (self.starts_at, self.ends_at, self.voting_ends_at)
        if all(times) and not self.starts_at < self.ends_at <= self.voting_ends_at:
            raise ValidationError({"ends_at": "Start, end and the end of voting must come in that order."})

    def phase_at(self, now: datetime | None = None) -> Phase:
        now = now or timezone.now()
        if now < self.starts_at:
            return Phase.UPCOMING
        if now < self.ends_at:
            return Phase.OPEN
        if now < self.voting_ends_at:
            return Phase.VOTING
        return Phase.CLOSED


class Participation(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_entries")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["challenge", "user"], name="one_participation_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.challenge_id}"


class SubmissionSource(models.TextChoices):
    GENERATION = "generation", "Generation"
    PROJECT = "project", "Project"
    MIDI_FILE = "midi_file", "MIDI file"
    IDEA = "idea", "Vault idea"
    UPLOAD = "upload", "Uploaded MIDI"


class Submission(models.Model):
    """A user's entry: the music checked (result shape, for the players) and what the checks said.

    One per user per challenge; submitting again replaces it.
    """

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="submissions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_submissions")
    source = models.CharField(max_length=16, choices=SubmissionSource.choices)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=120)
    genre = models.CharField(max_length=32, blank=True)
    data = models.JSONField()
    results = models.JSONField(default=list)
    constraints_met = models.PositiveSmallIntegerField(default=0)
    constraints_total = models.PositiveSmallIntegerField(default=0)
    # Only entries that meet every constraint can be voted for and placed.
    eligible = models.BooleanField(default=False)
    place = models.PositiveSmallIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["challenge", "user"], name="one_submission_per_user")]

    def __str__(self) -> str:
        return f"{self.title} ({self.challenge_id})"


class Vote(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_votes")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["challenge", "voter"], name="one_vote_per_user_per_challenge")]

    def __str__(self) -> str:
        return f"{self.voter_id} for {self.submission_id}"


class Badge(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="badges")
    name = models.CharField(max_length=48)
    awarded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-awarded_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "challenge"], name="one_badge_per_challenge")]

    def __str__(self) -> str:
        return self.name


class XpActivity(models.TextChoices):
    GENERATION = "generation", "Generation completed"
    IDEA_SAVED = "idea_saved", "Idea saved"
    CHALLENGE_SUBMISSION = "challenge_submission", "Challenge entry"
    CHALLENGE_PLACE = "challenge_place", "Challenge placing"


class XpAward(models.Model):
    """One XP award: the ledger ``User.xp_points`` sums. Unique per (user, activity, reference)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xp_awards")
    activity = models.CharField(max_length=32, choices=XpActivity.choices)
    reference = models.CharField(max_length=64)
    amount = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "activity", "reference"], name="one_xp_award_per_activity")
        ]

    def __str__(self) -> str:
        return f"{self.amount} XP: {self.activity} {self.reference}"
