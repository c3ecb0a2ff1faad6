"""The one job lifecycle: enqueue, claim, progress, complete, fail, cancel, reap.

Every function takes or finds a row of a model with the :class:`~coprod.jobs.models.Job` mixin and
its :class:`~coprod.jobs.kinds.JobKind`. State changes are conditional ``UPDATE``s on the status
(``WHERE status IN (...)``), so a cancel racing a completion, or a job delivered twice, always
ends in exactly one final state. Realtime events and notifications are sent after the state
change they report, never before.

Tasks call into here (:mod:`coprod.jobs.tasks`); nothing here imports a task: jobs are queued by
task name through the Celery app.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from coprod import realtime

from .kinds import JOB_KINDS, JobCancelled, JobFailed, JobKind, JobRetryLater, job_kind_of
from .models import ACTIVE_STATUSES, Job, JobStatus

logger = logging.getLogger(__name__)

# A progress tick is written (and pushed) at most this often, unless the stage changes: a chatty
# handler must not turn into a database write per note.
PROGRESS_MIN_INTERVAL_SECONDS = 0.2


def job_time_limits(kind: JobKind) -> tuple[int, int]:
    """(soft, hard) time limits in seconds: one policy for every kind (settings)."""
    return settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT


def job_enqueue(job: Job, *, countdown: int | None = None) -> None:
    """Queue ``job`` on its kind's queue once the current transaction commits (``countdown`` seconds later).

    Side effects: sends the kind's Celery task (by name) after commit and stores its task id.
    """
    kind = job_kind_of(job)
    job_id = job.pk
    # The Celery task id is chosen here and stored at once, so the answer to the request that
    # queued the job can name it (v1's ``task_id``) before the broker has seen it.
    task_id = f"task_{secrets.token_hex(8)}"
    kind.model._default_manager.filter(pk=job_id).update(task_id=task_id)
    job.task_id = task_id
    queue = kind.queue(job)

    def send() -> None:
        from coprod.celery import app

        soft, hard = job_time_limits(kind)
        app.send_task(
            kind.task_name,
            args=[job_id],
            task_id=task_id,
            queue=queue,
            soft_time_limit=soft,
            time_limit=hard,
            countdown=countdown,
        )

    transaction.on_commit(send)


def job_claim(kind: JobKind, job_id: int) -> Any | None:
    """Mark the job ``processing`` and count the attempt; ``None`` if it must not run.

    A job already ``processing`` is claimed again: that is a redelivery after its worker died
    (acks late), and handlers are deterministic, so running again is safe. After
    ``JOB_MAX_ATTEMPTS`` deliveries the job is failed instead: a job that kills its workers must
    not go round the queue for ever.
    """
    with transaction.atomic():
        job = kind.model._default_manager.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in ACTIVE_STATUSES:
            return None
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            gave_up = True
        else:
            gave_up = False
            job.status = JobStatus.PROCESSING
            job.started_at = job.started_at or timezone.now()
            job.progress = 0
            job.stage = "starting"
            job.attempts += 1
            job.save(update_fields=["status", "started_at", "progress", "stage", "attempts", "updated_at"])
    if gave_up:
        job_fail(
            kind,
            job_id,
            f"Stopped after {settings.JOB_MAX_ATTEMPTS} attempts: the worker running it stopped each time. "
            "You can retry it.",
        )
        return None
    return job


def job_progress_reporter(kind: JobKind, job: Any) -> Callable[[int, str], None]:
    """A ``progress(percent, stage)`` callback for ``job``'s handler.

    Writes progress to the row and pushes ``<kind>_progress``, at most every
    :data:`PROGRESS_MIN_INTERVAL_SECONDS` (stage changes always go through). Raises
    :class:`JobCancelled` when the row is no longer processing (cancelled meanwhile).
    """
    last: dict[str, Any] = {"at": 0.0, "stage": "", "progress": -1}

    def progress(percent: int, stage: str) -> None:
        percent = max(0, min(99, int(percent)))
        now = time.monotonic()
        if stage == last["stage"] and now - float(last["at"]) < PROGRESS_MIN_INTERVAL_SECONDS:
            return
        updated = kind.model._default_manager.filter(pk=job.pk, status=JobStatus.PROCESSING).update(
            progress=percent, stage=stage[:64], updated_at=timezone.now()
        )
        if not updated:
            raise JobCancelled()
        last.update(at=now, stage=stage)
        if kind.after_progress is not None:
            _safely(kind.after_progress, job, percent, stage)
        if percent != last["progress"]:
            last["progress"] = percent
            realtime.send_to_user(
                job.owner_id,
                {"type": f"{kind.name}_progress", **kind.identity(job), "progress": percent, "stage": stage},
            )

    return progress


def job_run(kind: JobKind, job_id: int) -> None:
    """Claim and run one job to its end (the task calls this; safe to call twice)."""
    job = job_claim(kind, job_id)
    if job is None:
        return
    if kind.after_start is not None:
        _safely(kind.after_start, job)
    try:
        fields = kind.run(job, job_progress_reporter(kind, job))
    except JobCancelled:
        logger.info("%s %s cancelled while running", kind.name, job_id)
        if kind.discard is not None:
            _safely(kind.discard, job)
        return
    except JobFailed as exc:
        if kind.discard is not None:
            _safely(kind.discard, job)
        job_fail(kind, job_id, str(exc))
        return
    except JobRetryLater as exc:
        job_retry_later(kind, job_id, str(exc), countdown=exc.countdown)
        return
    if not job_complete(kind, job, fields) and kind.discard is not None:
        _safely(kind.discard, job)


def job_retry_later(kind: JobKind, job_id: int, reason: str, *, countdown: int | None) -> bool:
    """Put a processing job back to ``pending`` to run again later; False if it had finished meanwhile.

    ``attempts`` starts again from zero: the cap counts deliveries of one try to a worker, not
    the tries a kind schedules on purpose. With ``countdown`` the job is queued again that many
    seconds later; without, the kind's own scheduler queues it.
    """
    updated = kind.model._default_manager.filter(pk=job_id, status=JobStatus.PROCESSING).update(
        status=JobStatus.PENDING, stage="waiting to retry", progress=0, attempts=0, error_message=reason[:2000]
    )
    if updated and countdown is not None:
        job_enqueue(kind.model._default_manager.get(pk=job_id), countdown=countdown)
    return bool(updated)


def job_complete(kind: JobKind, job: Any, fields: dict[str, Any]) -> bool:
    """Store ``fields`` and mark the job completed, then tell the owner. False if it was cancelled first.

    Side effects: the ``<kind>_complete`` event, a notification (when the kind wants one), the
    analytics event and the kind's follow-up work.
    """
    now = timezone.now()
    updated = kind.model._default_manager.filter(pk=job.pk, status=JobStatus.PROCESSING).update(
        status=JobStatus.COMPLETED, progress=100, stage="completed", error_message="", completed_at=now, **fields
    )
    if not updated:  # cancelled in the last instant: the cancel wins
        return False
    job.refresh_from_db()
    realtime.send_to_user(
        job.owner_id, {"type": f"{kind.name}_complete", **kind.identity(job), **kind.completed_event(job)}
    )
    if kind.notify(job):
        _safely(_notify, kind, job, f"{kind.label(job)} ready", kind.describe(job), "complete")
    if kind.analytics_event:
        from insights.analytics import analytics_record

        _safely(analytics_record, user=job.owner, event_type=kind.analytics_event, event_data=kind.analytics_data(job))
    if kind.after_complete is not None:
        _safely(kind.after_complete, job)
    _finished(kind, job)
    return True


def job_fail(kind: JobKind, job_id: int, reason: str) -> bool:
    """Mark an unfinished job failed with ``reason`` (it stays retryable) and tell the owner.

    Side effects: the ``<kind>_failed`` event, and a notification when the kind wants one for this
    job (``notify_failed``, else ``notify``: a failure the caller watched inline needs none).

    Returns False (and changes nothing) when the job had already finished.
    """
    updated = kind.model._default_manager.filter(pk=job_id, status__in=ACTIVE_STATUSES).update(
        status=JobStatus.FAILED, stage="failed", error_message=reason[:2000], completed_at=timezone.now()
    )
    if not updated:
        return False
    job = kind.model._default_manager.get(pk=job_id)
    logger.warning("%s %s failed: %s", kind.name, job_id, reason)
    realtime.send_to_user(job.owner_id, {"type": f"{kind.name}_failed", **kind.identity(job), "error": reason})
    if (kind.notify_failed or kind.notify)(job):
        _safely(_notify, kind, job, f"{kind.label(job)} failed", reason[:500], "failed")
    _finished(kind, job)
    return True


def job_cancel(kind: JobKind, job: Any) -> bool:
    """Cancel a pending or processing job; False if it had already finished.

    A processing job stops at its handler's next progress call; its partial work is discarded.
    """
    updated = kind.model._default_manager.filter(pk=job.pk, status__in=ACTIVE_STATUSES).update(
        status=JobStatus.CANCELLED, stage="cancelled", completed_at=timezone.now()
    )
    job.refresh_from_db()
    if updated:
        realtime.send_to_user(job.owner_id, {"type": f"{kind.name}_cancelled", **kind.identity(job)})
        _finished(kind, job)
    return bool(updated)


# A follow-up task sent for an object is not sent again for this long: the files tasks' hard time
# limit, so a task that died is sent again by the next request after it.
FOLLOWUP_DEDUPE_SECONDS = 180


def followup_task_send_once(*, task_name: str, object_id: int, queue: str) -> bool:
    """Send the Celery task ``task_name(object_id)`` unless it was sent for that object lately; True if sent.

    For follow-ups that requests ask for, such as writing a file a download found missing: a client
    polls such a download every ``Retry-After`` (2 s), and each poll used to queue one more render
    of the same file (a 3-minute arrangement's MusicXML costs about 14 CPU seconds). The marker is a
    Redis ``SET NX`` with a :data:`FOLLOWUP_DEDUPE_SECONDS` expiry; without Redis it sends anyway.
    """
    from redis.exceptions import RedisError

    from coprod.celery import app

    try:
        first = bool(cache.add(f"followup:{task_name}:{object_id}", 1, timeout=FOLLOWUP_DEDUPE_SECONDS))
    except RedisError:
        first = True  # a duplicate render is better than a file never written
    if first:
        app.send_task(task_name, args=[object_id], queue=queue)
    return first


def jobs_reap_stuck() -> int:
    """Fail every job left ``processing`` past the hard time limit (its worker is gone). Returns how many."""
    failed = 0
    for kind in JOB_KINDS.values():
        _, hard = job_time_limits(kind)
        # The hard limit kills a task; a minute more covers a slow queue hand-over.
        deadline = timezone.now() - timedelta(seconds=hard + 60)
        stuck = kind.model._default_manager.filter(status=JobStatus.PROCESSING, started_at__lt=deadline).values_list(
            "pk", flat=True
        )
        for job_id in list(stuck[:500]):
            failed += job_fail(
                kind, job_id, f"Timed out: no worker finished it within {hard} seconds. You can retry it."
            )
    return failed


def jobs_active_count(*, owner_id: int) -> int:
    """How many jobs the user has pending or processing, of every kind that counts toward the quota."""
    return sum(
        k.model._default_manager.filter(owner_id=owner_id, status__in=ACTIVE_STATUSES).count()
        for k in JOB_KINDS.values()
        if k.counts_toward_quota
    )


def jobs_audio_seconds_today(*, owner_id: int) -> float:
    """Audio seconds the user's jobs created today (UTC) render, finished or not (failed ones excluded)."""
    from django.db.models import Sum

    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    total = 0.0
    for kind in JOB_KINDS.values():
        row = (
            kind.model._default_manager.filter(owner_id=owner_id, created_at__gte=start)
            .exclude(status=JobStatus.FAILED)
            .aggregate(total=Sum("audio_seconds"))
        )
        total += float(row["total"] or 0)
    return total


def _notify(kind: JobKind, job: Any, title: str, body: str, outcome: str) -> None:
    from accounts.services import notification_create

    data = kind.notification_data(job) if kind.notification_data else kind.identity(job)
    notification_create(user=job.owner, kind=f"{kind.name}_{outcome}", title=title, body=body, data=data)


def _finished(kind: JobKind, job: Any) -> None:
    if kind.after_finish is not None:
        _safely(kind.after_finish, job)


def _safely(hook: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    # Follow-ups must not undo a finished job: log and carry on.
    try:
        hook(*args, **kwargs)
    except Exception:
        logger.exception("job follow-up %s failed", getattr(hook, "__name__", hook))
