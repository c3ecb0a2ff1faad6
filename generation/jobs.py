"""The generation job kind: how the one job lifecycle (:mod:`coprod.jobs`) runs a co-producer tool.

Registered in :class:`generation.apps.GenerationConfig.ready`. The handler runs the engine with
the stored, validated parameters and seed and writes the MIDI file; the follow-ups queue the
files task (MP3 preview, MusicXML), schedule a (debounced) Producer DNA refresh and wake requests
waiting inline.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from challenges.models import XpActivity
from challenges.xp import xp_award
from coprod.jobs.kinds import JobFailed, JobKind, Progress
from coprod.jobs.services import followup_task_send_once
from coprod.redis import redis_client
from insights.selectors import producer_profile_get
from insights.services import producer_profile_refresh_schedule

from .engine import results as engine_results
from .engine import tools as engine_tools
from .engine import writers
from .engine.errors import EngineError
from .engine.inspiration import HABIT_FIELDS
from .group_services import generation_groups_advance
from .models import BatchItem, Generation, GenerationStatus, Track
from .track_services import TRACK_TOOL, track_discard, track_execute

logger = logging.getLogger(__name__)

# Requests waiting inline for a job block on this Redis list; the lifecycle pushes once it ends.
DONE_KEY = "generation:done:{id}"
DONE_TTL_SECONDS = 120
# The follow-up that writes a completed generation's slower files (MP3 preview, MusicXML score).
FILES_TASK = "generation.render_files"


def generation_execute(generation: Generation, progress: Progress) -> dict[str, Any]:
    """Run the engine for ``generation`` and write its MIDI file; the fields to store on completion."""
    if generation.tool == TRACK_TOOL:
        return track_execute(generation, progress)
    parameters = dict(generation.parameters)
    if generation.tool == "extreme_inspiration" and not parameters.get("habits"):
        # The habits to break are the producer's own (their Producer DNA), read here on the
        # worker rather than in the request.
        dna = producer_profile_get(user=generation.owner).dna
        parameters["habits"] = {name: dna.get(name) or [] for name in HABIT_FIELDS}
    try:
        result = engine_tools.generate(generation.tool, parameters, seed=generation.seed, progress=progress)
        progress(97, "writing MIDI")
        # Written here, on the worker, so a download never builds a file in the web process.
        composition = engine_results.idea_from_result(result)
        midi = writers.idea_to_midi(composition)
    except (EngineError, ValueError, KeyError, TypeError, ArithmeticError) as exc:
        # A deterministic engine failure: retrying would fail the same way, so the job fails now.
        raise JobFailed(f"{type(exc).__name__}: {exc}") from exc
    generation.midi.save("result.mid", ContentFile(midi), save=False)
    return {
        "midi": generation.midi.name,
        "duration_seconds": round(composition.duration_seconds, 3),
        "result": result,
        "genre": str(result.get("genre") or generation.genre or "")[:32],
        "bpm": result.get("bpm") if isinstance(result.get("bpm"), (int, float)) else generation.bpm,
        "key": str(result.get("key") or generation.key or "")[:8],
        "scale": str(result.get("scale") or generation.scale or "")[:32],
    }


def _describe(generation: Generation) -> str:
    parts = [p for p in (generation.genre, generation.key, generation.scale) if p]
    if generation.bpm:
        parts.append(f"{generation.bpm:g} BPM")
    return " · ".join(parts)


def _webhook(generation: Generation, event: str, data: dict[str, Any]) -> None:
    """Send ``event`` to the generation's callback URL if it asked for it (v1 webhooks)."""
    if not generation.callback_url:
        return
    # The webhooks app builds on generation's models, so it is imported when needed, not at load.
    from webhooks.services import webhook_events_emit

    webhook_events_emit(generation=generation, event=event, data=data)


def _after_start(generation: Generation) -> None:
    _webhook(
        generation,
        "generation_started",
        {"status": "processing", "progress": generation.progress, "attempt": generation.attempts},
    )


def _after_progress(generation: Generation, percent: int, stage: str) -> None:
    _webhook(generation, "generation_progress", {"status": "processing", "progress": percent, "stage": stage})


def _after_finish(generation: Generation) -> None:
    generation_signal_done(generation)
    generation_groups_advance(generation)  # a batch or playlist queues its next generations
    if generation.status == GenerationStatus.FAILED:
        _webhook(generation, "generation_failed", {"status": "failed", "error": generation.error_message})


def _worth_a_notification(generation: Generation) -> bool:
    """Background work notifies; a quick job the producer watched finish (inline, in time) does not,
    nor does one generation of a batch (the batch sends one notification when all have finished)."""
    if BatchItem.objects.filter(generation_id=generation.pk).exists():
        return False
    if generation.tool == TRACK_TOOL or not generation.metadata.get("foreground"):
        return True
    if generation.completed_at is None or generation.created_at is None:
        return True
    took = (generation.completed_at - generation.created_at).total_seconds()
    return bool(took > settings.GENERATION_INLINE_WAIT_SECONDS)


def _result_url(generation: Generation) -> str:
    """Where a notification about ``generation`` leads: its track's page, or the studio showing it."""
    track = getattr(generation, "track", None) if generation.tool == TRACK_TOOL else None
    if track is not None:
        return reverse("generation:track", args=[track.public_id])
    return f"{reverse('generation:studio')}?{urlencode({'generation': generation.pk})}"


def _notification_data(generation: Generation) -> dict[str, Any]:
    return {
        "generation_id": generation.pk,
        "public_id": generation.public_id,
        "tool": generation.tool,
        "url": _result_url(generation),
    }


def _after_complete(generation: Generation) -> None:
    track = Track.objects.filter(generation=generation).values_list("public_id", flat=True).first()
    _webhook(
        generation,
        "generation_completed",
        {"status": "completed", "progress": 100, "track_id": track, "duration": generation.duration_seconds},
    )
    producer_profile_refresh_schedule(user_id=generation.owner_id)
    if generation.tool != TRACK_TOOL:  # a track's files (audio, score, chart) are made with it
        generation_files_enqueue(generation)
    xp_award(user_id=generation.owner_id, activity=XpActivity.GENERATION, reference=generation.pk)


def generation_files_enqueue(generation: Generation) -> None:
    """Queue the follow-up that writes the generation's missing files (once per window; safe twice)."""
    followup_task_send_once(task_name=FILES_TASK, object_id=generation.pk, queue=settings.CELERY_AUDIO_QUEUE)


def generation_signal_done(generation: Generation) -> None:
    """Wake every request waiting inline for this job (whichever process runs it)."""
    try:
        client = redis_client()
        key = DONE_KEY.format(id=generation.pk)
        pipe = client.pipeline()
        pipe.rpush(key, "1")
        pipe.expire(key, DONE_TTL_SECONDS)
        pipe.execute()
    except Exception:
        logger.warning("could not signal the end of generation %s", generation.pk, exc_info=True)


GENERATION_JOBS = JobKind(
    name="generation",
    model=Generation,
    task_name="generation.run",
    queue=lambda g: settings.CELERY_AUDIO_QUEUE if g.tool == TRACK_TOOL else settings.CELERY_TASK_DEFAULT_QUEUE,
    run=generation_execute,
    label=lambda g: engine_tools.TOOLS[g.tool].label if g.tool in engine_tools.TOOLS else g.tool.title(),
    identity=lambda g: {"generation_id": g.pk, "public_id": g.public_id},
    completed_event=lambda g: {"tool": g.tool, "result": g.result},
    describe=_describe,
    notification_data=_notification_data,
    notify=_worth_a_notification,
    analytics_event="generation_complete",
    analytics_data=lambda g: {"generation_type": g.tool, "genre": g.genre, "generation_id": g.pk},
    after_start=_after_start,
    after_progress=_after_progress,
    after_complete=_after_complete,
    after_finish=_after_finish,
    discard=track_discard,
)
