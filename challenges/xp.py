"""XP and levels: the one place XP is written (:func:`xp_award`) and the level curve.

The services that do an activity call :func:`xp_award` (a generation completes, an idea is saved,
a challenge entry is submitted, an entry places); clients never send XP. Each award is a row of
the :class:`~challenges.models.XpAward` ledger, unique per (user, activity, reference), so an
activity repeated or retried (a job delivered twice, a resubmission) pays once.

Level curve: reaching level ``L`` takes ``50 * L * (L - 1)`` XP in all, i.e. level ``L`` to
``L + 1`` costs ``100 * L``: level 2 at 100 XP, 3 at 300, 4 at 600, 5 at 1,000, 10 at 4,500.
"""

from __future__ import annotations

import math
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from accounts.models import User

from .models import XpActivity, XpAward

XP_AMOUNTS: dict[str, int] = {
    XpActivity.GENERATION: 10,
    XpActivity.IDEA_SAVED: 5,
    XpActivity.CHALLENGE_SUBMISSION: 50,
}
# Share of a challenge's xp_reward by place.
PLACE_SHARES = {1: 1.0, 2: 0.5, 3: 0.25}


def xp_for_level(level: int) -> int:
    """Total XP needed to reach ``level`` (level 1 needs none)."""
    return 50 * level * (level - 1)


def level_for(xp: int) -> int:
    """The level a total of ``xp`` reaches (1 and up)."""
    level = max(1, (1 + math.isqrt(1 + 8 * max(0, xp) // 100)) // 2)
    # isqrt floors twice over; settle on the exact curve.
    while xp_for_level(level + 1) <= xp:
        level += 1
    while level > 1 and xp_for_level(level) > xp:
        level -= 1
    return level


def level_data(xp: int) -> dict[str, Any]:
    """``{xp_points, level, level_floor, next_level_at, progress}`` for pages and the API."""
    level = level_for(xp)
    floor, ceiling = xp_for_level(level), xp_for_level(level + 1)
    return {
        "xp_points": xp,
        "level": level,
        "level_floor": floor,
        "next_level_at": ceiling,
        "progress": round((xp - floor) / (ceiling - floor), 3),
    }


def xp_award(*, user_id: int, activity: str, reference: Any, amount: int | None = None) -> bool:
    """Give ``user_id`` XP for ``activity`` on ``reference`` once; ``True`` if this call awarded it.

    ``amount`` defaults to :data:`XP_AMOUNTS` for the activity. A repeat with the same reference
    changes nothing (the ledger's unique key decides, so concurrent repeats are safe too).
    """
    points = XP_AMOUNTS.get(activity, 0) if amount is None else amount
    if points <= 0:
        return False
    try:
        with transaction.atomic():
            XpAward.objects.create(user_id=user_id, activity=activity, reference=str(reference)[:64], amount=points)
            User.objects.filter(pk=user_id).update(xp_points=F("xp_points") + points)
    except IntegrityError:
        return False
    return True
