"""Generation use cases: start, run (in a worker), cancel, retry, and the inline wait.

The flow (DESIGN.md): a view validates and calls :func:`generation_start`, which checks the
owner's quotas, stores a ``pending`` row and queues it on commit through the one job lifecycle
(:mod:`coprod.jobs`). The worker's task calls :func:`generation_run`, which runs the lifecycle with
the generation job kind (:mod:`generation.jobs`): claim, the engine with throttled progress pushed
over ``/ws`` (cancellation honoured at every step), completion, notification, follow-ups, and the
wake-up of any request waiting inline.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import User
from coprod import realtime
from coprod.errors import Conflict, ParameterError
from coprod.jobs.services import job_cancel, job_enqueue, job_fail, job_run
from coprod.quotas import quota_check_jobs
from coprod.redis import redis_client

from .engine import results as engine_results
from .engine import tools as engine_tools
from .engine import writers
from .engine.audio import render_preview
from .engine.errors import EngineError, EngineParameterError
from .jobs import DONE_KEY, GENERATION_JOBS, generation_files_enqueue
from .models import Generation, GenerationStatus

logger = logging.getLogger(__name__)

MAX_SEED = 2**31 - 1


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
        raise ParameterError.from_engine(exc) from None


def generation_start(
    *,
    owner: User,
    tool: str,
    raw_parameters: Any,
    source: str = "coprod",
    retry_of: Generation | None = None,
    project: Any = None,
    foreground: bool = False,
) -> Generation:
    """Validate, store a ``pending`` job and queue it (on commit).

    ``foreground``: the client waits for the answer (no ``?async``); a job that then finishes
    within the inline wait makes no notification, since the producer watched it arrive.

    ``raw_parameters`` may carry ``seed`` (an int) for a reproducible result; otherwise a random
    seed is drawn and stored, so the result can always be regenerated exactly.
    Raises :class:`ParameterError` for invalid parameters (nothing is stored then).
    """
    raw = dict(raw_parameters) if isinstance(raw_parameters, dict) else raw_parameters
    seed = _parse_seed(raw.pop("seed", None) if isinstance(raw, dict) else None)
    parameters = generation_validate(tool=tool, raw_parameters=raw)
    quota_check_jobs(user=owner)
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
        metadata={"foreground": True} if foreground else {},
    )
    job_enqueue(generation)
    return generation


def generation_cancel(*, generation: Generation) -> Generation:
    """Cancel a pending or processing job. Raises :class:`Conflict` if it already finished.

    A processing job stops at the engine's next step; its partial work is discarded.
    """
    if not job_cancel(GENERATION_JOBS, generation):
        raise Conflict(
            f"Generation {generation.pk} is already {generation.status}; "
            "only pending or processing jobs can be cancelled",
            details={"status": generation.status},
        )
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


def generation_run(*, generation_id: int) -> None:
    """Run a queued job to completion (the worker's task calls this; safe to call twice)."""
    job_run(GENERATION_JOBS, generation_id)


def generation_render_files(*, generation_id: int) -> None:
    """Write a completed generation's missing files: MIDI, the MP3 preview, then MusicXML (safe twice).

    Runs on the audio queue after the job completes (or when a download finds a file missing).
    Tells the owner's sockets when the preview can be played. The preview comes before the score:
    music21's MusicXML of a 3-minute arrangement costs about 14 CPU seconds and can outrun the
    task's time limit on a busy machine, which used to leave the result without a preview too.
    """
    generation = Generation.objects.filter(pk=generation_id, status=GenerationStatus.COMPLETED).first()
    if generation is None or not generation.result:
        return
    idea = engine_results.idea_from_result(generation.result)
    if not generation.midi:
        generation.midi.save("result.mid", ContentFile(writers.idea_to_midi(idea)), save=False)
        Generation.objects.filter(pk=generation_id).update(midi=generation.midi.name)
    if not generation.preview:
        _generation_preview_write(generation, idea)
    if not generation.musicxml:
        generation.musicxml.save("score.musicxml", ContentFile(writers.idea_to_musicxml(idea)), save=False)
        Generation.objects.filter(pk=generation_id).update(musicxml=generation.musicxml.name)


def _generation_preview_write(generation: Generation, idea: Any) -> None:
    """Render and store the MP3 preview, then tell the owner's sockets (nothing when it cannot render)."""
    try:
        audio = render_preview(idea)
    except EngineError:
        logger.warning("no preview for generation %s", generation.pk, exc_info=True)
        return
    generation.preview.save("preview.mp3", ContentFile(audio), save=False)
    Generation.objects.filter(pk=generation.pk).update(preview=generation.preview.name)
    realtime.send_to_user(
        generation.owner_id,
        realtime.generation_preview_event(
            generation_id=generation.pk,
            public_id=generation.public_id,
            preview_url=reverse("api-generation-preview", kwargs={"generation_id": generation.pk}),
        ),
    )


def generation_files_request(*, generation: Generation) -> None:
    """Queue the writing of a completed generation's missing files (a download found one missing)."""
    generation_files_enqueue(generation)


def generation_fail(*, generation_id: int, error: str) -> None:
    """Mark a job failed with ``error`` (it can be retried) and notify the owner."""
    job_fail(GENERATION_JOBS, generation_id, error)


def generation_wait(*, generation: Generation, timeout: float | None = None) -> Generation:
    """Block up to ``timeout`` seconds (default ``GENERATION_INLINE_WAIT_SECONDS``) for the job to finish.

    Returns the row as it is then (finished or not). Uses a Redis list the worker pushes to, so
    the wait ends the moment the job does, whichever process ran it.
    """
    timeout = settings.GENERATION_INLINE_WAIT_SECONDS if timeout is None else timeout
    if timeout > 0 and generation.is_active:
        try:
            redis_client().blpop([DONE_KEY.format(id=generation.pk)], timeout=timeout)
        except Exception:
            logger.warning("inline wait failed for generation %s", generation.pk, exc_info=True)
    generation.refresh_from_db()
    return generation
