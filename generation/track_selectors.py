"""v1 reads: generations and tracks in the Music Generation API's shapes, estimates and the queue.

Statuses are the lifecycle's (``pending`` ...) but v1 calls ``pending`` ``queued``. Every id here
is a public id (``gen_…``, ``track_…``, ``stem_…``); another user's object is a 404 like a missing one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from coprod.selectors import owned_public_or_404

from .engine.track.catalog import STEM_PARTS
from .engine.track.files import file_facts
from .models import ACTIVE_STATUSES, Generation, GenerationStatus, Track, TrackFile
from .track_services import TRACK_TOOL

V1_STATUS: dict[str, str] = {GenerationStatus.PENDING: "queued"}
FROM_V1_STATUS: dict[str, str] = {"queued": GenerationStatus.PENDING}
V1_STATUSES = ("queued", "processing", "completed", "failed", "cancelled")
SORT_FIELDS = {"created_at": "created_at", "updated_at": "updated_at", "duration": "duration_seconds"}
# Until tracks have been timed on this deployment, a 3-minute track is assumed to take this long.
DEFAULT_TRACK_SECONDS = 10.0
RECENT_FOR_ESTIMATES = 20
AUDIO_FORMATS = ("wav", "mp3", "flac", "ogg", "midi")


def v1_status(status: str) -> str:
    return V1_STATUS.get(status, status)


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def generation_get_public(*, user: User, public_id: Any) -> Generation:
    """The user's generation by its ``gen_…`` id (404 for anything else)."""
    return owned_public_or_404(Generation.objects.select_related("track"), owner=user, public_id=public_id)


def track_get(*, user: User, public_id: Any) -> Track:
    """The user's track by its ``track_…`` id (404 for anything else)."""
    return owned_public_or_404(Track.objects.select_related("generation"), owner=user, public_id=public_id)


def track_seconds_per_minute_of_music() -> float:
    """Measured build time of recent tracks per minute of music (the default until some exist)."""
    recent = (
        Generation.objects.filter(tool=TRACK_TOOL, status=GenerationStatus.COMPLETED, started_at__isnull=False)
        .exclude(duration_seconds=None)
        .order_by("-completed_at")
        .values_list("started_at", "completed_at", "duration_seconds")[:RECENT_FOR_ESTIMATES]
    )
    rates = [
        (done - start).total_seconds() / max(1.0, music / 60)
        for start, done, music in recent
        if start and done and music
    ]
    return sum(rates) / len(rates) if rates else DEFAULT_TRACK_SECONDS / 3


def _build_seconds(generation: Generation) -> float:
    minutes = max(1.0, float(generation.duration_seconds or 60) / 60)
    if generation.tool == TRACK_TOOL:
        return track_seconds_per_minute_of_music() * minutes
    return 1.0  # the co-producer tools finish in well under a second


def queue_position(generation: Generation) -> int:
    """How many track jobs (every user's) are ahead of this one or running, plus one: 1 = next."""
    if not generation.is_active:
        return 0
    ahead = Generation.objects.filter(
        tool=generation.tool, status__in=ACTIVE_STATUSES, created_at__lt=generation.created_at
    ).count()
    return ahead + 1


def estimated_completion(generation: Generation) -> datetime | None:
    """When the job should finish: the jobs ahead shared over the workers, then its own build."""
    if not generation.is_active:
        return generation.completed_at
    own = _build_seconds(generation)
    workers = max(1, settings.CELERY_WORKER_CONCURRENCY)
    waiting = (queue_position(generation) - 1) * own / workers
    start = generation.started_at or timezone.now()
    if generation.status == GenerationStatus.PROCESSING:
        waiting = 0
    return start + timedelta(seconds=waiting + own)


def _remaining(generation: Generation) -> float | None:
    finish = estimated_completion(generation)
    if not generation.is_active or finish is None:
        return 0.0 if generation.status == GenerationStatus.COMPLETED else None
    now = timezone.now()
    remaining = (finish - now).total_seconds()
    late = remaining < 1.0
    if late and generation.status == GenerationStatus.PROCESSING and generation.started_at and generation.progress > 0:
        # A job running longer than the measured throughput promised (a busy machine) is not "0 s
        # left": extrapolate from its own progress so far, never below one second while it runs.
        # Only then: the stages are not equally long (20 % is reached at once and held through the
        # render), so inside its estimate the measured throughput is the better guess.
        elapsed = (now - generation.started_at).total_seconds()
        by_progress = elapsed * (100 - generation.progress) / generation.progress
        remaining = max(by_progress, 1.0)
    return round(max(0.0, remaining), 1)


def _requested_formats(generation: Generation) -> list[str]:
    if generation.tool == TRACK_TOOL:
        return list(generation.parameters.get("output_formats") or [])
    return ["midi", "musicxml", "mp3"]


def _available_formats(generation: Generation) -> list[str]:
    track = getattr(generation, "track", None) if generation.status == GenerationStatus.COMPLETED else None
    if track is not None:
        return sorted({f.format for f in track.files.all() if f.kind != TrackFile.Kind.STEM})
    available = []
    if generation.midi:
        available.append("midi")
    if generation.musicxml:
        available.append("musicxml")
    if generation.preview:
        available.append("mp3")
    return available


def _title(generation: Generation) -> str:
    track = getattr(generation, "track", None)
    if track is not None:
        return str(track.title)
    if generation.metadata.get("title"):
        return str(generation.metadata["title"])
    from .engine.tools import TOOLS

    label = TOOLS[generation.tool].label if generation.tool in TOOLS else generation.tool.title()
    return f"{label}: {generation.genre}" if generation.genre else label


def _preview_url(generation: Generation) -> str | None:
    track = getattr(generation, "track", None)
    if track is not None:
        return reverse("v1-track-download", kwargs={"track_id": track.public_id}) + "?format=mp3"
    if generation.preview:
        return reverse("api-generation-preview", kwargs={"generation_id": generation.pk})
    return None


def _track_id(generation: Generation) -> str | None:
    track = getattr(generation, "track", None)
    return track.public_id if track is not None else None


def _quality(generation: Generation) -> dict[str, Any] | None:
    track = getattr(generation, "track", None)
    if track is not None:
        metrics = dict(track.quality_metrics)
        # Section 2.1 names the rendered audio's score ``audio_quality``, section 3.1 ``audio_fidelity``:
        # the status answers both names for the one measurement.
        if "audio_fidelity" in metrics:
            metrics.setdefault("audio_quality", metrics["audio_fidelity"])
        return metrics
    if generation.result and isinstance(generation.result.get("metrics"), dict):
        return dict(generation.result["metrics"])
    return None


def generation_v1_data(*, generation: Generation) -> dict[str, Any]:
    """Section 2.1's shape, plus ``track_id`` once the track exists and the Co-Prod integer id."""
    requested = _requested_formats(generation)
    available = _available_formats(generation)
    return {
        "generation_id": generation.public_id,
        "id": generation.pk,
        "tool": generation.tool,
        "status": v1_status(generation.status),
        "progress": generation.progress,
        "stage": generation.stage,
        "estimated_time_remaining": _remaining(generation),
        "created_at": _iso(generation.created_at),
        "started_at": _iso(generation.started_at),
        "updated_at": _iso(generation.updated_at),
        "completed_at": _iso(generation.completed_at),
        "error_message": generation.error_message or None,
        "track_id": _track_id(generation),
        "retry_of": generation.retry_of.public_id if generation.retry_of_id and generation.retry_of else None,
        "track_preview": {
            "title": _title(generation),
            "duration": generation.duration_seconds,
            "formats_available": available,
            "formats_processing": [f for f in requested if f not in available] if generation.is_active else [],
        },
        "quality_metrics": _quality(generation),
    }


def generation_v1_summary(*, generation: Generation) -> dict[str, Any]:
    """One entry of the section 2.2 list."""
    return {
        "generation_id": generation.public_id,
        "title": _title(generation),
        "status": v1_status(generation.status),
        "tool": generation.tool,
        "duration": generation.duration_seconds,
        "genre": (generation.parameters.get("genre") if generation.tool == TRACK_TOOL else None) or generation.genre,
        "created_at": _iso(generation.created_at),
        "completed_at": _iso(generation.completed_at),
        "formats_available": _available_formats(generation),
        "preview_url": _preview_url(generation),
        "track_id": _track_id(generation),
    }


def generation_v1_list(
    *, user: User, status: str | None, sort_by: str, descending: bool
) -> tuple[QuerySet[Generation], dict[str, int]]:
    """The user's generations filtered and sorted, and the summary counts over all of them."""
    everything = Generation.objects.filter(owner=user)
    counts = everything.aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(status=GenerationStatus.COMPLETED)),
        processing=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
        failed=Count("pk", filter=Q(status=GenerationStatus.FAILED)),
    )
    queryset = everything.select_related("track", "retry_of").prefetch_related("track__files")
    if status is not None:
        queryset = queryset.filter(status=FROM_V1_STATUS.get(status, status))
    field = SORT_FIELDS[sort_by]
    order = [f"-{field}" if descending else field, "-id" if descending else "id"]
    summary = {
        "total_generations": counts["total"],
        "completed": counts["completed"],
        "processing": counts["processing"],
        "failed": counts["failed"],
    }
    return queryset.order_by(*order), summary


def _file_url(track: Track, row: TrackFile) -> str:
    url = reverse("v1-track-download", kwargs={"track_id": track.public_id}) + f"?format={row.format}"
    return url + (f"&stem={row.stem}" if row.stem else "")


# Stems and charts in the order of section 3.1's example (drums, then bass; the PDF, then the MusicXML).
STEM_ORDER = list(STEM_PARTS)
CHART_ORDER = ("pdf", "musicxml")


def track_data(*, track: Track, request: Any = None) -> dict[str, Any]:
    """Section 3.1's shape: every file with its facts and URL, stems, lyrics, charts and metrics."""
    rows = list(track.files.all())

    def absolute(url: str) -> str:
        return request.build_absolute_uri(url) if request is not None else url

    # In the order the formats were asked for (section 3.1's example lists wav, mp3, midi as requested).
    requested = list(track.generation.parameters.get("output_formats") or [])
    audio_rows = sorted(
        (r for r in rows if r.kind == TrackFile.Kind.AUDIO),
        key=lambda r: (requested.index(r.format) if r.format in requested else len(requested), r.format),
    )
    audio = [{**file_facts(r), "url": absolute(_file_url(track, r))} for r in audio_rows]
    stems = [
        {
            "stem_id": r.stem_public_id,
            "name": r.stem.title(),
            "stem": r.stem,
            **file_facts(r),
            "url": absolute(_file_url(track, r)),
        }
        for r in sorted(rows, key=lambda r: STEM_ORDER.index(r.stem) if r.stem in STEM_ORDER else len(STEM_ORDER))
        if r.kind == TrackFile.Kind.STEM and r.format == "wav"  # other formats: encoded on download
    ]
    charts = {r.format: r for r in rows if r.kind == TrackFile.Kind.CHART}
    charts = {fmt: charts[fmt] for fmt in CHART_ORDER if fmt in charts}
    chart_url = charts.get("pdf") or charts.get("musicxml")
    return {
        "track_id": track.public_id,
        "generation_id": track.generation.public_id,
        "title": track.title,
        "description": track.description,
        "tags": list(track.tags),
        "is_public": track.is_public,
        "metadata": dict(track.metadata),
        "audio_files": audio,
        "stems": stems,
        "lyrics": track.lyrics,
        "chord_chart": {
            "url": absolute(_file_url(track, chart_url)) if chart_url else None,
            "formats": list(charts),
            "urls": {fmt: absolute(_file_url(track, row)) for fmt, row in charts.items()},
        },
        "quality_metrics": dict(track.quality_metrics),
        "created_at": _iso(track.created_at),
        "updated_at": _iso(track.updated_at),
        "expires_at": _iso(track.expires_at),
        "download_count": track.download_count,
        "play_count": track.play_count,
    }


def track_file_get(*, track: Track, file_format: str, stem: str | None) -> TrackFile | None:
    """The file of ``track`` in ``file_format`` (of ``stem``, when given); None if it has none."""
    rows = track.files.filter(format=file_format)
    rows = rows.filter(kind=TrackFile.Kind.STEM, stem=stem) if stem else rows.exclude(kind=TrackFile.Kind.STEM)
    return rows.first()


def track_list(*, user: User) -> QuerySet[Track]:
    return Track.objects.filter(owner=user).select_related("generation").order_by("-created_at", "-id")
