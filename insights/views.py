"""Pages of the insights app: the producer's dashboard and their public profile."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User
from accounts.selectors import authenticated_user

from .dashboard import dashboard_context, radar
from .selectors import producer_profile_get


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/dashboard.html", dashboard_context(user=authenticated_user(request)))


def public_profile_view(request: HttpRequest, username: str) -> HttpResponse:
    """A producer's public page: only for profiles they made public, and only their chosen facts."""
    user = User.objects.filter(username=username, profile_public=True, is_active=True).first()
    if user is None:
        raise Http404
    profile = producer_profile_get(user=user)
    return render(
        request,
        "insights/public_profile.html",
        {
            "producer": user,
            "dna": profile.dna,
            "creativity": profile.creativity,
            "radar": radar(profile.creativity.get("breakdown") or {}),
        },
    )
