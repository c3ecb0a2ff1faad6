"""The Idea Vault page: saved ideas with thumbnails, play, favourites, filters, ordering, pages and merging."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.selectors import authenticated_user
from generation.engine.genres import GENRE_NAMES
from generation.engine.tools import RESULT_LABELS

from . import selectors
from .thumbnails import THUMB_HEIGHT, THUMB_WIDTH

# Ideas per page: a 3-, 4- or 6-column grid fills its last row.
IDEAS_PER_PAGE = 48


@login_required
def vault_view(request: HttpRequest) -> HttpResponse:
    params = request.GET
    sort = params.get("sort") or ""
    ordering = sort if sort in selectors.IDEA_ORDERINGS else selectors.DEFAULT_IDEA_ORDERING
    ideas = selectors.idea_list(
        owner=authenticated_user(request),
        favorite=params.get("favorite") == "1",
        genre=params.get("genre") or None,
        idea_type=params.get("type") or None,
        tag=params.get("tag") or None,
        search=params.get("q") or None,
        ordering=ordering,
    )
    # A page number that is not one (or past the end) shows the first (or the last) page, never an error.
    page = Paginator(selectors.idea_cards(ideas=ideas), IDEAS_PER_PAGE).get_page(params.get("page"))
    cards = [
        {
            "idea": idea,
            "thumb": idea.thumbnail,
            # The idea's own preview (rendered on a worker after saving), else its generation's.
            "preview": reverse("api-vault-preview", kwargs={"idea_id": idea.pk})
            if idea.preview or (idea.generation and idea.generation.preview)
            else None,
        }
        for idea in page
    ]
    # The page links keep the filters and the ordering.
    others = params.copy()
    others.pop("page", None)
    return render(
        request,
        "vault/list.html",
        {
            "cards": cards,
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "page_query": others.urlencode(),
            "params": params,
            "ordering": ordering,
            "orderings": [(name, label) for name, (label, _) in selectors.IDEA_ORDERINGS.items()],
            "thumb_size": (THUMB_WIDTH, THUMB_HEIGHT),
            # The filters offer what the engine makes, by name.
            "genres": GENRE_NAMES,
            "types": sorted(RESULT_LABELS.items(), key=lambda item: item[1]),
        },
    )
