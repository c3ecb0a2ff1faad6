"""Challenge pages: the list by phase, a challenge's brief, checklist, entry form, entries and leaderboard.

The pages render what the selectors read; joining, checking, submitting, playing and voting go
through the API from ``static/js/challenges.js``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.selectors import authenticated_user
from generation.models import Generation, GenerationStatus
from projects.models import MidiFile, Project
from vault.models import Idea

from . import selectors
from .models import Phase

# How many of the user's own generations, projects, files and ideas the entry form offers.
SOURCE_CHOICES = 30


@login_required
def challenge_list_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    groups = [
        (
            title,
            [
                selectors.challenge_data(challenge=c, user=user)
                for c in selectors.challenge_list(user=user, status=key)[:20]
            ],
        )
        for title, key in (("Open now", "open"), ("Upcoming", "upcoming"), ("Past", "past"))
    ]
    return render(request, "challenges/list.html", {"groups": groups, "xp": selectors.xp_summary(user=user)})


@login_required
def challenge_detail_view(request: HttpRequest, challenge_id: int) -> HttpResponse:
    user = authenticated_user(request)
    challenge = selectors.challenge_get(challenge_id=challenge_id, user=user)
    data = selectors.challenge_data(challenge=challenge, user=user, detail=True)
    phase = challenge.phase_at()
    sources = {
        "generations": Generation.objects.filter(owner=user, status=GenerationStatus.COMPLETED)
        .defer("result", "parameters")
        .order_by("-created_at")[:SOURCE_CHOICES],
        "projects": Project.objects.filter(owner=user)[:SOURCE_CHOICES],
        "midi_files": MidiFile.objects.filter(owner=user)[:SOURCE_CHOICES],
        "ideas": Idea.objects.filter(owner=user).defer("data")[:SOURCE_CHOICES],
    }
    public = selectors.submissions_visible_to(challenge=challenge, user=user)
    entries = [
        selectors.submission_data(submission=s, votes=votes, rank=rank)
        for rank, (s, votes) in enumerate(selectors.challenge_standings(challenge=challenge), start=1)
        if public or s.user_id == user.pk
    ]
    return render(
        request,
        "challenges/detail.html",
        {
            "challenge": data,
            "progress": selectors.progress_data(challenge=challenge, user=user),
            "sources": sources,
            "entries": entries,
            "leaderboard": selectors.leaderboard(challenge=challenge, user=user),
            "can_submit": phase == Phase.OPEN,
            "can_vote": phase == Phase.VOTING,
            "username": user.username,
        },
    )


@login_required
def leaderboard_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    return render(
        request,
        "challenges/leaderboard.html",
        {"rows": selectors.overall_leaderboard(), "xp": selectors.xp_summary(user=user)},
    )
