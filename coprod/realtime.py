"""The one module that owns channel-layer group names and the events pushed over ``/ws``.

Every user has one group, ``user.<id>``; a WebSocket joins its user's group and forwards the
events below unchanged (the consumer only adds nothing and filters nothing). Events are sent
from web processes and Celery workers alike, through the Redis channel layer.

Event payloads (the ``type`` is what clients switch on, as in the Co-Prod spec):

* ``generation_progress``: ``{generation_id, public_id, progress, stage}``
* ``generation_complete``: ``{generation_id, public_id, tool, result}``
* ``generation_failed``:   ``{generation_id, public_id, error}``
* ``generation_cancelled``: ``{generation_id, public_id}``
* ``notification``:        ``{notification: {id, kind, title, body, data, read, created_at}, unread_count}``
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

# Channels routes a group message to the consumer method named by "type" (dots become underscores).
CONSUMER_HANDLER = "user.event"
# Not forwarded to the client: tells the user's consumers to close (credentials were revoked).
CONSUMER_CLOSE = "user.close"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def send_to_user(user_id: int, event: dict[str, Any]) -> None:
    """Push ``event`` (which has a ``type``) to every open socket of the user.

    A channel-layer failure is logged, never raised: a lost progress tick must not fail a job.
    """
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(user_group(user_id), {"type": CONSUMER_HANDLER, "event": event})
    except Exception:
        logger.warning("Could not push %s to user %s", event.get("type"), user_id, exc_info=True)


def close_user_sockets(user_id: int, *, api_key_id: int | None = None, jti: str | None = None) -> None:
    """Close the user's open sockets: all of them, or only those opened with one API key or one JWT.

    Called when credentials are revoked (password change or reset, API key revoked, logout).
    A channel-layer failure is logged, not raised: the credential is revoked either way, and a
    socket never re-authenticates, so the worst case is a socket that lives until it drops.
    """
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": CONSUMER_CLOSE, "api_key_id": api_key_id, "jti": jti}
    try:
        async_to_sync(layer.group_send)(user_group(user_id), message)
    except Exception:
        logger.warning("Could not close the sockets of user %s", user_id, exc_info=True)


def generation_progress_event(*, generation_id: int, public_id: str, progress: int, stage: str) -> dict[str, Any]:
    return {
        "type": "generation_progress",
        "generation_id": generation_id,
        "public_id": public_id,
        "progress": progress,
        "stage": stage,
    }


def generation_complete_event(*, generation_id: int, public_id: str, tool: str, result: Any) -> dict[str, Any]:
    return {
        "type": "generation_complete",
        "generation_id": generation_id,
        "public_id": public_id,
        "tool": tool,
        "result": result,
    }


def generation_failed_event(*, generation_id: int, public_id: str, error: str) -> dict[str, Any]:
    return {"type": "generation_failed", "generation_id": generation_id, "public_id": public_id, "error": error}


def generation_cancelled_event(*, generation_id: int, public_id: str) -> dict[str, Any]:
    return {"type": "generation_cancelled", "generation_id": generation_id, "public_id": public_id}


def notification_event(*, notification: dict[str, Any], unread_count: int) -> dict[str, Any]:
    return {"type": "notification", "notification": notification, "unread_count": unread_count}


def export_event(event_type: str, *, export_id: int, **fields: Any) -> dict[str, Any]:
    """``export_progress`` {export_id, progress, stage}, ``export_complete`` {export_id, download_url},
    ``export_failed`` {export_id, error}."""
    return {"type": event_type, "export_id": export_id, **fields}


def generation_preview_event(*, generation_id: int, public_id: str, preview_url: str) -> dict[str, Any]:
    """``generation_preview_ready``: the MP3 preview of a finished generation can be played."""
    return {
        "type": "generation_preview_ready",
        "generation_id": generation_id,
        "public_id": public_id,
        "preview_url": preview_url,
    }
