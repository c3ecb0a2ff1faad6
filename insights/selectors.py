"""Insights reads: a producer's material, their Producer DNA and creativity score. Nothing here writes.

A stored profile is answered as it is when it is up to date; when it is missing or older than the
newest material (its refresh is queued and runs within seconds), the profile is computed for the
answer and not stored: reads never write.
"""

from __future__ import annotations

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


def _newest_material_at(user: User) -> Any:
    newest = [
        Generation.objects.filter(owner=user).order_by("-updated_at").values_list("updated_at", flat=True).first(),
        Idea.objects.filter(owner=user).order_by("-created_at").values_list("created_at", flat=True).first(),
    ]
    return max((d for d in newest if d), default=None)


def producer_profile_get(*, user: User) -> ProducerProfileView:
    """The user's DNA and creativity: the stored profile if current, else computed now (not stored)."""
    profile = ProducerProfile.objects.filter(user=user).first()
    newest = _newest_material_at(user)
    if profile is not None and (newest is None or newest <= profile.computed_at):
        return ProducerProfileView(dna=profile.dna, creativity=profile.creativity)
    material = user_material(user=user)
    return ProducerProfileView(dna=producer_dna(material), creativity=creativity_score(material, timezone.now()))
