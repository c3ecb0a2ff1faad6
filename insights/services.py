"""Insights writes: recomputing and storing a producer's DNA and creativity score (in a task).

Refreshes run on a worker (:mod:`insights.tasks`), queued debounced after every finished job or
saved idea; reads (:mod:`insights.selectors`) never write.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import RedisError

from accounts.models import User

from .creativity import creativity_score
from .dna import producer_dna
from .models import ProducerProfile
from .selectors import user_material


def producer_profile_refresh(*, user: User) -> ProducerProfile:
    """Recompute and store the DNA and creativity score; also caches the overall score on the user.

    Side effects: writes the user's ``ProducerProfile`` row and ``User.creativity_score``.
    """
    material = user_material(user=user)
    dna = producer_dna(material)
    creativity = creativity_score(material, timezone.now())
    profile, _ = ProducerProfile.objects.update_or_create(user=user, defaults={"dna": dna, "creativity": creativity})
    User.objects.filter(pk=user.pk).update(creativity_score=creativity["overall_score"] or 0.0)
    return profile


# A burst of jobs (a batch, a quick session) triggers one refresh, this many seconds after the first.
PROFILE_REFRESH_DEBOUNCE_SECONDS = 30
PROFILE_REFRESH_TASK = "insights.producer_profile_refresh"


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
