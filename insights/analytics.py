"""Analytics events: recording them (from the client, validated, or from the server) and summarising them.

Client events: ``event_type`` matches ``^[a-z][a-z0-9_]{1,49}$``; ``event_data`` is a JSON object of
at most 4 KiB (as compact JSON), nested at most 5 levels, with keys of at most 64 characters.
Server events (``source=server``) are recorded where things happen: ``generation_complete``,
``export_complete``, ``idea_saved``, ``idea_merged``.

Bounded per user: at most ``settings.ANALYTICS_CLIENT_EVENTS_PER_DAY`` client events a day (then
429 until midnight UTC), and at most ``settings.ANALYTICS_MAX_EVENTS_PER_USER`` stored events (the
oldest are dropped). Summaries are computed by the database (counts grouped by type, genre and
day), never by loading a user's events into the web process.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import User
from coprod.errors import ParameterError, TooManyRequests

from .models import AnalyticsEvent

EVENT_TYPE = re.compile(r"^[a-z][a-z0-9_]{1,49}$")
MAX_EVENT_BYTES = 4096
MAX_DEPTH = 5
DAYS = 30


def _depth(value: Any, level: int = 1) -> int:
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str) or len(key) > 64:
                raise ParameterError("event_data", "...", "object keys of at most 64 characters")
        return max([level] + [_depth(v, level + 1) for v in value.values()])
    if isinstance(value, list):
        return max([level] + [_depth(v, level + 1) for v in value])
    return level


def analytics_validate(*, event_type: Any, event_data: Any) -> tuple[str, dict[str, Any]]:
    """A client event checked; raises :class:`ParameterError` naming the bad field."""
    if not isinstance(event_type, str) or not EVENT_TYPE.match(event_type):
        raise ParameterError("event_type", event_type, "lowercase letters, digits and _ (2-50 characters)")
    if event_data is None:
        event_data = {}
    if not isinstance(event_data, dict):
        raise ParameterError("event_data", type(event_data).__name__, "a JSON object")
    size = len(json.dumps(event_data, separators=(",", ":")).encode())
    if size > MAX_EVENT_BYTES:
        raise ParameterError("event_data", f"{size} bytes", f"at most {MAX_EVENT_BYTES} bytes")
    if _depth(event_data) > MAX_DEPTH:
        raise ParameterError("event_data", "...", f"nested at most {MAX_DEPTH} levels")
    return event_type, event_data


class AnalyticsQuotaExceeded(TooManyRequests):
    default_code = "ANALYTICS_QUOTA_EXCEEDED"
    default_detail = "Daily analytics event quota reached"


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def analytics_record(
    *, user: User, event_type: str, event_data: dict[str, Any] | None = None, source: str = "server"
) -> AnalyticsEvent:
    """Store one event (server callers pass trusted data; the API validates client data first).

    Client events over the daily quota raise :class:`AnalyticsQuotaExceeded` (nothing stored).
    Past the per-user cap, the user's oldest events are deleted.
    """
    if source == "client":
        today = timezone.localdate()
        sent_today = AnalyticsEvent.objects.filter(
            user=user, source="client", created_at__gte=_day_start(today)
        ).count()
        if sent_today >= settings.ANALYTICS_CLIENT_EVENTS_PER_DAY:
            seconds_left = (_day_start(today + timedelta(days=1)) - timezone.now()).total_seconds()
            raise AnalyticsQuotaExceeded(
                f"At most {settings.ANALYTICS_CLIENT_EVENTS_PER_DAY} analytics events a day",
                retry_after=int(seconds_left) + 1,
            )
    event = AnalyticsEvent.objects.create(user=user, event_type=event_type, event_data=event_data or {}, source=source)
    _trim(user=user)
    return event


def _trim(*, user: User) -> None:
    cap = settings.ANALYTICS_MAX_EVENTS_PER_USER
    if AnalyticsEvent.objects.filter(user=user).count() <= cap:
        return
    oldest = list(
        AnalyticsEvent.objects.filter(user=user).order_by("-created_at", "-id").values_list("id", flat=True)[cap:]
    )
    AnalyticsEvent.objects.filter(id__in=oldest).delete()


def streaks(days: set[date], today: date) -> dict[str, int]:
    """``current``: consecutive active days ending today (or yesterday); ``longest``: the longest run."""
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    cursor = today if today in days else today - timedelta(days=1)
    while cursor in days:
        current += 1
        cursor -= timedelta(days=1)
    return {"current": current, "longest": longest}


def analytics_summary(*, user: User) -> dict[str, Any]:
    """Counts by type, by genre and by day (the last 30 days, zeros included) and activity streaks.

    Each figure is one grouped query; no event is loaded into Python.
    """
    events = AnalyticsEvent.objects.filter(user=user).order_by()
    today = timezone.localdate()
    window = [today - timedelta(days=offset) for offset in range(DAYS - 1, -1, -1)]
    by_type = events.values("event_type").annotate(n=Count("id")).order_by("-n", "event_type")
    genres = (
        events.annotate(genre=KeyTextTransform("genre", "event_data"))
        .values("genre")
        .annotate(n=Count("id"))
        .order_by("-n", "genre")
    )
    recent = (
        events.filter(created_at__gte=_day_start(window[0]))
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("id"))
    )
    by_day = {row["day"]: row["n"] for row in recent}
    active_days = set(events.annotate(day=TruncDate("created_at")).values_list("day", flat=True).distinct())
    return {
        "total_events": events.count(),
        "by_type": {row["event_type"]: row["n"] for row in by_type},
        "by_genre": {row["genre"]: row["n"] for row in genres if row["genre"]},
        "by_day": [{"date": day.isoformat(), "count": by_day.get(day, 0)} for day in window],
        "streaks": streaks(active_days, today),
    }
