"""Insights reads: a producer's material, their Producer DNA and creativity score. Nothing here writes.

A stored profile is answered as it is (its refresh runs in a task seconds after new material);
when there is none yet, the profile is computed for the answer and not stored: reads never write.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from accounts.models import User
from generation.models import Generation, GenerationStatus
from vault.models import Idea

from .creativity import creativity_score
from .dna import producer_dna
from .models import ProducerProfile

MATERIAL_LIMIT = 500


def user_material(*, user: User) -> list[dict[str, Any]]:
    """The user's completed generations and saved ideas (newest first, at most 500) as DNA input."""
    generations = Generation.objects.filter(owner=user, status=GenerationStatus.COMPLETED).exclude(result=None)
    material = [
        {
            "created_at": g.created_at,
            "tool": g.tool,
            "genre": g.genre or None,
            "bpm": g.bpm,
            "key": g.key or None,
            "scale": g.scale or None,
            "result": g.result or {},
        }
        for g in generations.order_by("-created_at")[:MATERIAL_LIMIT]
    ]
    saved_from = set(generations.values_list("pk", flat=True))
    for idea in Idea.objects.filter(owner=user).order_by("-created_at")[:MATERIAL_LIMIT]:
        if idea.generation_id in saved_from:
            continue  # the same music is already counted through its generation
        material.append(
            {
                "created_at": idea.created_at,
                "tool": idea.type,
                "genre": idea.genre or None,
                "bpm": idea.bpm,
                "key": idea.key or None,
                "scale": idea.scale or None,
                "result": idea.data or {},
            }
        )
    return material


@dataclass(frozen=True)
class ProducerProfileView:
    """What the DNA and creativity endpoints answer: the stored profile or a fresh computation."""

    dna: dict[str, Any]
    creativity: dict[str, Any]


def producer_profile_get(*, user: User) -> ProducerProfileView:
    """The user's DNA and creativity: the stored profile (one query), else computed now, not stored.

    The stored profile is refreshed by a task after every finished job or saved idea (debounced,
    :data:`insights.services.PROFILE_REFRESH_DEBOUNCE_SECONDS`), so it trails new material by
    seconds; a producer with no stored profile yet gets one computed for the answer.
    """
    profile = ProducerProfile.objects.filter(user=user).first()
    if profile is not None:
        return ProducerProfileView(dna=profile.dna, creativity=profile.creativity)
    material = user_material(user=user)
    return ProducerProfileView(dna=producer_dna(material), creativity=creativity_score(material, timezone.now()))


def material_counts(*, user: User) -> tuple[list[tuple[str, int]], Counter[str]]:
    """The most used genres (top 8) and tempos in tens of BPM, over completed generations and ideas
    not saved from them, counted in the database."""
    from django.db.models import Count

    generations = Generation.objects.filter(owner=user, status=GenerationStatus.COMPLETED)
    ideas = Idea.objects.filter(owner=user, generation__isnull=True)
    genres: Counter[str] = Counter()
    tempos: Counter[str] = Counter()
    for queryset in (generations, ideas):
        for row in queryset.exclude(genre="").values("genre").annotate(n=Count("pk")):
            genres[row["genre"]] += row["n"]
        for row in queryset.exclude(bpm=None).values("bpm").annotate(n=Count("pk")):
            tempos[f"{int(row['bpm'] // 10 * 10)}"] += row["n"]
    return genres.most_common(8), tempos
