"""Challenge use cases: join, check and submit an entry, vote, place the winners, schedule the weekly challenge.

Rules: anyone signed in may join an upcoming or open challenge; only those who joined may submit,
only while it is open, and a new submission replaces their previous one. Voting runs from the
end of the challenge to ``voting_ends_at``: one vote per user per challenge, never for one's own
entry, only for entries that meet every constraint. When voting closes the beat task places the
three entries with the most votes (ties: the earlier submission), awards XP, gives the winner the
badge and notifies the placed producers.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import notification_create
from coprod.errors import Conflict, DomainError
from generation.engine.challenge_checks import ConstraintResult, check_constraints, constraints_from_data
from generation.sources import SourceMusic

from . import selectors
from .catalogue import WEEKLY_CHALLENGES
from .models import Badge, Challenge, Participation, Phase, Submission, Vote, XpActivity
from .xp import PLACE_SHARES, xp_award

logger = logging.getLogger(__name__)

CHALLENGE_DAYS = 7
VOTING_DAYS = 3
# A challenge created mid-week runs into the next week if fewer days than this are left.
MIN_OPEN_DAYS = 2


class NotJoined(DomainError):
    status_code = 403
    default_code = "NOT_JOINED"
    default_detail = "Access denied"

    def __init__(self) -> None:
        super().__init__("Access denied", reason="Join the challenge before submitting")


class OwnSubmission(DomainError):
    status_code = 403
    default_code = "OWN_SUBMISSION"
    default_detail = "Access denied"

    def __init__(self) -> None:
        super().__init__("Access denied", reason="You cannot vote for your own submission")


def _phase_conflict(challenge: Challenge, action: str, allowed: tuple[Phase, ...], now: datetime) -> None:
    phase = challenge.phase_at(now)
    if phase not in allowed:
        raise Conflict(
            f"This challenge is {phase.value}: you can {action} only while it is {' or '.join(allowed)}",
            code="CHALLENGE_" + phase.value.upper(),
        )


def challenge_join(*, user: User, challenge: Challenge) -> tuple[Participation, bool]:
    """Join ``challenge`` (again is fine); ``(participation, created)``. Raises :class:`Conflict` once it ended."""
    _phase_conflict(challenge, "join", (Phase.UPCOMING, Phase.OPEN), timezone.now())
    try:
        with transaction.atomic():
            return Participation.objects.get_or_create(challenge=challenge, user=user)
    except IntegrityError:  # a concurrent join won the race
        return Participation.objects.get(challenge=challenge, user=user), False


def entry_check(*, challenge: Challenge, entry: SourceMusic) -> list[ConstraintResult]:
    """What the challenge's constraints say about ``entry`` (no side effect)."""
    return check_constraints(constraints_from_data(challenge.constraints), entry.music, declared_genre=entry.genre)


def submission_allowed(*, user: User, challenge: Challenge) -> None:
    """Raise :class:`NotJoined` (403) unless ``user`` joined, :class:`Conflict` (409) unless the challenge is open."""
    if not Participation.objects.filter(challenge=challenge, user=user).exists():
        raise NotJoined()
    _phase_conflict(challenge, "submit", (Phase.OPEN,), timezone.now())


def challenge_submit(*, user: User, challenge: Challenge, entry: SourceMusic) -> tuple[Submission, bool]:
    """Check and store ``user``'s entry, replacing an earlier one; ``(submission, created)``.

    Raises :class:`NotJoined` (403) unless the user joined, :class:`Conflict` (409) unless the
    challenge is open. The first entry earns the submission XP once per challenge.
    """
    submission_allowed(user=user, challenge=challenge)
    now = timezone.now()
    results = entry_check(challenge=challenge, entry=entry)
    met = sum(1 for r in results if r.passed)
    fields = {
        "source": selectors.SUBMISSION_SOURCES[entry.reference],
        "source_id": entry.object_id,
        "title": entry.title[:120] or "Entry",
        "genre": entry.genre[:32],
        "data": entry.data,
        "results": [r.to_dict() for r in results],
        "constraints_met": met,
        "constraints_total": len(results),
        "eligible": met == len(results),
        "submitted_at": now,
    }
    with transaction.atomic():
        submission, created = Submission.objects.select_for_update().update_or_create(
            challenge=challenge, user=user, defaults=fields
        )
        xp_award(user_id=user.pk, activity=XpActivity.CHALLENGE_SUBMISSION, reference=f"challenge:{challenge.pk}")
    return submission, created


def submission_vote(*, user: User, challenge: Challenge, submission_id: int) -> Vote:
    """Vote for an entry. 409 outside voting or on a second vote, 403 on one's own, 400 on an ineligible entry."""
    _phase_conflict(challenge, "vote", (Phase.VOTING,), timezone.now())
    submission = selectors.submission_get(challenge=challenge, submission_id=submission_id)
    if submission.user_id == user.pk:
        raise OwnSubmission()
    if not submission.eligible:
        raise DomainError(
            "This entry does not meet every constraint and cannot be voted for",
            details={"submission_id": submission.pk},
        )
    try:
        with transaction.atomic():
            return Vote.objects.create(challenge=challenge, voter=user, submission=submission)
    except IntegrityError:
        raise Conflict("You have already voted in this challenge", code="ALREADY_VOTED") from None


def challenge_finalize(*, challenge_id: int) -> list[Submission]:
    """Place the winners of a challenge whose voting closed (once: safe to run twice); the placed entries."""
    now = timezone.now()
    with transaction.atomic():
        claimed = Challenge.objects.filter(pk=challenge_id, finalized_at__isnull=True, voting_ends_at__lte=now).update(
            finalized_at=now
        )
        if not claimed:
            return []
        challenge = Challenge.objects.get(pk=challenge_id)
        placed = [s for s, _votes in selectors.challenge_standings(challenge=challenge) if s.eligible][:3]
        for place, submission in enumerate(placed, start=1):
            submission.place = place
            submission.save(update_fields=["place"])
            xp_award(
                user_id=submission.user_id,
                activity=XpActivity.CHALLENGE_PLACE,
                reference=f"challenge:{challenge.pk}",
                amount=int(challenge.xp_reward * PLACE_SHARES[place]),
            )
            if place == 1:
                Badge.objects.get_or_create(
                    user_id=submission.user_id, challenge=challenge, defaults={"name": challenge.badge}
                )
    for submission in placed:
        _notify_placed(challenge, submission)
    return placed


def _notify_placed(challenge: Challenge, submission: Submission) -> None:
    ordinal = {1: "1st", 2: "2nd", 3: "3rd"}[submission.place or 1]
    badge = f" and the “{challenge.badge}” badge" if submission.place == 1 else ""
    points = int(challenge.xp_reward * PLACE_SHARES[submission.place or 1])
    try:
        notification_create(
            user=submission.user,
            kind="challenge_placed",
            title=f"You placed {ordinal} in {challenge.title}",
            body=f"{points} XP{badge}.",
            data={
                "challenge_id": challenge.pk,
                "place": submission.place,
                "url": reverse("challenges:detail", args=[challenge.pk]),
            },
        )
    except Exception:  # the placing stands even if a socket push fails
        logger.warning("could not notify the placing of submission %s", submission.pk, exc_info=True)


def challenges_finalize_due() -> int:
    """Place the winners of every challenge whose voting has closed; how many were finalised."""
    due = Challenge.objects.filter(finalized_at__isnull=True, voting_ends_at__lte=timezone.now()).values_list(
        "pk", flat=True
    )
    count = 0
    for challenge_id in list(due):
        challenge_finalize(challenge_id=challenge_id)
        count += 1
    return count


def _week_start(now: datetime) -> datetime:
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def _create_from_catalogue(
    starts_at: datetime, ends_at: datetime, previous_slug: str | None, index: int | None = None
) -> Challenge:
    """The catalogue's challenge for the week of ``starts_at`` (or ``index``), never the previous one twice."""
    if index is None:
        index = starts_at.isocalendar().week % len(WEEKLY_CHALLENGES)
    template = WEEKLY_CHALLENGES[index]
    if previous_slug and previous_slug.startswith(template["slug"]):
        template = WEEKLY_CHALLENGES[(index + 1) % len(WEEKLY_CHALLENGES)]
    challenge, _ = Challenge.objects.get_or_create(
        slug=f"{template['slug']}-{starts_at:%Y-%m-%d}",
        defaults={
            "title": template["title"],
            "brief": template["brief"],
            "constraints": constraints_from_data(template["constraints"]).to_data(),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "voting_ends_at": ends_at + timedelta(days=VOTING_DAYS),
            "xp_reward": template["xp_reward"],
            "badge": template["badge"],
        },
    )
    return challenge


def challenges_schedule(*, now: datetime | None = None) -> list[Challenge]:
    """Make sure a weekly challenge is open now and the next one is announced; the challenges created.

    The open one runs Monday to Monday (UTC), into the following week when fewer than
    :data:`MIN_OPEN_DAYS` are left; the next one starts when it ends. Idempotent.
    """
    now = now or timezone.now()
    created: list[Challenge] = []
    published = Challenge.objects.filter(is_published=True)
    current = published.filter(starts_at__lte=now, ends_at__gt=now).order_by("-ends_at").first()
    if current is None:
        start = _week_start(now)
        end = start + timedelta(days=CHALLENGE_DAYS)
        if end - now < timedelta(days=MIN_OPEN_DAYS):
            end += timedelta(days=CHALLENGE_DAYS)
        # With nothing open (a fresh install) the first catalogue entry opens: it is made in the studio.
        current = _create_from_catalogue(start, end, None, index=0)
        created.append(current)
    if not published.filter(starts_at__gte=current.ends_at).exists():
        start = current.ends_at
        created.append(_create_from_catalogue(start, start + timedelta(days=CHALLENGE_DAYS), current.slug))
    return created
