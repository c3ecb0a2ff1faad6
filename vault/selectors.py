"""Idea Vault reads: a user's ideas (others' are 404), filters, search, and piano-roll thumbnails."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse

from accounts.models import User
from coprod.selectors import owned_or_404

from .models import Idea


def idea_cards(*, ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """The ideas with what a card shows, without their music (``data`` can be megabytes)."""
    return (
        ideas.defer("data")
        .select_related("generation")
        .only(*(f.name for f in Idea._meta.concrete_fields if f.name != "data"), "generation__preview")
    )


# How the vault page can order ideas: name -> (label, ORDER BY). Every ordering ends on the id, so
# ideas that tie (same title, same second) keep one order and paging never repeats or skips one.
IDEA_ORDERINGS: dict[str, tuple[str, tuple[Any, ...]]] = {
    "newest": ("Newest first", ("-created_at", "-id")),
    "oldest": ("Oldest first", ("created_at", "id")),
    "title": ("Title A-Z", (Lower("title"), "id")),
    "favourites": ("Favourites first", ("-is_favorite", "-created_at", "-id")),
}
DEFAULT_IDEA_ORDERING = "newest"


def idea_list(
    *,
    owner: User,
    favorite: bool | None = None,
    genre: str | None = None,
    idea_type: str | None = None,
    tag: str | None = None,
    search: str | None = None,
    ordering: str = DEFAULT_IDEA_ORDERING,
) -> QuerySet[Idea]:
    """``owner``'s ideas matching the filters, in one of :data:`IDEA_ORDERINGS` (unknown names: newest)."""
    queryset = Idea.objects.filter(owner=owner)
    if favorite:
        queryset = queryset.filter(is_favorite=True)
    if genre:
        queryset = queryset.filter(genre__iexact=genre)
    if idea_type:
        queryset = queryset.filter(type=idea_type)
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(notes__icontains=search) | Q(genre__icontains=search))
    _, order = IDEA_ORDERINGS.get(ordering) or IDEA_ORDERINGS[DEFAULT_IDEA_ORDERING]
    ideas = queryset.order_by(*order)
    if tag:
        # Tags are a JSON list; filtering in Python keeps this portable across SQLite and PostgreSQL.
        ids = [i.pk for i in ideas.only("id", "tags") if tag.lower() in (i.tags or [])]
        ideas = ideas.filter(pk__in=ids)
    return ideas


def idea_filename(*, idea: Idea) -> str:
    """A file name for the idea's downloads: ``trap-melody-c-minor-idea-12`` (no user text unslugged)."""
    from django.utils.text import slugify

    words = slugify(f"{idea.genre} {idea.type} {idea.key} {idea.scale}".replace("_", "-"))
    return f"{words}-idea-{idea.pk}".strip("-")


def idea_get(*, owner: User, idea_id: Any) -> Idea:
    """One of ``owner``'s ideas; Http404 for others' and malformed ids."""
    return owned_or_404(Idea.objects.all(), owner=owner, pk=idea_id)


def idea_data(*, idea: Idea, with_music: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": idea.pk,
        "title": idea.title,
        "type": idea.type,
        "genre": idea.genre,
        "key": idea.key,
        "scale": idea.scale,
        "bpm": idea.bpm,
        "tags": idea.tags,
        "notes": idea.notes,
        "is_favorite": idea.is_favorite,
        "generation_id": idea.generation_id,
        "merged_from": [i.pk for i in idea.merged_from.all()],
        "created_at": idea.created_at.isoformat(),
        "midi_url": reverse("api-vault-midi", kwargs={"idea_id": idea.pk}),
    }
    if with_music:
        data["data"] = idea.data
    return data
