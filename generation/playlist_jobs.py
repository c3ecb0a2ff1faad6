"""The playlist job kind: the continuous mix of a playlist's finished tracks, on the one job lifecycle.

Registered in :class:`generation.apps.GenerationConfig.ready`. The handler reads each track's WAV
in play order (two at a time), streams the mix (:func:`..engine.track.playlist_mix.mix_playlist`)
into an MP3 encoder writing to a temporary file, and stores it as the playlist's ``mix``.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django.conf import settings
from django.core.files import File
from django.urls import reverse

from coprod.jobs.kinds import JobFailed, JobKind, Progress

from .engine.audio.synth import SAMPLE_RATE
from .engine.errors import EngineError
from .engine.track.playlist_mix import MixTrack, encode_mix_mp3, mix_playlist, plan_transitions, wav_samples
from .models import Playlist, Track, TrackFile

MIX_FORMAT = "mp3"
MIX_KBPS = 320


def _tracks_in_play_order(playlist: Playlist) -> list[Track]:
    items = list(playlist.items.select_related("generation__track").order_by("position"))
    tracks = []
    for index in playlist.track_order:
        generation = items[index - 1].generation
        track = getattr(generation, "track", None)
        if track is None:
            raise JobFailed(f"Track {index} ({generation.public_id}) has no finished track to mix")
        tracks.append(track)
    return tracks


def _wav_row(track: Track) -> TrackFile:
    row = track.files.filter(kind=TrackFile.Kind.AUDIO, format="wav").first()
    if row is None:
        raise JobFailed(f"Track {track.public_id} has no WAV file to mix")
    return row


def playlist_mix_execute(playlist: Playlist, progress: Progress) -> dict[str, Any]:
    """Mix the playlist's tracks into one MP3; the fields to store on completion."""
    tracks = _tracks_in_play_order(playlist)
    rows = [_wav_row(track) for track in tracks]
    mix_tracks = [
        MixTrack(
            tempo=float(track.metadata["tempo"]),
            music_seconds=float(track.metadata.get("music_duration") or track.metadata["duration"]),
            audio_seconds=float(row.duration or track.metadata["duration"]),
        )
        for track, row in zip(tracks, rows, strict=True)
    ]
    plan = plan_transitions(mix_tracks, playlist.transition_style)

    def load(index: int) -> Any:
        progress(5 + round(85 * index / len(rows)), f"mixing track {index + 1} of {len(rows)}")
        with rows[index].file.open("rb") as handle:
            return wav_samples(handle.read())

    progress(2, "mixing")
    try:
        with tempfile.TemporaryFile(suffix=".mp3") as out:
            seconds = encode_mix_mp3(
                mix_playlist(mix_tracks, playlist.transition_style, load, SAMPLE_RATE), out, SAMPLE_RATE, MIX_KBPS
            )
            progress(95, "storing the mix")
            size = out.tell()
            out.seek(0)
            playlist.mix.save(f"{playlist.public_id}.{MIX_FORMAT}", File(out), save=False)
    except (EngineError, ValueError, OSError) as exc:
        raise JobFailed(f"{type(exc).__name__}: {exc}") from exc
    return {
        "mix": playlist.mix.name,
        "mix_format": MIX_FORMAT,
        "mix_size_bytes": size,
        "mix_duration": round(seconds, 3),
        "transitions": [t.to_dict() for t in plan.transitions],
        "track_starts": [round(start, 3) for start in plan.starts],
    }


def playlist_discard(playlist: Playlist) -> None:
    """Drop a mix written by a run that was cancelled or failed meanwhile."""
    if playlist.mix:
        playlist.mix.delete(save=False)
        Playlist.objects.filter(pk=playlist.pk).update(mix="")


PLAYLIST_JOBS = JobKind(
    name="playlist",
    model=Playlist,
    task_name="generation.playlist_mix",
    queue=lambda playlist: settings.CELERY_AUDIO_QUEUE,
    run=playlist_mix_execute,
    label=lambda playlist: f"Playlist “{playlist.name}”",
    identity=lambda playlist: {"playlist_id": playlist.public_id},
    completed_event=lambda playlist: {"mix_duration": playlist.mix_duration},
    describe=lambda playlist: f"{len(playlist.track_order)} tracks in one continuous mix ({playlist.transition_style})",
    notification_data=lambda playlist: {
        "playlist_id": playlist.public_id,
        "url": reverse("generation:playlist", args=[playlist.public_id]),
    },
    discard=playlist_discard,
)
