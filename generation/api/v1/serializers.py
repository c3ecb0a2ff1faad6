"""Typed bodies of the v1 API: what requests accept and what responses answer (for the schema).

Requests are validated by the services (one boundary, the engine's track parameters); these
serializers describe them and every response field by field, inside the v1 envelope.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


class Base(serializers.Serializer):  # type: ignore[type-arg]
    """A response or request body described field by field (never saved: no create/update)."""


class LyricsRequest(Base):
    enabled = serializers.BooleanField(required=False)
    theme = serializers.CharField(required=False, max_length=64)
    language = serializers.CharField(required=False, max_length=8)
    style = serializers.CharField(required=False, max_length=32)  # type: ignore[assignment]  # the API field is "style"


class TrackParameters(Base):
    genre = serializers.CharField(max_length=32)
    subgenre = serializers.CharField(required=False, max_length=32)
    mood = serializers.CharField(required=False, max_length=32)
    tempo = serializers.IntegerField(required=False, min_value=40, max_value=240)
    key = serializers.CharField(required=False, max_length=32, help_text="e.g. C_minor, F#_major")
    duration = serializers.IntegerField(required=False, min_value=10, max_value=600, help_text="seconds")
    instrumental = serializers.BooleanField(required=False)
    lyrics = LyricsRequest(required=False)
    primary_instruments = serializers.ListField(child=serializers.CharField(max_length=32), required=False)
    complexity = serializers.CharField(required=False, help_text="low, medium, high or a number 0-1")
    ai_model = serializers.CharField(required=False, max_length=32)
    creativity = serializers.FloatField(required=False, min_value=0, max_value=1)
    output_formats = serializers.ListField(
        child=serializers.ChoiceField(choices=["wav", "mp3", "flac", "ogg", "midi", "musicxml", "pdf"]), required=False
    )
    audio_quality = serializers.CharField(required=False, max_length=16)


class TrackMetadataRequest(Base):
    title = serializers.CharField(required=False, max_length=200)
    description = serializers.CharField(required=False, max_length=2000)
    tags = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=20)
    project_id = serializers.CharField(required=False)


class GenerateRequest(Base):
    parameters = TrackParameters()
    metadata = TrackMetadataRequest(required=False)
    callback_url = serializers.URLField(required=False, max_length=500)
    webhook_events = serializers.ListField(
        child=serializers.ChoiceField(
            choices=["generation_started", "generation_progress", "generation_completed", "generation_failed"]
        ),
        required=False,
    )


class TrackUpdateRequest(Base):
    title = serializers.CharField(required=False, max_length=200)
    description = serializers.CharField(required=False, max_length=2000, allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=20)
    is_public = serializers.BooleanField(required=False)


def envelope(name: str, data: Any) -> Any:
    """The v1 success envelope around ``data``: ``{success, data, message, timestamp, request_id}``."""
    return inline_serializer(
        name,
        {
            "success": serializers.BooleanField(),
            "data": data,
            "message": serializers.CharField(),
            "timestamp": serializers.DateTimeField(),
            "request_id": serializers.CharField(),
        },
    )


class TrackPreview(Base):
    title = serializers.CharField()
    estimated_duration = serializers.FloatField()
    formats = serializers.ListField(child=serializers.CharField())


class Generated(Base):
    generation_id = serializers.CharField()
    task_id = serializers.CharField()
    status = serializers.CharField()
    estimated_completion_time = serializers.DateTimeField(allow_null=True)
    queue_position = serializers.IntegerField()
    track_preview = TrackPreview()


class GenerationPreview(Base):
    title = serializers.CharField()
    duration = serializers.FloatField(allow_null=True)
    formats_available = serializers.ListField(child=serializers.CharField())
    formats_processing = serializers.ListField(child=serializers.CharField())


class GenerationStatus(Base):
    generation_id = serializers.CharField()
    id = serializers.IntegerField(help_text="The same generation's id in the Co-Prod API")
    tool = serializers.CharField()
    status = serializers.ChoiceField(choices=["queued", "processing", "completed", "failed", "cancelled"])
    progress = serializers.IntegerField()
    stage = serializers.CharField()
    estimated_time_remaining = serializers.FloatField(allow_null=True)
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    error_message = serializers.CharField(allow_null=True)
    track_id = serializers.CharField(allow_null=True)
    retry_of = serializers.CharField(allow_null=True)
    track_preview = GenerationPreview()
    quality_metrics = serializers.DictField(allow_null=True)


class GenerationSummary(Base):
    generation_id = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    tool = serializers.CharField()
    duration = serializers.FloatField(allow_null=True)
    genre = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    formats_available = serializers.ListField(child=serializers.CharField())
    preview_url = serializers.CharField(allow_null=True)
    track_id = serializers.CharField(allow_null=True)


class Pagination(Base):
    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()
    has_more = serializers.BooleanField()


class GenerationCounts(Base):
    total_generations = serializers.IntegerField()
    completed = serializers.IntegerField()
    processing = serializers.IntegerField()
    failed = serializers.IntegerField()


class GenerationList(Base):
    generations = GenerationSummary(many=True)
    pagination = Pagination()
    summary = GenerationCounts()


class Cancelled(Base):
    generation_id = serializers.CharField()
    previous_status = serializers.CharField()
    new_status = serializers.CharField()
    cancelled_at = serializers.DateTimeField()


class Retried(Base):
    original_generation_id = serializers.CharField()
    new_generation_id = serializers.CharField()
    status = serializers.CharField()


class AudioFile(Base):
    format = serializers.CharField()
    url = serializers.CharField()
    size_bytes = serializers.IntegerField()
    bit_depth = serializers.IntegerField(required=False)
    sample_rate = serializers.IntegerField(required=False)
    bitrate_kbps = serializers.IntegerField(required=False)
    channels = serializers.IntegerField(required=False)
    duration = serializers.FloatField(required=False)
    track_count = serializers.IntegerField(required=False)
    page_count = serializers.IntegerField(required=False)


class Stem(AudioFile):
    stem_id = serializers.CharField()
    name = serializers.CharField()
    stem = serializers.CharField()


class LyricLine(Base):
    start = serializers.FloatField()
    end = serializers.FloatField()
    text = serializers.CharField()


class Lyrics(Base):
    text = serializers.CharField()
    formatted = serializers.CharField()
    timestamps = LyricLine(many=True)


class ChordChart(Base):
    url = serializers.CharField(allow_null=True)
    formats = serializers.ListField(child=serializers.CharField())
    urls = serializers.DictField(child=serializers.CharField())


class TrackDetail(Base):
    track_id = serializers.CharField()
    generation_id = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    is_public = serializers.BooleanField()
    metadata = serializers.DictField()
    audio_files = AudioFile(many=True)
    stems = Stem(many=True)
    lyrics = Lyrics(allow_null=True)
    chord_chart = ChordChart()
    quality_metrics = serializers.DictField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    download_count = serializers.IntegerField()
    play_count = serializers.IntegerField()


class TrackDeleted(Base):
    track_id = serializers.CharField()
    deleted = serializers.BooleanField()
    deleted_at = serializers.DateTimeField()
    files_deleted = serializers.IntegerField()


class TrackPlayed(Base):
    track_id = serializers.CharField()
    play_count = serializers.IntegerField()
