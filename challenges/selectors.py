"""Challenge reads: lists by phase, details with the constraint checklist, standings, progress, leaderboards.

Nothing here writes. Standings rank entries by votes once voting has started (ties: the earlier
submission), and before that by constraints met (ties: the earlier submission); entries that do
not meet every constraint rank after those that do.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from coprod.errors import ParameterError
from coprod.selectors import integer_id, owned_or_404
from generation.engine.challenge_checks import constraints_from_data
from generation.engine.results import composition_data
from generation.engine.roles import parts_named_by_role
from generation.sources import REFERENCES, SourceMusic, source_music_resolve

from .models import Badge, Challenge, Participation, Phase, Submission, SubmissionSource, Vote, XpAward
from .xp import level_data

# ``status`` filters of GET /api/challenges; "past" is voting and closed together.
STATUS_FILTERS = ("open", "upcoming", "voting", "closed", "past")
LEADERBOARD_SIZE = 50
# What an entry's source is stored as, by the reference that named it.
SUBMISSION_SOURCES = {
    "generation_id": SubmissionSource.GENERATION,
    "project_id": SubmissionSource.PROJECT,
    "midi_file_id": SubmissionSource.MIDI_FILE,
    "idea_id": SubmissionSource.IDEA,
    "file": SubmissionSource.UPLOAD,
}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def challenge_list(*, user: User, status: str | None = None, joined: bool = False) -> QuerySet[Challenge]:
    now = timezone.now()
    queryset = Challenge.objects.filter(is_published=True)
    if status == "open":
        queryset = queryset.filter(starts_at__lte=now, ends_at__gt=now)
    elif status == "upcoming":
        queryset = queryset.filter(starts_at__gt=now)
    elif status == "voting":
        queryset = queryset.filter(ends_at__lte=now, voting_ends_at__gt=now)
    elif status == "closed":
        queryset = queryset.filter(voting_ends_at__lte=now)
    elif status == "past":
        queryset = queryset.filter(ends_at__lte=now)
    if joined:
        queryset = queryset.filter(participations__user=user)
    return queryset.order_by("-starts_at", "-id")


def challenge_get(*, challenge_id: Any, user: User | None = None) -> Challenge:
    """A published challenge (staff also see drafts); Http404 otherwise."""
    queryset = (
        Challenge.objects.all() if user is not None and user.is_staff else Challenge.objects.filter(is_published=True)
    )
    object_id = integer_id(challenge_id)
    challenge = queryset.filter(pk=object_id).first() if object_id else None
    if challenge is None:
        raise Http404("Challenge not found")
    return challenge


def checklist(*, challenge: Challenge) -> list[dict[str, str]]:
    return [
        {"constraint": name, "label": label} for name, label in constraints_from_data(challenge.constraints).labels()
    ]


def _time_left(challenge: Challenge, phase: Phase, now: datetime) -> int:
    until = {Phase.UPCOMING: challenge.starts_at, Phase.OPEN: challenge.ends_at, Phase.VOTING: challenge.voting_ends_at}
    end = until.get(phase)
    return max(0, int((end - now).total_seconds())) if end else 0


def duration_text(seconds: int) -> str:
    """``"2 days 3 hours"``, ``"5 hours 10 minutes"``, ``"4 minutes"`` (for pages and the API)."""
    days, rest = divmod(max(0, seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    units = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    shown = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in units if n][:2]
    return " ".join(shown) or "less than a minute"


def challenge_data(*, challenge: Challenge, user: User, detail: bool = False) -> dict[str, Any]:
    now = timezone.now()
    phase = challenge.phase_at(now)
    data: dict[str, Any] = {
        "id": challenge.pk,
        "slug": challenge.slug,
        "title": challenge.title,
        "brief": challenge.brief,
        "status": phase.value,
        "starts_at": _iso(challenge.starts_at),
        "ends_at": _iso(challenge.ends_at),
        "voting_ends_at": _iso(challenge.voting_ends_at),
        "time_left_seconds": _time_left(challenge, phase, now),
        "time_left": duration_text(_time_left(challenge, phase, now)),
        "xp_reward": challenge.xp_reward,
        "badge": challenge.badge,
        "constraints": challenge.constraints,
        "checklist": checklist(challenge=challenge),
        "participants": challenge.participations.count(),
        "submissions": challenge.submissions.count(),
        "joined": challenge.participations.filter(user=user).exists(),
        "submitted": challenge.submissions.filter(user=user).exists(),
    }
    if detail and phase == Phase.CLOSED:
        data["winners"] = [
            {"place": s.place, "username": s.user.username, "submission_id": s.pk, "title": s.title}
            for s in challenge.submissions.filter(place__isnull=False).select_related("user").order_by("place")
        ]
    return data


def submission_get(*, challenge: Challenge, submission_id: Any) -> Submission:
    """One entry of ``challenge``; Http404 for another challenge's entry or a malformed id."""
    queryset = Submission.objects.select_related("user")
    return owned_or_404(queryset, owner=challenge, pk=submission_id, owner_field="challenge")


def challenge_standings(*, challenge: Challenge) -> list[tuple[Submission, int]]:
    """Every entry with its votes, best first (see the module docstring)."""
    entries = list(challenge.submissions.select_related("user").annotate(vote_count=Count("votes")))
    by_votes = challenge.phase_at() in (Phase.VOTING, Phase.CLOSED)

    def order(s: Any) -> tuple[Any, ...]:
        merit = s.vote_count if by_votes else s.constraints_met
        return (not s.eligible, -merit, -s.constraints_met, s.submitted_at, s.pk)

    return [(s, s.vote_count) for s in sorted(entries, key=order)]


def submissions_visible_to(*, challenge: Challenge, user: User) -> bool:
    """Everyone's entries are public once the challenge has ended (before, each sees only their own)."""
    return challenge.phase_at() in (Phase.VOTING, Phase.CLOSED)


def submission_data(
    *, submission: Submission, votes: int | None = None, rank: int | None = None, with_music: bool = False
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": submission.pk,
        "challenge_id": submission.challenge_id,
        "username": submission.user.username,
        "title": submission.title,
        "source": submission.source,
        "source_id": submission.source_id,
        "genre": submission.genre,
        "bpm": submission.data.get("bpm"),
        "bars": submission.data.get("bars"),
        "constraints_met": submission.constraints_met,
        "constraints_total": submission.constraints_total,
        "passed": submission.eligible,
        "results": submission.results,
        "submitted_at": _iso(submission.submitted_at),
        "place": submission.place,
    }
    if votes is not None:
        data["votes"] = votes
    if rank is not None:
        data["rank"] = rank
    if with_music:
        data["data"] = submission.data
    return data


def leaderboard(*, challenge: Challenge, user: User) -> list[dict[str, Any]]:
    """The challenge's standings; before it ends only the viewer's own entry shows its music details."""
    public = submissions_visible_to(challenge=challenge, user=user)
    rows = []
    for rank, (submission, votes) in enumerate(challenge_standings(challenge=challenge), start=1):
        row = {
            "rank": rank,
            "username": submission.user.username,
            "constraints_met": submission.constraints_met,
            "constraints_total": submission.constraints_total,
            "passed": submission.eligible,
            "votes": votes,
            "place": submission.place,
        }
        if public or submission.user_id == user.pk:
            row["submission_id"] = submission.pk
            row["title"] = submission.title
        rows.append(row)
    return rows


def progress_data(*, challenge: Challenge, user: User) -> dict[str, Any]:
    """``GET /api/challenges/{id}/progress``: steps done, constraints met, time left and rank."""
    now = timezone.now()
    phase = challenge.phase_at(now)
    joined = Participation.objects.filter(challenge=challenge, user=user).exists()
    standings = challenge_standings(challenge=challenge)
    mine = next(((rank, s, v) for rank, (s, v) in enumerate(standings, start=1) if s.user_id == user.pk), None)
    submission = mine[1] if mine else None
    voted = Vote.objects.filter(challenge=challenge, voter=user).exists()
    steps = [
        {"step": "join", "label": "Join the challenge", "done": joined},
        {"step": "submit", "label": "Submit an entry", "done": submission is not None},
        {
            "step": "meet_constraints",
            "label": "Meet every constraint",
            "done": bool(submission and submission.eligible),
        },
        {"step": "vote", "label": "Vote for another entry", "done": voted},
    ]
    return {
        "challenge_id": challenge.pk,
        "status": phase.value,
        "joined": joined,
        "submitted": submission is not None,
        "steps": steps,
        "steps_done": sum(1 for s in steps if s["done"]),
        "steps_total": len(steps),
        "constraints": submission.results if submission else [],
        "constraints_met": submission.constraints_met if submission else 0,
        "constraints_total": len(checklist(challenge=challenge)),
        "checklist": checklist(challenge=challenge),
        "time_left_seconds": _time_left(challenge, phase, now),
        "time_left": duration_text(_time_left(challenge, phase, now)),
        "ends_at": _iso(challenge.ends_at),
        "voting_ends_at": _iso(challenge.voting_ends_at),
        "rank": mine[0] if mine else None,
        "votes": mine[2] if mine else 0,
        "place": submission.place if submission else None,
        "entries": len(standings),
        "submission_id": submission.pk if submission else None,
    }


def overall_leaderboard(*, limit: int = LEADERBOARD_SIZE) -> list[dict[str, Any]]:
    """Producers by XP (ties: the earlier account), with their level and badges."""
    users = (
        User.objects.filter(is_active=True, xp_points__gt=0)
        .annotate(
            badge_count=Count("badges", distinct=True),
            wins=Count("challenge_submissions", filter=Q(challenge_submissions__place=1), distinct=True),
        )
        .order_by("-xp_points", "date_joined", "pk")[:limit]
    )
    return [
        {
            "rank": rank,
            "username": u.username,
            "xp_points": u.xp_points,
            "level": level_data(u.xp_points)["level"],
            "badges": u.badge_count,
            "wins": u.wins,
        }
        for rank, u in enumerate(users, start=1)
    ]


def xp_summary(*, user: User) -> dict[str, Any]:
    """The user's XP, level, badges and latest awards."""
    xp = User.objects.filter(pk=user.pk).values_list("xp_points", flat=True).first() or 0
    return {
        **level_data(xp),
        "badges": [
            {"name": b.name, "challenge_id": b.challenge_id, "awarded_at": _iso(b.awarded_at)}
            for b in Badge.objects.filter(user=user)
        ],
        "recent": [
            {"activity": a.activity, "amount": a.amount, "reference": a.reference, "at": _iso(a.created_at)}
            for a in XpAward.objects.filter(user=user)[:20]
        ],
    }


def entry_music_get(*, user: User, given: dict[str, Any], upload_name: str = "", genre: str = "") -> SourceMusic:
    """The music of the one source in ``given`` (``generation_id``, ``project_id``, ``midi_file_id``,
    ``idea_id`` or ``file``: an upload's bytes), as the checks read it (:mod:`generation.sources`).

    ``genre`` is the genre declared with it; a generation's music keeps its own. A MIDI file's
    parts are named by their roles (the ``parts`` constraint names the engine's parts). Raises
    :class:`ParameterError` (400) for none or several sources, or a source the resolver refuses;
    Http404 for another user's object.
    """
    named = [name for name in REFERENCES if given.get(name) not in (None, "")]
    if len(named) != 1:
        raise ParameterError(
            "source", named, "exactly one of generation_id, project_id, midi_file_id, idea_id or a MIDI file"
        )
    source = source_music_resolve(user=user, reference=named[0], value=given[named[0]], title=upload_name)
    if not source.generated:
        source = replace(source, genre=genre or source.genre)
    if source.read is None:
        return source
    # Read from a MIDI file: the reader's music, its parts named by role and the genre declared with it.
    music = replace(parts_named_by_role(source.read), genre=source.genre or None)
    return replace(source, data=composition_data(music), read=music)
