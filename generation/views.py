"""Pages of the generation app: the studio, where producers generate, hear, tweak and download ideas."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.selectors import authenticated_user

from . import track_selectors
from .engine.tools import TOOLS, tool_catalog


@login_required
def studio_view(request: HttpRequest) -> HttpResponse:
    tools = [{"name": tool.name, "slug": tool.slug, "label": tool.label} for tool in TOOLS.values()]
    catalog = tool_catalog()
    # The studio's script reads slugs and labels by tool name.
    catalog["slugs"] = {tool.name: tool.slug for tool in TOOLS.values()}
    catalog["labels"] = {tool.name: tool.label for tool in TOOLS.values()}
    return render(request, "generation/studio.html", {"tools": tools, "catalog": catalog})


@login_required
def track_list_view(request: HttpRequest) -> HttpResponse:
    """The producer's full tracks, newest first."""
    tracks = track_selectors.track_list(user=authenticated_user(request))[:100]
    return render(request, "generation/track_list.html", {"tracks": tracks})


@login_required
def track_view(request: HttpRequest, track_id: str) -> HttpResponse:
    """One track: play with stems soloed or muted, lyrics as they are sung, chord chart, downloads."""
    track = track_selectors.track_get(user=authenticated_user(request), public_id=track_id)
    data = track_selectors.track_data(track=track)
    metrics = [
        (name.replace("_", " "), value)
        for name, value in data["quality_metrics"].items()
        if isinstance(value, (int, float)) and not isinstance(value, bool)
    ]
    return render(request, "generation/track.html", {"track": track, "data": data, "metrics": metrics})
