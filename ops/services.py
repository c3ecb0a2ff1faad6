"""Writes of the ops app: audit rows and worker heartbeats.

``audit_record`` is called, one line each, by the services that do the sensitive action (logins in
:mod:`accounts.services` and :mod:`accounts.adapter`, API keys, plan changes, deletions). The
heartbeat is written by a Celery task that beat sends to every queue, so a fresh heartbeat for a
queue means some worker is consuming it.
"""

from __future__ import annotations

import ipaddress
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models

from .context import current_client_ip, current_request_id
from .models import AuditAction, AuditEvent

HEARTBEAT_KEY = "ops:heartbeat:{queue}"


def audit_target(obj: models.Model | str) -> str:
    """``app_label.model:pk`` for a row (``projects.project:12``), or the text as given."""
    if isinstance(obj, models.Model):
        return f"{obj._meta.label_lower}:{obj.pk}"
    return str(obj)[:200]


def _valid_ip(ip: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(ip)) if ip else None
    except ValueError:
        return None


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    target: models.Model | str = "",
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one audit row. ``actor`` is a user, an anonymous user or None (e.g. an unknown email).

    ``ip`` defaults to the client IP of the request being served (:mod:`ops.context`), the request
    id is taken from there too. Side effect: one INSERT.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = (getattr(user, "email", "") or getattr(user, "username", "")) if user is not None else ""
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label[:254],
        action=str(action),
        target=audit_target(target),
        ip=_valid_ip(ip or current_client_ip()),
        request_id=current_request_id()[:64],
        details=details or {},
    )


def worker_heartbeat_record(*, queue: str) -> float:
    """Mark ``queue`` as consumed now (a cache key that expires); returns the time written."""
    now = time.time()
    cache.set(HEARTBEAT_KEY.format(queue=queue), now, timeout=settings.HEARTBEAT_MAX_AGE_SECONDS * 2)
    return now
