"""Generation use cases: start, run (in a worker), cancel, retry, and the inline wait.

The flow (DESIGN.md): a view validates and calls :func:`generation_start`, which stores a
``pending`` row and queues :func:`generation.tasks.generation_run_task` on commit. The task
calls :func:`generation_run`, which claims the row, runs the engine with a progress callback
(progress is written to the row and pushed over ``/ws``; cancellation is checked at every
step), stores the result, notifies the owner and wakes any request waiting inline.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import notification_create
from coprod import realtime
from coprod.api.errors import Conflict, ParameterError
from coprod.redis import redis_client

from .engine import results as engine_results
from .engine import tools as engine_tools
from .engine.errors import EngineError, EngineParameterError
from .models import ACTIVE_STATUSES, Generation, GenerationStatus

logger = logging.getLogger(__name__)

MAX_SEED = 2**31 - 1
# Listeners waiting inline for a job block on this Redis list; the worker pushes once when done.
_DONE_KEY = "generation:done:{id}"
_DONE_TTL_SECONDS = 120
# Hooks run after a job completes, inside the worker (e.g. the audio preview); each takes the row.
COMPLETION_HOOKS: list[Callable[[Generation], None]] = []


class GenerationCancelled(Exception):
    """Raised inside the engine's progress callback when the job was cancelled meanwhile."""


def _parse_seed(raw: Any) -> int:
    if raw is None or raw == "":
        return secrets.randbelow(MAX_SEED)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_SEED:
        raise ParameterError("seed", raw, f"an integer 0-{MAX_SEED}")
    return raw


def generation_validate(*, tool: str, raw_parameters: Any) -> dict[str, Any]:
    """The engine's validated parameters (defaults filled). Raises :class:`ParameterError`."""
    if not isinstance(raw_parameters, dict):
        raise ParameterError("body", type(raw_parameters).__name__, "a JSON object")
    try:
        return engine_tools.validate_parameters(tool, raw_parameters)
    except EngineParameterError as exc:
        raise ParameterError(exc.parameter, exc.value, exc.constraint, str(exc)) from None


def generation_start(
    *,
    owner: User,
    tool: str,
    raw_parameters: Any,
    source: str = "coprod",
    retry_of: Generation | None = None,
    project: Any = None,
) -> Generation:
    """Validate, store a ``pending`` job and queue it (on commit).

    ``raw_parameters`` may carry ``seed`` (an int) for a reproducible result; otherwise a random
    seed is drawn and stored, so the result can always be regenerated exactly.
    Raises :class:`ParameterError` for invalid parameters (nothing is stored then).
    """
    raw = dict(raw_parameters) if isinstance(raw_parameters, dict) else raw_parameters
    seed = _parse_seed(raw.pop("seed", None) if isinstance(raw, dict) else None)
    parameters = generation_validate(tool=tool, raw_parameters=raw)
    generation = Generation.objects.create(
        owner=owner,
        tool=tool,
        source=source,
        parameters=parameters,
        seed=seed,
        retry_of=retry_of,
        project=project,
        genre=str(parameters.get("genre") or "")[:32],
        bpm=parameters.get("bpm") if isinstance(parameters.get("bpm"), (int, float)) else None,
        key=str(parameters.get("key") or "")[:8],
        scale=str(parameters.get("scale") or "")[:32],
    )
    transaction.on_commit(lambda: _enqueue(generation.pk))
    return generation


def _enqueue(generation_id: int) -> None:
    from .tasks import generation_run_task

    result = generation_run_task.delay(generation_id)
    Generation.objects.filter(pk=generation_id).update(task_id=result.id or "")


def generation_cancel(*, generation: Generation) -> Generation:
    """Cancel a pending or processing job. Raises :class:`Conflict` if it already finished.

    A processing job stops at the engine's next step; its partial work is discarded.
    """
    updated = Generation.objects.filter(pk=generation.pk, status__in=ACTIVE_STATUSES).update(
        status=GenerationStatus.CANCELLED, stage="cancelled", completed_at=timezone.now()
    )
    generation.refresh_from_db()
    if not updated:
        raise Conflict(
            f"Generation {generation.pk} is already {generation.status}; "
            "only pending or processing jobs can be cancelled",
            details={"status": generation.status},
        )
    realtime.send_to_user(
        generation.owner_id,
        realtime.generation_cancelled_event(generation_id=generation.pk, public_id=generation.public_id),
    )
    _signal_done(generation.pk)
    return generation


def generation_retry(*, generation: Generation) -> Generation:
    """Queue a new job with the same tool, parameters and seed as a failed or cancelled one.

    Raises :class:`Conflict` for a job that is still running or completed.
    """
    if generation.status not in (GenerationStatus.FAILED, GenerationStatus.CANCELLED):
        raise Conflict(
            f"Only failed or cancelled generations can be retried; this one is {generation.status}",
            details={"status": generation.status},
        )
    parameters = dict(generation.parameters) | {"seed": generation.seed}
    return generation_start(
        owner=generation.owner,
        tool=generation.tool,
        raw_parameters=parameters,
        source=generation.source,
        retry_of=generation,
        project=generation.project,
    )


def _claim(generation_id: int) -> Generation | None:
    """Mark the job processing; None if it is not runnable (finished, cancelled, gone).

    A job already ``processing`` is claimed again: that is a redelivery after a worker died
    (acks_late), and the engine is deterministic for the stored seed, so rerunning is safe.
    """
    with transaction.atomic():
        generation = Generation.objects.select_for_update().filter(pk=generation_id).first()
        if generation is None or generation.status not in ACTIVE_STATUSES:
            return None
        generation.status = GenerationStatus.PROCESSING
        generation.started_at = generation.started_at or timezone.now()
        generation.progress = 0
        generation.stage = "starting"
        generation.attempts += 1
        generation.save(update_fields=["status", "started_at", "progress", "stage", "attempts", "updated_at"])
    return generation


def generation_run(*, generation_id: int) -> None:
    """Run a queued job to completion (called by the Celery task; safe to call twice)."""
    generation = _claim(generation_id)
    if generation is None:
        return
    last_sent = {"progress": -1}

    def on_progress(progress: int, stage: str) -> None:
        progress = max(0, min(99, int(progress)))
        updated = Generation.objects.filter(pk=generation_id, status=GenerationStatus.PROCESSING).update(
            progress=progress, stage=stage[:64], updated_at=timezone.now()
        )
        if not updated:
            raise GenerationCancelled()
        if progress != last_sent["progress"]:
            last_sent["progress"] = progress
            realtime.send_to_user(
                generation.owner_id,
                realtime.generation_progress_event(
                    generation_id=generation_id, public_id=generation.public_id, progress=progress, stage=stage
                ),
            )

    try:
        result = engine_tools.generate(
            generation.tool, generation.parameters, seed=generation.seed, progress=on_progress
        )
    except GenerationCancelled:
        logger.info("generation %s cancelled while running", generation_id)
        return
    except (EngineError, ValueError, KeyError, TypeError, ArithmeticError) as exc:
        # A deterministic engine failure: retrying would fail the same way, so the job fails now.
        logger.exception("generation %s failed", generation_id)
        generation_fail(generation_id=generation_id, error=f"{type(exc).__name__}: {exc}")
        return
    _complete(generation, result)


def _complete(generation: Generation, result: dict[str, Any]) -> None:
    updated = Generation.objects.filter(pk=generation.pk, status=GenerationStatus.PROCESSING).update(
        status=GenerationStatus.COMPLETED,
        progress=100,
        stage="completed",
        result=result,
        completed_at=timezone.now(),
        error_message="",
        genre=str(result.get("genre") or generation.genre or "")[:32],
        bpm=result.get("bpm") if isinstance(result.get("bpm"), (int, float)) else generation.bpm,
        key=str(result.get("key") or generation.key or "")[:8],
        scale=str(result.get("scale") or generation.scale or "")[:32],
    )
    if not updated:  # cancelled in the last instant: the cancel wins
        return
    generation.refresh_from_db()
    for hook in COMPLETION_HOOKS:
        try:
            hook(generation)
        except Exception:
            logger.exception("completion hook %s failed for generation %s", hook, generation.pk)
    realtime.send_to_user(
        generation.owner_id,
        realtime.generation_complete_event(
            generation_id=generation.pk, public_id=generation.public_id, tool=generation.tool, result=result
        ),
    )
    notification_create(
        user=generation.owner,
        kind="generation_complete",
        title=f"{engine_tools.TOOLS[generation.tool].label} ready",
        body=_describe(generation),
        data={"generation_id": generation.pk, "public_id": generation.public_id, "tool": generation.tool},
    )
    _signal_done(generation.pk)
    from accounts.analytics import analytics_record
    from accounts.tasks import producer_profile_refresh_task

    from .tasks import generation_preview_task

    analytics_record(
        user=generation.owner,
        event_type="generation_complete",
        event_data={"generation_type": generation.tool, "genre": generation.genre, "generation_id": generation.pk},
    )
    producer_profile_refresh_task.delay(generation.owner_id)

    try:
        generation_preview_task.delay(generation.pk)
    except Exception:
        logger.warning("could not queue the preview of generation %s", generation.pk, exc_info=True)


def generation_render_preview(*, generation_id: int) -> None:
    """Render and store the MP3 preview of a completed job, then tell the owner's sockets (safe twice)."""
    from django.core.files.base import ContentFile

    from .engine.audio import render_preview

    generation = Generation.objects.filter(pk=generation_id, status=GenerationStatus.COMPLETED).first()
    if generation is None or generation.preview or not generation.result:
        return
    try:
        audio = render_preview(engine_results.idea_from_result(generation.result))
    except EngineError:
        logger.warning("no preview for generation %s", generation_id, exc_info=True)
        return
    generation.preview.save(f"{generation.public_id}.mp3", ContentFile(audio), save=False)
    Generation.objects.filter(pk=generation_id).update(preview=generation.preview.name)
    realtime.send_to_user(
        generation.owner_id,
        realtime.generation_preview_event(
            generation_id=generation.pk,
            public_id=generation.public_id,
            preview_url=f"/api/generate/{generation.pk}/preview",
        ),
    )


def generation_fail(*, generation_id: int, error: str) -> None:
    """Mark a job failed with ``error`` (it can be retried), notify the owner."""
    updated = Generation.objects.filter(pk=generation_id, status__in=ACTIVE_STATUSES).update(
        status=GenerationStatus.FAILED, stage="failed", error_message=error[:2000], completed_at=timezone.now()
    )
    if not updated:
        return
    generation = Generation.objects.select_related("owner").get(pk=generation_id)
    realtime.send_to_user(
        generation.owner_id,
        realtime.generation_failed_event(generation_id=generation.pk, public_id=generation.public_id, error=error),
    )
    notification_create(
        user=generation.owner,
        kind="generation_failed",
        title=f"{engine_tools.TOOLS[generation.tool].label} failed",
        body=error[:500],
        data={"generation_id": generation.pk, "public_id": generation.public_id, "tool": generation.tool},
    )
    _signal_done(generation.pk)


def _describe(generation: Generation) -> str:
    parts = [p for p in (generation.genre, generation.key, generation.scale) if p]
    if generation.bpm:
        parts.append(f"{generation.bpm:g} BPM")
    return " · ".join(parts)


def _signal_done(generation_id: int) -> None:
    try:
        client = redis_client()
        key = _DONE_KEY.format(id=generation_id)
        pipe = client.pipeline()
        pipe.rpush(key, "1")
        pipe.expire(key, _DONE_TTL_SECONDS)
        pipe.execute()
    except Exception:
        logger.warning("could not signal completion of generation %s", generation_id, exc_info=True)


def generation_wait(*, generation: Generation, timeout: float | None = None) -> Generation:
    """Block up to ``timeout`` seconds (default ``GENERATION_INLINE_WAIT_SECONDS``) for the job to finish.

    Returns the row as it is then (finished or not). Uses a Redis list the worker pushes to, so
    the wait ends the moment the job does, whichever process ran it.
    """
    timeout = settings.GENERATION_INLINE_WAIT_SECONDS if timeout is None else timeout
    if timeout > 0 and generation.is_active:
        try:
            redis_client().blpop([_DONE_KEY.format(id=generation.pk)], timeout=timeout)
        except Exception:
            logger.warning("inline wait failed for generation %s", generation.pk, exc_info=True)
    generation.refresh_from_db()
    return generation
