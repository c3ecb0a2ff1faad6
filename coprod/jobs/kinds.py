"""What a kind of job declares, and the registry the lifecycle looks kinds up in.

Apps declare their kinds in their own ``jobs.py`` (``generation/jobs.py``, ``projects/jobs.py``)
and register them when Django starts (their ``AppConfig.ready``), so the lifecycle in
:mod:`coprod.jobs.services` never imports an app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .models import Job

# progress(percent, stage): called by a handler between steps; raises JobCancelled when the job
# was cancelled meanwhile, so the handler stops at its next step.
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class JobKind:
    """One kind of background job.

    ``name`` prefixes its realtime events (``<name>_progress``, ``<name>_complete``,
    ``<name>_failed``, ``<name>_cancelled``). ``run`` does the work and returns the model fields
    to store on completion (e.g. ``{"result": ...}``); it may raise :class:`JobFailed` with a
    reason for the user. ``identity`` gives the fields that name the job in every event and
    notification; ``completed_event`` the extra fields of the completion event.
    """

    name: str
    model: type[Job]
    task_name: str
    queue: Callable[[Any], str]
    run: Callable[[Any, Progress], dict[str, Any]]
    label: Callable[[Any], str]
    identity: Callable[[Any], dict[str, Any]]
    completed_event: Callable[[Any], dict[str, Any]] = field(default=lambda job: {})
    # The notification's body on completion, and the data it links with (default: identity).
    describe: Callable[[Any], str] = field(default=lambda job: "")
    notification_data: Callable[[Any], dict[str, Any]] | None = None
    # Whether completing makes a notification (quick jobs the user watches need none).
    notify: Callable[[Any], bool] = field(default=lambda job: True)
    # Whether failing makes one; None: as ``notify`` (a failure the caller watched inline makes none).
    notify_failed: Callable[[Any], bool] | None = None
    # Analytics event recorded for the owner on completion, with its data.
    analytics_event: str = ""
    analytics_data: Callable[[Any], dict[str, Any]] = field(default=lambda job: {})
    # Follow-up work once completed (queue a preview, refresh the Producer DNA...).
    after_complete: Callable[[Any], None] | None = None
    # Called once the job reached any final state (completed, failed, cancelled).
    after_finish: Callable[[Any], None] | None = None
    # Called when a worker starts the job (after the claim), and at each progress tick written.
    after_start: Callable[[Any], None] | None = None
    after_progress: Callable[[Any, int, str], None] | None = None
    # Called when the handler finished but the job had been cancelled meanwhile: undo what the
    # handler stored outside the job's own row (files, rows it created).
    discard: Callable[[Any], None] | None = None
    # Whether the user's pending/processing rows count against their active-jobs quota (work they
    # asked for does; webhook deliveries the system sends on their behalf do not).
    counts_toward_quota: bool = True


class JobFailed(Exception):
    """Raised by a handler for a failure the user should read (the message is the reason)."""


class JobRetryLater(Exception):
    """Raised by a handler whose attempt failed in a way worth trying again later (the message is the reason).

    The job goes back to ``pending``. With ``countdown`` (seconds) the lifecycle queues it again
    that much later; with None the kind's own scheduler queues it (for delays longer than the
    broker's visibility timeout, which a countdown must not exceed).
    """

    def __init__(self, reason: str, *, countdown: int | None = None):
        super().__init__(reason)
        self.countdown = countdown


class JobCancelled(Exception):
    """Raised inside ``progress`` when the job was cancelled meanwhile."""


JOB_KINDS: dict[str, JobKind] = {}


def job_kind_register(kind: JobKind) -> None:
    """Add ``kind`` to the registry (idempotent: Django may call ``ready`` twice in tests)."""
    JOB_KINDS[kind.name] = kind
    kind.model.job_kind = kind.name


def job_kind_of(job: Job | type[Job]) -> JobKind:
    return JOB_KINDS[job.job_kind]
