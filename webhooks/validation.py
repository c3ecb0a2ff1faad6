"""Validation of a v1 generation request's webhook fields: what the v1 request validation calls.

``callback_url_validate(url)`` (from :mod:`.targets`: form, scheme and resolved addresses) and
:func:`webhook_events_validate` both raise the project's :class:`ParameterError` naming the field.
"""

from __future__ import annotations

from typing import Any

from coprod.errors import ParameterError

from .models import WebhookEvent
from .targets import callback_url_validate

__all__ = ["callback_url_validate", "webhook_events_validate"]


# The events a generation request may ask for; ``batch_completed`` belongs to batches, which send it
# to their callback URL whenever they have one.
GENERATION_EVENTS = tuple(e for e in WebhookEvent.values if e != WebhookEvent.BATCH_COMPLETED)


def webhook_events_validate(events: Any, *, parameter: str = "webhook_events") -> list[str]:
    """``events`` as a list of distinct known event names (order kept), or :class:`ParameterError`."""
    constraint = f"a list of {', '.join(GENERATION_EVENTS)}"
    if not isinstance(events, list) or len(events) > len(GENERATION_EVENTS) * 2:
        raise ParameterError(parameter, events if isinstance(events, (str, int)) else None, constraint)
    names: list[str] = []
    for event in events:
        if not isinstance(event, str) or event not in GENERATION_EVENTS:
            raise ParameterError(parameter, event if isinstance(event, (str, int)) else None, constraint)
        if event not in names:
            names.append(event)
    return names
