"""Batches of variations (v1 ``POST /ai/generate-batch``): start, release a few at a time, finish, cancel.

A batch is one track generation per variation (base parameters with the variation's
customizations laid over them), created at once so every ``generation_id`` is known in the
answer, but queued at most ``concurrent_generations`` at a time: the rest stay ``pending`` with no
task. Whenever one of its generations finishes (the generation job kind's ``after_finish`` calls
:func:`generation.group_services.generation_groups_advance`), the batch queues the next ones; when all have finished it
records its final status and, if asked, notifies the owner once.

:func:`generations_release` is the release rule itself, shared with playlists
(:mod:`generation.playlist_services`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import notification_create
from coprod.errors import Conflict, ParameterError, QuotaExceeded
from coprod.jobs.kinds import job_kind_of
from coprod.jobs.services import job_cancel, job_enqueue, jobs_active_count
from coprod.plans import plan_quota
from coprod.quotas import ACTIVE_JOBS_RETRY_AFTER_SECONDS, quota_check_audio

from .models import (
    ACTIVE_STATUSES,
    FINISHED_STATUSES,
    Batch,
    BatchItem,
    BatchStatus,
    Generation,
    GenerationStatus,
)
from .track_services import track_generation_create, track_request_validate

logger = logging.getLogger(__name__)

BATCH_FIELDS = ("base_parameters", "variations", "batch_settings", "metadata", "callback_url", "webhook_events")
VARIATION_FIELDS = ("variation_id", "customizations")
SETTINGS_FIELDS = ("concurrent_generations", "notify_when_all_complete")
MAX_VARIATIONS = 20
MAX_CONCURRENT = 5
DEFAULT_CONCURRENT = 2
MAX_VARIATION_ID = 64


def parameters_merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` laid over it; nested objects (``lyrics``) are merged key by key."""
    merged = dict(base)
    for name, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(name), dict):
            merged[name] = parameters_merge(merged[name], value)
        else:
            merged[name] = value
    return merged


def quota_check_group(*, user: User, concurrent: int, seconds: float, extra_jobs: int = 0) -> None:
    """Refuse a group of generations whose first release would pass the plan's active jobs, or whose
    audio would pass today's minutes. Generations waiting for release count as active jobs afterwards."""
    limit = plan_quota(user=user, quota="active_jobs")
    active = jobs_active_count(owner_id=user.pk)
    needed = concurrent + extra_jobs
    if limit is not None and active + needed > limit:
        raise QuotaExceeded(
            f"This needs {needed} job slots at once and you have {active} of your plan's {limit} in use. "
            "Wait for some to finish or lower concurrent_generations.",
            retry_after=ACTIVE_JOBS_RETRY_AFTER_SECONDS,
            details={"quota": "active_jobs", "limit": limit, "used": active, "needed": needed},
        )
    quota_check_audio(user=user, seconds=seconds)


def _object(name: str, value: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ParameterError(name, value, f"an object with: {', '.join(fields)}")
    unknown = sorted(set(value) - set(fields))
    if unknown:
        prefix = f"{name}." if name != "body" else ""
        raise ParameterError(f"{prefix}{unknown[0][:32]}", value[unknown[0]], f"one of: {', '.join(fields)}")
    return value


def _settings(raw: Any) -> tuple[int, bool]:
    settings_ = _object("batch_settings", raw, SETTINGS_FIELDS)
    concurrent = settings_.get("concurrent_generations", DEFAULT_CONCURRENT)
    if isinstance(concurrent, bool) or not isinstance(concurrent, int) or not 1 <= concurrent <= MAX_CONCURRENT:
        raise ParameterError(
            "batch_settings.concurrent_generations",
            concurrent,
            f"1-{MAX_CONCURRENT}",
            f"Invalid parameter: batch_settings.concurrent_generations must be between 1 and {MAX_CONCURRENT}",
        )
    notify = settings_.get("notify_when_all_complete", True)
    if not isinstance(notify, bool):
        raise ParameterError("batch_settings.notify_when_all_complete", notify, "true or false")
    return concurrent, notify


def _variation_checked(
    *, owner: User, index: int, raw: Any, base: dict[str, Any], request: dict[str, Any], seen: set[str]
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(variation_id, customizations, checked track request) for variation ``index``."""
    name = f"variations[{index}]"
    variation = _object(name, raw, VARIATION_FIELDS)
    if not isinstance(raw, dict):
        raise ParameterError(name, raw, "an object {variation_id, customizations}")
    variation_id = variation.get("variation_id", f"var_{index + 1}")
    if not isinstance(variation_id, str) or not 0 < len(variation_id) <= MAX_VARIATION_ID or variation_id in seen:
        raise ParameterError(f"{name}.variation_id", variation_id, f"a unique text of 1-{MAX_VARIATION_ID} characters")
    seen.add(variation_id)
    customizations = variation.get("customizations") or {}
    if not isinstance(customizations, dict):
        raise ParameterError(f"{name}.customizations", customizations, "an object of parameters")
    metadata = dict(request.get("metadata") or {})
    if isinstance(metadata.get("title"), str) and metadata["title"].strip():
        metadata["title"] = f"{metadata['title'].strip()[:180]} ({variation_id})"
    track_request: dict[str, Any] = {
        "parameters": parameters_merge(base, customizations),
        "metadata": metadata or None,
        **{k: request[k] for k in ("callback_url", "webhook_events") if k in request},
    }
    try:
        checked = track_request_validate(owner=owner, request=track_request)
    except ParameterError as error:
        top = error.parameter.split(".")[0]
        if top in ("callback_url", "webhook_events") or error.parameter.startswith("metadata"):
            raise
        where = f"{name}.customizations" if top in customizations else "base_parameters"
        details = error.details if isinstance(error.details, dict) else {}
        raise ParameterError(
            f"{where}.{error.parameter}",
            details.get("value"),
            str(details.get("constraint", "")),
            error.message.replace(error.parameter, f"{where}.{error.parameter}", 1),
        ) from None
    return variation_id, customizations, checked


def batch_start(*, owner: User, request: Any) -> Batch:
    """Validate a ``generate-batch`` body, check the quotas, store the batch and its generations, queue the first.

    Raises :class:`ParameterError` naming the first invalid field (``variations[1].customizations.key``;
    nothing is stored then) and :class:`QuotaExceeded`.
    """
    body = _object("body", request, BATCH_FIELDS) if isinstance(request, dict) else None
    if body is None:
        raise ParameterError("body", type(request).__name__, "a JSON object")
    base = body.get("base_parameters")
    if not isinstance(base, dict):
        raise ParameterError("base_parameters", base, "an object of generation parameters")
    variations = body.get("variations")
    if not isinstance(variations, list) or not 1 <= len(variations) <= MAX_VARIATIONS:
        raise ParameterError("variations", variations, f"a list of 1-{MAX_VARIATIONS} variations")
    concurrent, notify = _settings(body.get("batch_settings"))
    seen: set[str] = set()
    checked = [
        _variation_checked(owner=owner, index=i, raw=raw, base=base, request=body, seen=seen)
        for i, raw in enumerate(variations)
    ]
    seconds = sum(float(c["parameters"]["duration"]) for _, _, c in checked)
    quota_check_group(user=owner, concurrent=min(concurrent, len(checked)), seconds=seconds)
    with transaction.atomic():
        batch = Batch.objects.create(
            owner=owner,
            base_parameters=base,
            concurrent_generations=concurrent,
            notify_when_all_complete=notify,
            callback_url=str(body.get("callback_url") or ""),
        )
        for position, (variation_id, customizations, track) in enumerate(checked):
            generation = track_generation_create(owner=owner, checked=track, enqueue=False)
            BatchItem.objects.create(
                batch=batch,
                generation=generation,
                position=position,
                variation_id=variation_id,
                customizations=customizations,
            )
        Batch.objects.select_for_update().get(pk=batch.pk)
        generations_release(items=batch.items.all(), concurrency=concurrent)
    return batch


def generations_release(*, items: QuerySet[Any], concurrency: int) -> list[Generation]:
    """Queue waiting generations of ``items`` (batch or playlist items, in position order) until
    ``concurrency`` are queued or running. Call it with the group's row locked. Returns those queued."""
    running = items.filter(released_at__isnull=False, generation__status__in=ACTIVE_STATUSES).count()
    free = concurrency - running
    if free <= 0:
        return []
    waiting = list(
        items.filter(released_at__isnull=True, generation__status=GenerationStatus.PENDING)
        .select_related("generation")
        .order_by("position")[:free]
    )
    now = timezone.now()
    for item in waiting:
        item.released_at = now
        item.save(update_fields=["released_at"])
        job_enqueue(item.generation)
    return [item.generation for item in waiting]


def _final_status(statuses: Iterable[str], cancelled: bool) -> str:
    values = list(statuses)
    if cancelled:
        return BatchStatus.CANCELLED
    done = values.count(GenerationStatus.COMPLETED)
    if done == len(values):
        return BatchStatus.COMPLETED
    return BatchStatus.PARTIALLY_COMPLETED if done else BatchStatus.FAILED


def batch_advance(*, batch_id: int) -> None:
    """Queue the batch's next generations; once all have finished, record the outcome and notify once."""
    finished_now = False
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch_id)
        if batch.status == BatchStatus.PROCESSING:
            generations_release(items=batch.items.all(), concurrency=batch.concurrent_generations)
        statuses = list(batch.items.values_list("generation__status", flat=True))
        if batch.completed_at is None and all(s in FINISHED_STATUSES for s in statuses):
            batch.status = _final_status(statuses, cancelled=batch.status == BatchStatus.CANCELLED)
            batch.completed_at = timezone.now()
            batch.save(update_fields=["status", "completed_at", "updated_at"])
            finished_now = True
    if finished_now and batch.notify_when_all_complete and batch.status != BatchStatus.CANCELLED:
        batch_notify_complete(batch=batch)


def batch_notify_complete(*, batch: Batch) -> None:
    """The one notification (and webhook event) of a finished batch; safe to call twice (it sends once)."""
    if not Batch.objects.filter(pk=batch.pk, notified_at__isnull=True).update(notified_at=timezone.now()):
        return
    items = list(batch.items.select_related("generation"))
    completed = sum(1 for i in items if i.generation.status == GenerationStatus.COMPLETED)
    notification_create(
        user=batch.owner,
        kind="batch_complete",
        title=f"Batch ready: {completed} of {len(items)} tracks",
        body=f"Every generation of {batch.public_id} has finished ({batch.status.replace('_', ' ')}).",
        data={
            "batch_id": batch.public_id,
            "status": batch.status,
            "completed": completed,
            "total": len(items),
            "generation_ids": [i.generation.public_id for i in items],
            "url": reverse("generation:batch", args=[batch.public_id]),
        },
    )
    batch_webhook_emit_completed(batch=batch, generations=[i.generation for i in items], completed=completed)


def batch_webhook_emit_completed(*, batch: Batch, generations: list[Generation], completed: int) -> None:
    """Send the signed ``batch_completed`` webhook to the batch's callback URL, if it has one."""
    # The webhooks app builds on generation's models, so it is imported when needed, not at load.
    from webhooks.services import webhook_batch_completed_emit

    webhook_batch_completed_emit(
        batch=batch, generations=generations, data={"completed": completed, "total": len(generations)}
    )


def batch_cancel(*, batch: Batch) -> list[Generation]:
    """Cancel the batch and every generation of it that has not finished. Raises :class:`Conflict` once it has ended.

    Returns the generations cancelled.
    """
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.PROCESSING:
            raise Conflict(
                f"Batch {batch.public_id} is already {locked.status}; only a processing batch can be cancelled",
                details={"status": locked.status},
            )
        locked.status = BatchStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
    cancelled = []
    for item in batch.items.select_related("generation").filter(generation__status__in=ACTIVE_STATUSES):
        if job_cancel(job_kind_of(item.generation), item.generation):
            cancelled.append(item.generation)
    batch_advance(batch_id=batch.pk)  # records the end if nothing was left running
    batch.refresh_from_db()
    return cancelled
