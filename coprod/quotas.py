"""Quotas on expensive work, per plan: concurrent active jobs and rendered audio minutes a day.

The numbers live in the plan matrix (:data:`coprod.plans.QUOTAS`); services call the checks here
before they store a job, so a refused request stores nothing. Over quota is the API's 429 with
``retry_after``: for active jobs, a few seconds (jobs finish quickly); for audio minutes, the
seconds until midnight UTC, when the daily allowance starts again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from coprod.errors import QuotaExceeded
from coprod.jobs.services import jobs_active_count, jobs_audio_seconds_today
from coprod.plans import plan_quota

# Active jobs usually finish within seconds: that is when to try again.
ACTIVE_JOBS_RETRY_AFTER_SECONDS = 5


def quota_check_jobs(*, user: Any) -> None:
    """Raise :class:`QuotaExceeded` when the user already has the plan's number of active jobs."""
    limit = plan_quota(user=user, quota="active_jobs")
    active = jobs_active_count(owner_id=user.pk)
    if limit is not None and active >= limit:
        raise QuotaExceeded(
            f"You have {active} jobs running; your plan allows {limit} at a time. Wait for one to finish.",
            retry_after=ACTIVE_JOBS_RETRY_AFTER_SECONDS,
            details={"quota": "active_jobs", "limit": limit, "used": active},
        )


def quota_check_audio(*, user: Any, seconds: float) -> None:
    """Raise :class:`QuotaExceeded` when rendering ``seconds`` more audio today would pass the plan's minutes."""
    minutes = plan_quota(user=user, quota="audio_minutes_per_day")
    if minutes is None:
        return
    used = jobs_audio_seconds_today(owner_id=user.pk)
    if used + seconds > minutes * 60:
        now = timezone.now()
        midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        raise QuotaExceeded(
            f"This would render {seconds / 60:.1f} minutes of audio; {max(0.0, minutes - used / 60):.1f} of your "
            f"plan's {minutes} minutes a day are left.",
            retry_after=int((midnight - now).total_seconds()) + 1,
            details={"quota": "audio_minutes_per_day", "limit": minutes, "used": round(used / 60, 2)},
        )
