"""The Idea Vault page: saved ideas with thumbnails, play, favourites, filters and merging."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.selectors import authenticated_user
from generation.engine.genres import GENRE_NAMES
from generation.engine.tools import RESULT_LABELS

from . import selectors
from .thumbnails import THUMB_HEIGHT, THUMB_WIDTH


@login_required
def vault_view(request: HttpRequest) -> HttpResponse:
    params = request.GET
    ideas = selectors.idea_list(
        owner=authenticated_user(request),
        favorite=params.get("favorite") == "1",
        genre=params.get("genre") or None,
        idea_type=params.get("type") or None,
        tag=params.get("tag") or None,
        search=params.get("q") or None,
    )[:60]
    cards = [
        {
            "idea": idea,
            "thumb": idea.thumbnail,
            # The idea's own preview (rendered on a worker after saving), else its generation's.
            "preview": reverse("api-vault-preview", kwargs={"idea_id": idea.pk})
            if idea.preview or (idea.generation and idea.generation.preview)
            else None,
        }
        for idea in selectors.idea_cards(ideas=ideas)
    ]
    return render(
        request,
        "vault/list.html",
        {
            "cards": cards,
            "params": params,
            "thumb_size": (THUMB_WIDTH, THUMB_HEIGHT),
            # The filters offer what the engine makes, by name.
            "genres": GENRE_NAMES,
            "types": sorted(RESULT_LABELS.items(), key=lambda item: item[1]),
        },
    )
