"""Challenge endpoints of the Co-Prod API: list, join, check, submit, progress, submissions, votes, leaderboards, XP."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.pagination import paginate
from coprod.api.parsers import BoundedJSONParser
from coprod.api.query import query_flag
from coprod.api.views import ApiView
from coprod.errors import ParameterError
from generation.engine.limits import MAX_MIDI_BYTES
from generation.sources import SourceMusic

from .. import selectors, services
from .responses import (
    ChallengeListResponseSerializer,
    ChallengeResponseSerializer,
    CheckResponseSerializer,
    JoinedResponseSerializer,
    LeaderboardResponseSerializer,
    OverallLeaderboardResponseSerializer,
    ProgressResponseSerializer,
    SubmissionListResponseSerializer,
    SubmissionResponseSerializer,
    SubmittedResponseSerializer,
    VotedResponseSerializer,
    XpSummaryResponseSerializer,
)


class EntrySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One source of music: a generation (id or ``gen_…``), project, MIDI file, vault idea, or an uploaded file."""

    generation_id = serializers.CharField(max_length=24, required=False)
    project_id = serializers.IntegerField(min_value=1, required=False)
    midi_file_id = serializers.IntegerField(min_value=1, required=False)
    idea_id = serializers.IntegerField(min_value=1, required=False)
    file = serializers.FileField(required=False, help_text="A Standard MIDI File (multipart), at most 2 MiB")
    genre = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")


class VoteSerializer(serializers.Serializer):  # type: ignore[type-arg]
    submission_id = serializers.IntegerField(min_value=1)


def _entry(request: Request, user: Any) -> SourceMusic:
    body = EntrySerializer(data=request.data)
    body.is_valid(raise_exception=True)
    values = dict(body.validated_data)
    upload = values.pop("file", None)
    if upload is not None:
        values["file"] = upload.read(MAX_MIDI_BYTES + 1)
    return selectors.entry_music_get(
        user=user,
        given=values,
        upload_name=upload.name.rsplit(".", 1)[0] if upload is not None else "",
        genre=values["genre"].strip(),
    )


def _summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    met = sum(1 for r in results if r["passed"])
    return {"passed": met == len(results), "constraints_met": met, "constraints_total": len(results)}


class ChallengeListView(ApiView):
    """Challenges, newest first: filter by phase (``status``) or those you joined (``joined``)."""

    @extend_schema(
        operation_id="challenges_list",
        parameters=[
            OpenApiParameter("status", str, enum=list(selectors.STATUS_FILTERS)),
            OpenApiParameter("joined", bool),
            OpenApiParameter("page", int),
            OpenApiParameter("per_page", int),
        ],
        responses={200: ChallengeListResponseSerializer},
        tags=["challenges"],
    )
    def get(self, request: Request) -> Response:
        user = self.user_of(request)
        status_filter = request.query_params.get("status") or None
        if status_filter is not None and status_filter not in selectors.STATUS_FILTERS:
            raise ParameterError("status", status_filter[:20], f"one of: {', '.join(selectors.STATUS_FILTERS)}")
        joined = query_flag(request.query_params, "joined")
        challenges = selectors.challenge_list(user=user, status=status_filter, joined=joined)
        items, pagination = paginate(challenges, request.query_params)
        return Response(
            {
                "success": True,
                "data": [selectors.challenge_data(challenge=c, user=user) for c in items],
                "pagination": pagination,
            }
        )


class ChallengeDetailView(ApiView):
    """A challenge with its constraints checklist, your part in it and, once closed, its winners."""

    @extend_schema(responses={200: ChallengeResponseSerializer}, tags=["challenges"])
    def get(self, request: Request, challenge_id: int) -> Response:
        user = self.user_of(request)
        challenge = selectors.challenge_get(challenge_id=challenge_id, user=user)
        return Response(
            {"success": True, "data": selectors.challenge_data(challenge=challenge, user=user, detail=True)}
        )


class ChallengeJoinView(ApiView):
    """Join a challenge (201; joining again is a 200)."""

    @extend_schema(
        request=None,
        responses={200: JoinedResponseSerializer, 201: JoinedResponseSerializer},
        tags=["challenges"],
    )
    def post(self, request: Request, challenge_id: int) -> Response:
        user = self.user_of(request)
        challenge = selectors.challenge_get(challenge_id=challenge_id, user=user)
        participation, created = services.challenge_join(user=user, challenge=challenge)
        return Response(
            {
                "success": True,
                "message": "Joined the challenge" if created else "Already joined",
                "data": {"challenge_id": challenge.pk, "joined": True, "joined_at": participation.joined_at},
            },
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ChallengeCheckView(ApiView):
    """Check music against the challenge's constraints, without submitting it."""

    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={"application/json": EntrySerializer, "multipart/form-data": EntrySerializer},
        responses={200: CheckResponseSerializer},
        tags=["challenges"],
    )
    def post(self, request: Request, challenge_id: int) -> Response:
        user = self.user_of(request)
        challenge = selectors.challenge_get(challenge_id=challenge_id, user=user)
        results = [r.to_dict() for r in services.entry_check(challenge=challenge, entry=_entry(request, user))]
        return Response({"success": True, "data": {**_summary(results), "results": results}})


class ChallengeSubmitView(ApiView):
    """Submit an entry (201; a new entry replaces your earlier one: 200)."""

    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={"application/json": EntrySerializer, "multipart/form-data": EntrySerializer},
        responses={200: SubmittedResponseSerializer, 201: SubmittedResponseSerializer},
        tags=["challenges"],
    )
    def post(self, request: Request, challenge_id: int) -> Response:
        user = self.user_of(request)
        challenge = selectors.challenge_get(challenge_id=challenge_id, user=user)
        # Refuse before reading any music: who may submit, and when, does not depend on it.
        services.submission_allowed(user=user, challenge=challenge)
        submission, created = services.challenge_submit(user=user, challenge=challenge, entry=_entry(request, user))
        data = selectors.submission_data(submission=submission)
        met, total = submission.constraints_met, submission.constraints_total
        return Response(
            {
                "success": True,
                "message": f"{'Submitted' if created else 'Submission replaced'}: {met} of {total} constraints met",
                "data": {**data, "submission_id": submission.pk, "replaced": not created},
            },
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ChallengeProgressView(ApiView):
    """Your progress in a challenge: steps done, constraints met, time left, rank and votes."""

    @extend_schema(responses={200: ProgressResponseSerializer}, tags=["challenges"])
    def get(self, request: Request, challenge_id: int) -> Response:
        user = self.user_of(request)
        challenge = selectors.challenge_get(challenge_id=challenge_id, user=user)
        return Response({"success": True, "data": selectors.progress_data(challenge=challenge, user=user)})


class SubmissionListView(ApiView):
    """Entries with their votes: everyone's once the challenge has ended, before that only one's own."""

    @extend_schema(
        operation_id="challenges_submissions_list",
        responses={200: SubmissionListResponseSerializer},
        tags=["challenges"],
    )
    def get(self, request: Request, challenge_id: int) -> Response:
        user = self.user_of(request)
        challenge = selectors.challenge_get(challenge_id=challenge_id, user=user)
        public = selectors.submissions_visible_to(challenge=challenge, user=user)
        rows = [
            selectors.submission_data(submission=s, votes=votes, rank=rank)
            for rank, (s, votes) in enumerate(selectors.challenge_standings(challenge=challenge), start=1)
            if public or s.user_id == user.pk
        ]
        return Response({"success": True, "data": rows})


class SubmissionDetailView(ApiView):
    """One entry with its music (others' entries only once the challenge has ended)."""

    @extend_schema(responses={200: SubmissionResponseSerializer}, tags=["challenges"])
    def get(self, request: Request, challenge_id: int, submission_id: int) -> Response:
        user = self.user_of(request)
        challenge = selectors.challenge_get(challenge_id=challenge_id, user=user)
        submission = selectors.submission_get(challenge=challenge, submission_id=submission_id)
        if submission.user_id != user.pk and not selectors.submissions_visible_to(challenge=challenge, user=user):
            raise NotFound()
        return Response({"success": True, "data": selectors.submission_data(submission=submission, with_music=True)})


class ChallengeVoteView(ApiView):
    """Vote for another producer's entry while the challenge is in its voting phase."""

    @extend_schema(request=VoteSerializer, responses={201: VotedResponseSerializer}, tags=["challenges"])
    def post(self, request: Request, challenge_id: int) -> Response:
        user = self.user_of(request)
        challenge = selectors.challenge_get(challenge_id=challenge_id, user=user)
        body = VoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        vote = services.submission_vote(
            user=user, challenge=challenge, submission_id=body.validated_data["submission_id"]
        )
        return Response(
            {
                "success": True,
                "message": "Vote recorded",
                "data": {"challenge_id": challenge.pk, "submission_id": vote.submission_id},
            },
            status=status.HTTP_201_CREATED,
        )


class ChallengeLeaderboardView(ApiView):
    """A challenge's standings (entry titles only where you may see them)."""

    @extend_schema(responses={200: LeaderboardResponseSerializer}, tags=["challenges"])
    def get(self, request: Request, challenge_id: int) -> Response:
        user = self.user_of(request)
        challenge = selectors.challenge_get(challenge_id=challenge_id, user=user)
        return Response(
            {
                "success": True,
                "data": {
                    "challenge_id": challenge.pk,
                    "status": challenge.phase_at().value,
                    "entries": selectors.leaderboard(challenge=challenge, user=user),
                },
            }
        )


class OverallLeaderboardView(ApiView):
    """Producers ranked by XP, with their level, badges and wins."""

    @extend_schema(
        operation_id="challenges_leaderboard_overall",
        responses={200: OverallLeaderboardResponseSerializer},
        tags=["challenges"],
    )
    def get(self, request: Request) -> Response:
        return Response({"success": True, "data": selectors.overall_leaderboard()})


class XpView(ApiView):
    """Your XP, level (see the README's level curve), badges and latest awards."""

    @extend_schema(responses={200: XpSummaryResponseSerializer}, tags=["challenges"])
    def get(self, request: Request) -> Response:
        return Response({"success": True, "data": selectors.xp_summary(user=self.user_of(request))})
