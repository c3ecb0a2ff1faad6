"""Analytics events: recording them (from the client, validated, or from the server) and summarising them.

Client events: ``event_type`` matches ``^[a-z][a-z0-9_]{1,49}$``; ``event_data`` is a JSON object of
at most 4 KiB (as compact JSON), nested at most 5 levels, with keys of at most 64 characters.
Server events (``source=server``) are recorded where things happen: ``generation_complete``,
``export_complete``, ``idea_saved``, ``idea_merged``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from coprod.api.errors import ParameterError

from .models import AnalyticsEvent, User

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


def analytics_record(
    *, user: User, event_type: str, event_data: dict[str, Any] | None = None, source: str = "server"
) -> AnalyticsEvent:
    """Store one event (server callers pass trusted data; the API validates client data first)."""
    return AnalyticsEvent.objects.create(user=user, event_type=event_type, event_data=event_data or {}, source=source)


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
    """Counts by type, by genre and by day (the last 30 days, zeros included) and activity streaks."""
    events = list(AnalyticsEvent.objects.filter(user=user).values_list("event_type", "event_data", "created_at"))
    today = timezone.localdate()
    by_day = Counter(timezone.localdate(created) for _, _, created in events)
    window = [today - timedelta(days=offset) for offset in range(DAYS - 1, -1, -1)]
    genres = Counter(data.get("genre") for _, data, _ in events if isinstance(data, dict) and data.get("genre"))
    return {
        "total_events": len(events),
        "by_type": dict(Counter(t for t, _, _ in events).most_common()),
        "by_genre": dict(genres.most_common()),
        "by_day": [{"date": day.isoformat(), "count": by_day.get(day, 0)} for day in window],
        "streaks": streaks(set(by_day), today),
    }
