"""v1 playlist reads: one playlist with its tracks in play order, its cohesion and its continuous mix."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from coprod.selectors import owned_public_or_404

from .models import ACTIVE_STATUSES, Generation, GenerationStatus, Playlist
from .playlist_services import PLAYLIST_CONCURRENCY
from .track_selectors import _iso, track_seconds_per_minute_of_music, v1_status

# The mix itself takes about this share of the playlist's length (decode, blend, encode).
MIX_SECONDS_PER_SECOND = 0.02


def playlist_get(*, user: User, public_id: Any) -> Playlist:
    """The user's playlist by its ``playlist_…`` id (404 for anything else)."""
    return owned_public_or_404(Playlist.objects.all(), owner=user, public_id=public_id)


def playlist_list(*, user: User) -> QuerySet[Playlist]:
    return Playlist.objects.filter(owner=user).order_by("-created_at", "-id")


def playlist_estimated_completion(playlist: Playlist) -> datetime | None:
    """Tracks still to make shared over the workers and the playlist's concurrency, then the mix."""
    if playlist.status not in ACTIVE_STATUSES:
        return playlist.completed_at
    rows = list(playlist.items.values_list("generation__status", "generation__duration_seconds"))
    left = sum(float(seconds or 0) for status, seconds in rows if status in ACTIVE_STATUSES)
    lanes = max(1, min(PLAYLIST_CONCURRENCY, settings.CELERY_WORKER_CONCURRENCY))
    tracks = track_seconds_per_minute_of_music() * left / 60 / lanes
    total = float(playlist.config.get("total_duration") or 0)
    return timezone.now() + timedelta(seconds=tracks + total * MIX_SECONDS_PER_SECOND)


def _status(playlist: Playlist) -> str:
    return "processing" if playlist.status == GenerationStatus.PENDING else playlist.status


def _track_entry(position: int, generation: Generation) -> dict[str, Any]:
    track = getattr(generation, "track", None)
    parameters = generation.parameters
    return {
        "position": position,
        "generation_id": generation.public_id,
        "status": v1_status(generation.status),
        "progress": generation.progress,
        "track_id": track.public_id if track is not None else None,
        "title": track.title if track is not None else generation.metadata.get("title"),
        "key": parameters.get("key"),
        "tempo": parameters.get("tempo"),
        "duration": (track.metadata.get("duration") if track is not None else generation.duration_seconds),
        "primary_instruments": [i["name"] for i in parameters.get("primary_instruments") or []],
    }


def playlist_data(*, playlist: Playlist, request: Any = None) -> dict[str, Any]:
    """The playlist resource: status, tracks in play order, cohesion bounds, transitions and the mix."""
    items = list(playlist.items.select_related("generation", "generation__track").order_by("position"))
    generations = [item.generation for item in items]
    in_order = [generations[index - 1] for index in playlist.track_order]
    done = sum(1 for g in generations if g.status == GenerationStatus.COMPLETED)
    finish = playlist_estimated_completion(playlist)
    mix_url = reverse("v1-playlist-download", kwargs={"playlist_id": playlist.public_id}) + "?format=mp3"
    return {
        "playlist_id": playlist.public_id,
        "name": playlist.name,
        "description": playlist.description,
        "status": _status(playlist),
        "stage": playlist.stage,
        "progress": playlist.progress,
        "error_message": playlist.error_message or None,
        "completed": done,
        "total": len(generations),
        "generation_ids": [g.public_id for g in generations],
        "track_order": list(playlist.track_order),
        "tracks": [_track_entry(position + 1, g) for position, g in enumerate(in_order)],
        "total_duration": playlist.config.get("total_duration"),
        "cohesion_level": playlist.config.get("cohesion_level"),
        "transition_style": playlist.transition_style,
        "cohesion": dict(playlist.plan),
        "mix": {
            "status": "completed" if playlist.mix else _status(playlist),
            "format": playlist.mix_format or "mp3",
            "url": (request.build_absolute_uri(mix_url) if request is not None else mix_url) if playlist.mix else None,
            "size_bytes": playlist.mix_size_bytes or None,
            "duration": playlist.mix_duration,
            "transitions": list(playlist.transitions),
            "track_starts": list(playlist.track_starts),
        },
        "estimated_completion_time": _iso(finish),
        "created_at": _iso(playlist.created_at),
        "completed_at": _iso(playlist.completed_at),
        "download_count": playlist.download_count,
    }
