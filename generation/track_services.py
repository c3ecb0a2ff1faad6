"""Full tracks (the v1 Music Generation API): start a track generation, build it on a worker, store
its files, edit, count, delete and purge tracks.

A track generation is a :class:`~generation.models.Generation` (``tool="track"``, ``source="v1"``),
run by the one job lifecycle like every other; its handler (:func:`track_execute`) builds the track
with the engine (:mod:`generation.engine.track`), stores every file as a :class:`TrackFile` under a
random private name and creates the :class:`Track`. The generation's ``result`` holds the music
(the Co-Prod API can read it like any result) and the ``track_id``.
"""

from __future__ import annotations

import io
import secrets
from datetime import timedelta
from typing import Any

import soundfile
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from coprod.errors import Conflict, ParameterError
from coprod.jobs.kinds import JobFailed, Progress
from coprod.jobs.services import job_enqueue
from coprod.quotas import quota_check_audio, quota_check_jobs
from ops.models import AuditAction
from ops.services import audit_record

from .engine import results as engine_results
from .engine.audio.encode import encode
from .engine.errors import EngineError, EngineParameterError
from .engine.track import TrackBuild, build_track, validate_track_parameters
from .engine.track import TrackFile as BuiltFile
from .engine.track.catalog import AUDIO_QUALITY
from .engine.track.files import compressed_file
from .models import TRACK_RETENTION_DAYS, Generation, GenerationStatus, Track, TrackFile, new_stem_public_id

TRACK_TOOL = "track"
REQUEST_FIELDS = ("parameters", "metadata", "callback_url", "webhook_events")
METADATA_FIELDS = ("title", "description", "tags", "project_id")
# Sent when a request names a callback_url but no webhook_events.
DEFAULT_WEBHOOK_EVENTS = ("generation_completed", "generation_failed")
MAX_TAGS, MAX_TAG_LENGTH = 20, 32
TRACK_EDITABLE_FIELDS = ("title", "description", "tags", "is_public")


def _metadata(raw: Any, owner: User) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ParameterError("metadata", raw, "an object {title, description, tags, project_id}")
    unknown = sorted(set(raw) - set(METADATA_FIELDS))
    if unknown:
        raise ParameterError(f"metadata.{unknown[0][:32]}", raw[unknown[0]], f"one of: {', '.join(METADATA_FIELDS)}")
    metadata: dict[str, Any] = {}
    if "title" in raw:
        if not isinstance(raw["title"], str) or not 0 < len(raw["title"].strip()) <= 200:
            raise ParameterError("metadata.title", raw["title"], "a text of 1-200 characters")
        metadata["title"] = raw["title"].strip()
    if "description" in raw:
        if not isinstance(raw["description"], str) or len(raw["description"]) > 2000:
            raise ParameterError("metadata.description", raw["description"], "a text of at most 2000 characters")
        metadata["description"] = raw["description"]
    if "tags" in raw:
        metadata["tags"] = clean_tags(raw["tags"], "metadata.tags")
    if raw.get("project_id") is not None:
        from projects.selectors import project_get

        metadata["project_id"] = project_get(owner=owner, project_id=_project_pk(raw["project_id"])).pk
    return metadata


def _project_pk(value: Any) -> Any:
    # The spec's example writes project ids as "proj_123"; ours are integers, accepted either way.
    if isinstance(value, str) and value.startswith("proj_"):
        return value.removeprefix("proj_")
    return value


def clean_tags(value: Any, parameter: str = "tags") -> list[str]:
    """A list of short tags, lower-cased and deduplicated, or the error naming ``parameter``."""
    if not isinstance(value, list) or len(value) > MAX_TAGS:
        raise ParameterError(parameter, value, f"a list of at most {MAX_TAGS} tags")
    if not all(isinstance(t, str) and 0 < len(t.strip()) <= MAX_TAG_LENGTH for t in value):
        raise ParameterError(parameter, value, f"tags of 1-{MAX_TAG_LENGTH} characters")
    return list(dict.fromkeys(t.strip().lower() for t in value))


def _webhooks(request: dict[str, Any]) -> tuple[str, list[str]]:
    callback_url = request.get("callback_url") or ""
    events = request.get("webhook_events")
    if not callback_url:
        if events:
            raise ParameterError("callback_url", None, "a callback URL for the webhook events")
        return "", []
    # The webhooks app builds on generation's models, so it is imported when needed, not at load.
    from webhooks.validation import callback_url_validate, webhook_events_validate

    # Resolves the name and refuses non-public addresses (SSRF); checked again before each delivery.
    callback_url_validate(callback_url)
    if events is None:
        return callback_url, list(DEFAULT_WEBHOOK_EVENTS)
    return callback_url, webhook_events_validate(events)


def track_request_validate(*, owner: User, request: Any) -> dict[str, Any]:
    """A v1 ``POST /generate`` body checked: ``{parameters, metadata, callback_url, webhook_events}``.

    Raises :class:`ParameterError` naming the first invalid field. Stores nothing.
    """
    if not isinstance(request, dict):
        raise ParameterError("body", type(request).__name__, "a JSON object")
    unknown = sorted(set(request) - set(REQUEST_FIELDS))
    if unknown:
        raise ParameterError(unknown[0][:32], request[unknown[0]], f"one of: {', '.join(REQUEST_FIELDS)}")
    if "parameters" not in request:
        raise ParameterError("parameters", None, "an object of generation parameters")
    try:
        parameters = validate_track_parameters(request["parameters"])
    except EngineParameterError as exc:
        raise ParameterError.from_engine(exc) from None
    metadata = _metadata(request.get("metadata"), owner)
    callback_url, events = _webhooks(request)
    return {"parameters": parameters, "metadata": metadata, "callback_url": callback_url, "webhook_events": events}


def track_generation_create(
    *, owner: User, checked: dict[str, Any], retry_of: Generation | None = None, enqueue: bool = True
) -> Generation:
    """Store a track generation from a :func:`track_request_validate` result; queue it unless ``enqueue`` is False
    (a batch or playlist queues its generations itself, a few at a time). No quota check here."""
    parameters, metadata = checked["parameters"], checked["metadata"]
    generation = Generation.objects.create(
        owner=owner,
        tool=TRACK_TOOL,
        source="v1",
        parameters=parameters,
        seed=secrets.randbelow(2**31 - 1),
        metadata=metadata,
        callback_url=checked["callback_url"],
        webhook_events=checked["webhook_events"],
        retry_of=retry_of,
        project_id=metadata.get("project_id"),
        # Our genre profile (what the Producer DNA counts); the v1 genre name stays in the parameters.
        genre=str(parameters.get("profile") or "")[:32],
        bpm=parameters.get("tempo"),
        key=str(parameters.get("key") or "")[:8],
        scale=str(parameters.get("scale") or "")[:32],
        duration_seconds=float(parameters["duration"]),
        audio_seconds=float(parameters["duration"]),
    )
    if enqueue:
        job_enqueue(generation)
    return generation


def track_generation_start(*, owner: User, request: Any, retry_of: Generation | None = None) -> Generation:
    """Validate a v1 ``POST /generate`` body, check the quotas, store the generation and queue it.

    Raises :class:`ParameterError` naming the first invalid field (nothing is stored then) and
    :class:`~coprod.api.errors.QuotaExceeded` when the plan's active jobs or audio minutes run out.
    """
    checked = track_request_validate(owner=owner, request=request)
    quota_check_jobs(user=owner)
    quota_check_audio(user=owner, seconds=float(checked["parameters"]["duration"]))
    return track_generation_create(owner=owner, checked=checked, retry_of=retry_of)


def track_generation_retry(*, generation: Generation) -> Generation:
    """A new track generation with the same parameters, linked to the failed or cancelled one."""
    if generation.status not in (GenerationStatus.FAILED, GenerationStatus.CANCELLED):
        raise Conflict(
            f"Only failed or cancelled generations can be retried; this one is {generation.status}",
            details={"status": generation.status},
        )
    quota_check_jobs(user=generation.owner)
    quota_check_audio(user=generation.owner, seconds=float(generation.duration_seconds or 0))
    retry = Generation.objects.create(
        owner=generation.owner,
        tool=generation.tool,
        source=generation.source,
        parameters=generation.parameters,
        seed=generation.seed,
        metadata=generation.metadata,
        callback_url=generation.callback_url,
        webhook_events=generation.webhook_events,
        retry_of=generation,
        project=generation.project,
        genre=generation.genre,
        bpm=generation.bpm,
        key=generation.key,
        scale=generation.scale,
        duration_seconds=generation.duration_seconds,
        audio_seconds=generation.audio_seconds,
    )
    job_enqueue(retry)
    return retry


def track_execute(generation: Generation, progress: Progress) -> dict[str, Any]:
    """The job handler of a track generation: build, store the files and the Track; the fields to complete with."""
    try:
        build = build_track(
            generation.parameters, seed=generation.seed, progress=progress, title=generation.metadata.get("title")
        )
    except (EngineError, ValueError, KeyError, TypeError, ArithmeticError, OSError) as exc:
        raise JobFailed(f"{type(exc).__name__}: {exc}") from exc
    progress(97, "storing files")
    track = _track_store(generation, build)
    midi = next((f for f in build.audio_files if f.format == "midi"), None)
    fields: dict[str, Any] = {
        "result": engine_results.result_from_idea(
            build.idea,
            "track",
            {
                "track_id": track.public_id,
                "title": track.title,
                "duration_seconds": round(build.idea.duration_seconds, 2),
            },
        ),
        "duration_seconds": track.metadata.get("duration"),
    }
    if midi is not None:
        generation.midi.save("track.mid", ContentFile(midi.data), save=False)
        fields["midi"] = generation.midi.name
    return fields


def _track_store(generation: Generation, build: TrackBuild) -> Track:
    params = build.parameters
    metadata = {
        "genre": params.get("genre"),
        "subgenre": params.get("subgenre"),
        "mood": params.get("mood"),
        "tempo": params.get("tempo"),
        "key": params.get("key"),
        "duration": round(build.idea.duration_seconds, 2),
        "instrumental": not bool(build.lyrics),
        "has_lyrics": bool(build.lyrics),
        "lyric_language": (params.get("lyrics") or {}).get("language") if build.lyrics else None,
        "lyric_theme": (params.get("lyrics") or {}).get("theme") if build.lyrics else None,
    } | build.metadata
    stored: list[str] = []
    try:
        with transaction.atomic():
            _track_rows_store(generation, build, metadata, stored)
    except Exception:
        # The rows are rolled back, their files are not: remove them (a full disk must not stay full).
        for name in stored:
            default_storage.delete(name)
        raise
    return Track.objects.get(generation=generation)


def _track_rows_store(generation: Generation, build: TrackBuild, metadata: dict[str, Any], stored: list[str]) -> None:
    """The track and its file rows, in the caller's transaction; the names of the files written go to ``stored``."""
    Track.objects.filter(generation=generation).delete()  # a redelivered job builds it again
    track = Track.objects.create(
        generation=generation,
        owner=generation.owner,
        title=build.title[:200],
        description=str(generation.metadata.get("description") or ""),
        tags=list(generation.metadata.get("tags") or []),
        metadata=metadata,
        lyrics=build.lyrics,
        quality_metrics=build.quality_metrics,
        arrangement=build.arrangement,
        expires_at=timezone.now() + timedelta(days=TRACK_RETENTION_DAYS),
    )
    for built in build.audio_files:
        stored.append(_file_store(track, TrackFile.Kind.AUDIO, built).file.name)
    for stem in build.stems:
        stored.append(_file_store(track, TrackFile.Kind.STEM, stem.file, stem=stem.name).file.name)
    for built in build.chord_chart.values():
        stored.append(_file_store(track, TrackFile.Kind.CHART, built).file.name)


def _file_row(track: Track, kind: str, built: BuiltFile, stem: str = "", stem_public_id: str = "") -> TrackFile:
    """An unsaved row for ``built`` with its bytes already in storage (a stem gets a new public id)."""
    row = TrackFile(
        track=track,
        kind=kind,
        format=built.format,
        stem=stem,
        stem_public_id=stem_public_id or (new_stem_public_id() if stem else ""),
        size_bytes=built.size_bytes,
        duration=built.duration,
        sample_rate=built.sample_rate,
        bit_depth=built.bit_depth,
        bitrate_kbps=built.bitrate_kbps,
        channels=built.channels,
        track_count=built.track_count,
        page_count=built.page_count,
    )
    row.file.save(f"{track.public_id}.{built.extension}", ContentFile(built.data), save=False)
    return row


def _file_store(track: Track, kind: str, built: BuiltFile, stem: str = "") -> TrackFile:
    row = _file_row(track, kind, built, stem)
    row.save()
    return row


def track_discard(generation: Generation) -> None:
    """Undo a build whose job was cancelled or failed meanwhile: the track and its files go."""
    Track.objects.filter(generation=generation).delete()


def track_update(*, track: Track, data: Any) -> Track:
    """Change the editable fields present in ``data``; any other field is a :class:`ParameterError`."""
    if not isinstance(data, dict) or not data:
        raise ParameterError("body", data, f"an object with any of: {', '.join(TRACK_EDITABLE_FIELDS)}")
    refused = sorted(set(data) - set(TRACK_EDITABLE_FIELDS))
    if refused:
        raise ParameterError(
            refused[0][:32],
            data[refused[0]],
            f"one of the editable fields: {', '.join(TRACK_EDITABLE_FIELDS)}",
            f"Invalid parameter: {refused[0][:32]} cannot be changed (editable: {', '.join(TRACK_EDITABLE_FIELDS)})",
        )
    if "title" in data:
        if not isinstance(data["title"], str) or not 0 < len(data["title"].strip()) <= 200:
            raise ParameterError("title", data["title"], "a text of 1-200 characters")
        track.title = data["title"].strip()
    if "description" in data:
        if not isinstance(data["description"], str) or len(data["description"]) > 2000:
            raise ParameterError("description", data["description"], "a text of at most 2000 characters")
        track.description = data["description"]
    if "tags" in data:
        track.tags = clean_tags(data["tags"])
    if "is_public" in data:
        if not isinstance(data["is_public"], bool):
            raise ParameterError("is_public", data["is_public"], "true or false")
        track.is_public = data["is_public"]
    track.save()
    return track


def track_delete(*, track: Track) -> int:
    """Delete the track and every stored file of it (on commit). Returns how many files it had."""
    files = track.files.count()
    audit_record(actor=track.owner, action=AuditAction.DELETED, target=track, details={"title": track.title})
    track.delete()
    return files


STEM_ENCODABLE_FORMATS = ("mp3", "flac", "ogg")


def track_stem_file(*, track: Track, stem: str, file_format: str) -> TrackFile | None:
    """The ``stem`` of ``track`` in ``file_format``: stored stems are WAV; an MP3, FLAC or OGG of a
    stem is encoded from it on first download (with the track's own MP3 bitrate) and kept.

    Only formats the track was made in (its mix has one) are encoded, so ``output_formats`` still
    decides what a track offers; None when there is no such stem or format.
    """
    existing = track.files.filter(kind=TrackFile.Kind.STEM, stem=stem, format=file_format).first()
    if existing is not None or file_format not in STEM_ENCODABLE_FORMATS:
        return existing
    wav = track.files.filter(kind=TrackFile.Kind.STEM, stem=stem, format="wav").first()
    if wav is None or not track.files.filter(kind=TrackFile.Kind.AUDIO, format=file_format).exists():
        return None
    with wav.file.open("rb") as handle:
        samples, rate = soundfile.read(io.BytesIO(handle.read()), dtype="float32", always_2d=True)
    quality = AUDIO_QUALITY.get(str(track.generation.parameters.get("audio_quality")), AUDIO_QUALITY["high"])
    data = encode(samples, rate, file_format, track.title, f"{quality.mp3_kbps}k")
    built = compressed_file(
        file_format, data, duration=samples.shape[0] / rate, sample_rate=rate, mp3_kbps=quality.mp3_kbps
    )
    row = _file_row(track, TrackFile.Kind.STEM, built, stem=stem, stem_public_id=wav.stem_public_id)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # the same download, encoded meanwhile by another request: keep theirs
        row.file.delete(save=False)
        return track.files.filter(kind=TrackFile.Kind.STEM, stem=stem, format=file_format).first()
    return row


def track_count_download(*, track: Track) -> None:
    Track.objects.filter(pk=track.pk).update(download_count=F("download_count") + 1)


def track_count_play(*, track: Track) -> None:
    Track.objects.filter(pk=track.pk).update(play_count=F("play_count") + 1)


def tracks_purge_expired() -> int:
    """Delete tracks past their retention (``expires_at``) with their files. Returns how many."""
    expired = list(Track.objects.filter(expires_at__lt=timezone.now()).values_list("pk", flat=True)[:1000])
    for pk in expired:
        Track.objects.filter(pk=pk).delete()
    return len(expired)
