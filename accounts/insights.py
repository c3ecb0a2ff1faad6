"""The producer's material and the cached Producer DNA / creativity score computed from it."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import RedisError

from .creativity import creativity_score
from .dna import producer_dna
from .models import ProducerProfile, User

MATERIAL_LIMIT = 500


def user_material(*, user: User) -> list[dict[str, Any]]:
    """The user's completed generations and saved ideas (newest first, at most 500) as DNA input."""
    from generation.models import Generation, GenerationStatus
    from vault.models import Idea

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


def producer_profile_refresh(*, user: User) -> ProducerProfile:
    """Recompute and store the DNA and creativity score; also caches the score on the user."""
    material = user_material(user=user)
    dna = producer_dna(material)
    creativity = creativity_score(material, timezone.now())
    profile, _ = ProducerProfile.objects.update_or_create(user=user, defaults={"dna": dna, "creativity": creativity})
    User.objects.filter(pk=user.pk).update(creativity_score=creativity["overall_score"] or 0.0)
    return profile


# A burst of jobs (a batch, a quick session) triggers one refresh, this many seconds after the first.
PROFILE_REFRESH_DEBOUNCE_SECONDS = 30
PROFILE_REFRESH_TASK = "accounts.producer_profile_refresh"


def producer_profile_refresh_schedule(*, user_id: int) -> bool:
    """Queue one Producer DNA refresh for the user, debounced; True if this call queued it.

    The first call of a burst sets a Redis marker for :data:`PROFILE_REFRESH_DEBOUNCE_SECONDS` and
    queues the refresh to run when it expires; later calls inside the window add nothing.
    """
    from coprod.celery import app

    try:
        # cache.add is atomic (SET NX in Redis): exactly one caller of a burst gets True.
        first = cache.add(f"dna-refresh:{user_id}", 1, timeout=PROFILE_REFRESH_DEBOUNCE_SECONDS)
    except RedisError:
        first = True  # without the cache, refresh every time rather than never
    if first:
        app.send_task(PROFILE_REFRESH_TASK, args=[user_id], countdown=PROFILE_REFRESH_DEBOUNCE_SECONDS)
    return first


def producer_profile_get(*, user: User) -> ProducerProfile:
    """The stored profile, recomputed first if missing or older than the newest material."""
    from generation.models import Generation
    from vault.models import Idea

    profile = ProducerProfile.objects.filter(user=user).first()
    newest = max(
        [
            d
            for d in (
                Generation.objects.filter(owner=user)
                .order_by("-updated_at")
                .values_list("updated_at", flat=True)
                .first(),
                Idea.objects.filter(owner=user).order_by("-created_at").values_list("created_at", flat=True).first(),
            )
            if d
        ],
        default=None,
    )
    if profile is None or (newest is not None and newest > profile.computed_at):
        profile = producer_profile_refresh(user=user)
    return profile
