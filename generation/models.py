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

__all__ = [
    "ACTIVE_STATUSES",
    "FINISHED_STATUSES",
    "Batch",
    "BatchItem",
    "Generation",
    "GenerationStatus",
    "Playlist",
    "PlaylistItem",
    "Template",
    "Track",
    "TrackFile",
]


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
        indexes = [
            models.Index(fields=["owner", "-created_at"]),
            # The dashboard's genre and tempo charts count these columns only: an index-only scan. On
            # SQLite a row's genre sits after its result (tens of KB), so counting from the table read
            # every result of the user (~60 ms for 1,000 generations; ~1 ms with this index).
            models.Index(fields=["owner", "status", "genre", "bpm"], name="generation_owner_charts_idx"),
        ]

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


# --- v1 templates, batches and playlists -------------------------------------------------------


class TemplatePreviewStatus(models.TextChoices):
    NONE = "none", "Not rendered"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Template(models.Model):
    """A v1 generation template: a parameter set the engine renders well and what a user may change.

    ``parameters`` is a v1 ``parameters`` object (the defaults); ``customizations`` maps each
    parameter a user may change to its kind and range (see
    :mod:`generation.engine.track.templates_catalog`). The preview is rendered lazily by a task and
    cached; ``preview_signature`` is the parameters it was rendered from, so a change re-renders it.
    """

    public_id = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=1000)
    category = models.CharField(max_length=32, db_index=True)
    subcategory = models.CharField(max_length=32, db_index=True)
    ai_model = models.CharField(max_length=32)
    compatible_models = models.JSONField(default=list)
    has_lyrics = models.BooleanField(default=False)
    popularity = models.PositiveSmallIntegerField(default=50)
    parameters = models.JSONField(default=dict)
    customizations = models.JSONField(default=dict)
    is_active = models.BooleanField(default=True)
    use_count = models.PositiveIntegerField(default=0)
    preview = models.FileField(upload_to=RandomFileName("template_previews"), blank=True)
    preview_status = models.CharField(
        max_length=12, choices=TemplatePreviewStatus.choices, default=TemplatePreviewStatus.NONE
    )
    preview_error = models.TextField(blank=True)
    preview_seconds = models.FloatField(null=True, blank=True)
    preview_signature = models.CharField(max_length=64, blank=True)
    preview_requested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-popularity", "public_id"]

    def __str__(self) -> str:
        return f"{self.public_id} {self.name}"


def new_batch_public_id() -> str:
    return f"batch_{secrets.token_hex(8)}"


class BatchStatus(models.TextChoices):
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    PARTIALLY_COMPLETED = "partially_completed", "Partially completed"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class Batch(models.Model):
    """Variations of base parameters (v1 ``generate-batch``): one track generation per variation.

    At most ``concurrent_generations`` of its generations are queued or running at a time; the rest
    wait (``pending`` with no task) until earlier ones finish (:mod:`generation.batch_services`).
    """

    public_id = models.CharField(max_length=24, unique=True, default=new_batch_public_id, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="batches")
    base_parameters = models.JSONField(default=dict)
    concurrent_generations = models.PositiveSmallIntegerField(default=2)
    notify_when_all_complete = models.BooleanField(default=True)
    status = models.CharField(max_length=24, choices=BatchStatus.choices, default=BatchStatus.PROCESSING)
    callback_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.status})"


class BatchItem(models.Model):
    """One variation of a batch and the generation that renders it; ``released_at`` once queued."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="items")
    generation = models.OneToOneField(Generation, on_delete=models.CASCADE, related_name="batch_item")
    position = models.PositiveSmallIntegerField()
    variation_id = models.CharField(max_length=64)
    customizations = models.JSONField(default=dict)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"], name="one_batch_item_per_position")]

    def __str__(self) -> str:
        return f"{self.batch_id} #{self.position} {self.variation_id}"


def new_playlist_public_id() -> str:
    return f"playlist_{secrets.token_hex(8)}"


class Playlist(Job):
    """A cohesive playlist (v1 ``generate-playlist``): its tracks' generations and one continuous mix.

    The row is the mix job: ``pending`` while its tracks are made (they are released a few at a
    time), queued once every track is done, then the mix is written to ``mix``.
    """

    public_id = models.CharField(max_length=32, unique=True, default=new_playlist_public_id, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    # The checked request (config, base parameters, variations) and the plan's bounds.
    config = models.JSONField(default=dict)
    plan = models.JSONField(default=dict)
    transition_style = models.CharField(max_length=16)
    # Play order: 1-based indexes into the generations in creation order (v1 "track_order").
    track_order = models.JSONField(default=list)
    mix_queued_at = models.DateTimeField(null=True, blank=True)
    mix = models.FileField(upload_to=RandomFileName("playlists"), blank=True)
    mix_format = models.CharField(max_length=8, blank=True)
    mix_size_bytes = models.PositiveBigIntegerField(default=0)
    mix_duration = models.FloatField(null=True, blank=True)
    transitions = models.JSONField(default=list, blank=True)
    track_starts = models.JSONField(default=list, blank=True)
    download_count = models.PositiveIntegerField(default=0)

    class Meta(Job.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.public_id} {self.name} ({self.status})"


class PlaylistItem(models.Model):
    """One track of a playlist: its generation, creation position and ``released_at`` once queued."""

    playlist = models.ForeignKey(Playlist, on_delete=models.CASCADE, related_name="items")
    generation = models.OneToOneField(Generation, on_delete=models.CASCADE, related_name="playlist_item")
    position = models.PositiveSmallIntegerField()
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["playlist", "position"], name="one_playlist_item_per_position")]

    def __str__(self) -> str:
        return f"{self.playlist_id} #{self.position}"
