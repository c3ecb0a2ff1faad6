"""Generation jobs: what a producer asked the engine for, its lifecycle and its result.

One row per request to a co-producer tool (``/api/generate/*``) or, later, to the v1
full-track API. Rows carry an integer primary key (the Co-Prod API's ``generation_id``) and a
public id ``gen_<16 hex>`` (the v1 API's), so one generation is reachable from both APIs.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from coprod.files import RandomFileName
from coprod.jobs.models import ACTIVE_STATUSES, FINISHED_STATUSES, Job, JobStatus

__all__ = ["ACTIVE_STATUSES", "FINISHED_STATUSES", "Generation", "GenerationStatus", "Track", "TrackFile"]


def new_generation_public_id() -> str:
    return f"gen_{secrets.token_hex(8)}"


# One lifecycle for every job (coprod.jobs); the generation names are kept for readability.
GenerationStatus = JobStatus


class Generation(Job):
    job_kind = "generation"

    public_id = models.CharField(max_length=24, unique=True, default=new_generation_public_id, editable=False)
    tool = models.CharField(max_length=32, db_index=True)
    # Which API created it ("coprod", "v1"); both can read it.
    source = models.CharField(max_length=16, default="coprod")
    parameters = models.JSONField(default=dict)
    seed = models.BigIntegerField()
    result = models.JSONField(null=True, blank=True)
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retries")
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="generations"
    )
    # How long the music is (requested for full tracks, measured from the result for the tools).
    duration_seconds = models.FloatField(null=True, blank=True)
    # v1 (Music Generation API): the request's metadata (title, description, tags, project_id)
    # and where to send signed webhook events about this job (see the webhooks app).
    metadata = models.JSONField(default=dict, blank=True)
    callback_url = models.URLField(max_length=500, blank=True)
    webhook_events = models.JSONField(default=list, blank=True)
    # The result's files, written on workers: MIDI by the job itself, the MP3 preview the studio
    # plays and the MusicXML score by a follow-up task (both can take seconds for a long song).
    midi = models.FileField(upload_to=RandomFileName("midi"), blank=True)
    musicxml = models.FileField(upload_to=RandomFileName("musicxml"), blank=True)
    preview = models.FileField(upload_to=RandomFileName("previews"), blank=True)
    # Copied from the parameters/result so lists, filters and the Producer DNA need no JSON queries.
    genre = models.CharField(max_length=32, blank=True, db_index=True)
    bpm = models.FloatField(null=True, blank=True)
    key = models.CharField(max_length=8, blank=True)
    scale = models.CharField(max_length=32, blank=True)

    class Meta(Job.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.public_id} {self.tool} ({self.status})"


def new_track_public_id() -> str:
    return f"track_{secrets.token_hex(8)}"


def new_stem_public_id() -> str:
    return f"stem_{secrets.token_hex(8)}"


# How long a track and its files are kept (the v1 spec's one-year retention).
TRACK_RETENTION_DAYS = 365


class Track(models.Model):
    """A finished full track (v1): built by one generation, with its audio, stems, lyrics and charts.

    Files are :class:`TrackFile` rows; deleting the track deletes them and their stored files.
    """

    public_id = models.CharField(max_length=24, unique=True, default=new_track_public_id, editable=False)
    generation = models.OneToOneField(Generation, on_delete=models.CASCADE, related_name="track")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracks")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    tags = models.JSONField(default=list, blank=True)
    is_public = models.BooleanField(default=False)
    # genre, subgenre, mood, tempo, key, duration, instrumental, has_lyrics, lyric_language, lyric_theme
    metadata = models.JSONField(default=dict)
    lyrics = models.JSONField(null=True, blank=True)
    quality_metrics = models.JSONField(default=dict)
    # Sections and their bars, for the chord chart and the track page.
    arrangement = models.JSONField(default=dict, blank=True)
    download_count = models.PositiveIntegerField(default=0)
    play_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.public_id} {self.title}"


class TrackFile(models.Model):
    """One file of a track: the mix in a format, a stem, or a chord chart (PDF, MusicXML)."""

    class Kind(models.TextChoices):
        AUDIO = "audio", "Audio"
        STEM = "stem", "Stem"
        CHART = "chart", "Chord chart"

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    format = models.CharField(max_length=12)
    # For stems: drums, bass, melody, chords, vocals; the stem's public id.
    stem = models.CharField(max_length=16, blank=True)
    stem_public_id = models.CharField(max_length=24, blank=True)
    file = models.FileField(upload_to=RandomFileName("tracks"))
    size_bytes = models.PositiveBigIntegerField(default=0)
    duration = models.FloatField(null=True, blank=True)
    sample_rate = models.PositiveIntegerField(null=True, blank=True)
    bit_depth = models.PositiveSmallIntegerField(null=True, blank=True)
    bitrate_kbps = models.PositiveSmallIntegerField(null=True, blank=True)
    channels = models.PositiveSmallIntegerField(null=True, blank=True)
    track_count = models.PositiveSmallIntegerField(null=True, blank=True)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "stem", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "kind", "stem", "format"], name="one_file_per_track_kind_stem_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.track_id} {self.kind} {self.stem or ''} {self.format}".strip()
