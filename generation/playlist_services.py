"""Cohesive playlists (v1 ``POST /ai/generate-playlist``): plan, make the tracks, mix them, cancel.

The engine plans the tracks (:mod:`generation.engine.track.playlist_plan`: keys, tempos and
instruments within the cohesion bounds, and the play order). Each track is a normal track
generation, queued :data:`PLAYLIST_CONCURRENCY` at a time like a batch's
(:func:`.batch_services.generations_release`). The :class:`Playlist` row is itself a job (the
mix): once every track has completed it is queued, and its handler
(:mod:`generation.playlist_jobs`) writes the continuous mix. A track that fails or is cancelled
fails the playlist, naming the track.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from coprod.errors import Conflict, ParameterError
from coprod.jobs.kinds import job_kind_of
from coprod.jobs.services import job_cancel, job_enqueue, job_fail

from .batch_services import generations_release, quota_check_group
from .engine.errors import EngineParameterError
from .engine.track.playlist_plan import plan_playlist, validate_playlist_request
from .models import ACTIVE_STATUSES, FINISHED_STATUSES, Generation, GenerationStatus, Playlist, PlaylistItem
from .track_services import track_generation_create

PLAYLIST_FIELDS = ("playlist_config", "base_parameters", "track_variations")
# Tracks of one playlist made at the same time (the rest wait for them).
PLAYLIST_CONCURRENCY = 2


def playlist_start(*, owner: User, request: Any) -> Playlist:
    """Validate a ``generate-playlist`` body, plan it, check the quotas, store the playlist and its
    generations and queue the first tracks.

    Raises :class:`ParameterError` naming the first invalid field (``playlist_config.track_count``;
    nothing is stored then) and :class:`~coprod.api.errors.QuotaExceeded`. The playlist counts its
    ``total_duration`` against the day's audio minutes, shared over its tracks.
    """
    if not isinstance(request, dict):
        raise ParameterError("body", type(request).__name__, "a JSON object")
    unknown = sorted(set(request) - set(PLAYLIST_FIELDS))
    if unknown:
        raise ParameterError(unknown[0][:32], request[unknown[0]], f"one of: {', '.join(PLAYLIST_FIELDS)}")
    try:
        checked = validate_playlist_request(
            request.get("playlist_config"), request.get("base_parameters"), request.get("track_variations")
        )
    except EngineParameterError as exc:
        raise ParameterError.from_engine(exc) from None
    seed = secrets.randbelow(2**31 - 1)
    plan = plan_playlist(checked, seed=seed)
    count = len(plan.tracks)
    quota_check_group(
        user=owner, concurrent=min(PLAYLIST_CONCURRENCY, count), seconds=checked.total_duration, extra_jobs=1
    )
    share = round(checked.total_duration / count, 3)
    with transaction.atomic():
        playlist = Playlist.objects.create(
            owner=owner,
            name=checked.name,
            description=checked.description,
            config={
                "total_duration": checked.total_duration,
                "track_count": checked.track_count,
                "cohesion_level": checked.cohesion_level,
                "transition_style": checked.transition_style,
                "base_parameters": request.get("base_parameters"),
                "track_variations": {
                    "allow_key_changes": checked.allow_key_changes,
                    "allow_tempo_variation": checked.allow_tempo_variation,
                    "allow_instrumentation_variation": checked.allow_instrumentation_variation,
                },
                "tempo_range": list(checked.tempo_range) if checked.tempo_range else None,
                "seed": seed,
            },
            plan=plan.summary(),
            transition_style=checked.transition_style,
            track_order=[index + 1 for index in plan.order],
            stage="making tracks",
        )
        for position, parameters in enumerate(plan.tracks):
            title = f"{checked.name} #{plan.order.index(position) + 1}"
            generation = track_generation_create(
                owner=owner,
                checked={
                    "parameters": parameters,
                    "metadata": {"title": title[:200], "description": checked.description},
                    "callback_url": "",
                    "webhook_events": [],
                },
                enqueue=False,
            )
            # The quota counts the playlist's total_duration, shared over its tracks.
            Generation.objects.filter(pk=generation.pk).update(audio_seconds=share)
            PlaylistItem.objects.create(playlist=playlist, generation=generation, position=position)
        Playlist.objects.select_for_update().get(pk=playlist.pk)
        generations_release(items=playlist.items.all(), concurrency=PLAYLIST_CONCURRENCY)
    return playlist


def playlist_advance(*, playlist_id: int) -> None:
    """Queue the playlist's next tracks; once all have finished, queue the mix (or fail, naming the track)."""
    failure: str | None = None
    with transaction.atomic():
        playlist = Playlist.objects.select_for_update().get(pk=playlist_id)
        if playlist.status != GenerationStatus.PENDING or playlist.mix_queued_at is not None:
            return
        generations_release(items=playlist.items.all(), concurrency=PLAYLIST_CONCURRENCY)
        rows = list(playlist.items.values_list("position", "generation__public_id", "generation__status"))
        done = sum(1 for _, _, status in rows if status == GenerationStatus.COMPLETED)
        Playlist.objects.filter(pk=playlist.pk).update(
            stage=f"making tracks ({done}/{len(rows)})", progress=round(90 * done / max(1, len(rows)))
        )
        broken = [(p, g, s) for p, g, s in rows if s in FINISHED_STATUSES and s != GenerationStatus.COMPLETED]
        if broken:
            position, public_id, status = broken[0]
            failure = f"Track {position + 1} ({public_id}) {status}: the playlist cannot be mixed without it"
        elif done == len(rows):
            Playlist.objects.filter(pk=playlist.pk).update(mix_queued_at=timezone.now(), stage="mix queued")
            job_enqueue(playlist)
    if failure is not None:
        playlist_stop_tracks(playlist=playlist)
        job_fail(job_kind_of(playlist), playlist.pk, failure)


def playlist_stop_tracks(*, playlist: Playlist) -> list[Generation]:
    """Cancel every track of the playlist that has not finished; returns them."""
    stopped = []
    for item in playlist.items.select_related("generation").filter(generation__status__in=ACTIVE_STATUSES):
        if job_cancel(job_kind_of(item.generation), item.generation):
            stopped.append(item.generation)
    return stopped


def playlist_cancel(*, playlist: Playlist) -> list[Generation]:
    """Cancel the playlist (its mix) and every track not finished. Raises :class:`Conflict` once it has ended."""
    if not job_cancel(job_kind_of(playlist), playlist):
        raise Conflict(
            f"Playlist {playlist.public_id} is already {playlist.status}; only an unfinished playlist can be cancelled",
            details={"status": playlist.status},
        )
    return playlist_stop_tracks(playlist=playlist)


def playlist_count_download(*, playlist: Playlist) -> None:
    Playlist.objects.filter(pk=playlist.pk).update(download_count=F("download_count") + 1)
