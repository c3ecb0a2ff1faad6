"""Structured logs: with ``LOG_FORMAT=json`` every line is one JSON object (python-json-logger).

:class:`RequestContextFilter` adds ``request_id`` (the HTTP request being served, from
:mod:`ops.context`) and ``task_id`` (the Celery task being run) to every record, so a request's
lines, and the job it queued, can be found together. ``coprod/settings.py`` wires it into LOGGING.
"""

from __future__ import annotations

import logging

from .context import current_request_id


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id()
        if not getattr(record, "task_id", ""):
            record.task_id = _current_task_id()
        return True


def _current_task_id() -> str:
    try:
        from celery import current_task
    except ImportError:  # pragma: no cover - celery is a dependency
        return ""
    request = getattr(current_task, "request", None)
    return str(getattr(request, "id", "") or "") if current_task else ""
