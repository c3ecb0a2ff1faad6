"""Typed bodies of the v1 templates, batches and playlists endpoints (for the schema), beside
:mod:`.serializers` (the full-track bodies, the envelope) whose bases they reuse."""

from __future__ import annotations

from rest_framework import serializers

from .serializers import Base, Generated, Pagination, TrackMetadataRequest


class TemplateSummary(Base):
    template_id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    category = serializers.CharField()
    subcategory = serializers.CharField()
    ai_model = serializers.CharField()
    compatible_models = serializers.ListField(child=serializers.CharField())
    has_lyrics = serializers.BooleanField()
    popularity = serializers.IntegerField()
    preview_url = serializers.CharField()
    preview_status = serializers.ChoiceField(choices=["none", "rendering", "ready", "failed"])


class CategoryCount(Base):
    name = serializers.CharField()
    count = serializers.IntegerField()


class TemplateList(Base):
    templates = TemplateSummary(many=True)
    categories = CategoryCount(many=True)
    total_templates = serializers.IntegerField()


class TemplatePreviewInfo(Base):
    url = serializers.CharField()
    status = serializers.CharField()
    format = serializers.CharField()
    bars = serializers.IntegerField()
    duration = serializers.FloatField(allow_null=True)


class TemplateDetail(TemplateSummary):
    parameters = serializers.DictField()
    customizations = serializers.DictField(
        help_text="parameter -> {type: range|choice|key|boolean|text|subset, min, max, options, default}"
    )
    preview = TemplatePreviewInfo()
    lyric_support = serializers.DictField()
    use_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class TemplatePreviewPending(Base):
    template_id = serializers.CharField()
    preview_status = serializers.CharField()
    retry_after = serializers.IntegerField()


class GenerateFromTemplateRequest(Base):
    template_id = serializers.CharField()
    customizations = serializers.DictField(required=False, help_text="only what the template allows")
    metadata = TrackMetadataRequest(required=False)
    callback_url = serializers.URLField(required=False, max_length=500)
    webhook_events = serializers.ListField(child=serializers.CharField(), required=False)


class GeneratedFromTemplate(Generated):
    template_id = serializers.CharField()


class BatchVariationRequest(Base):
    variation_id = serializers.CharField(required=False, max_length=64)
    customizations = serializers.DictField(required=False)


class BatchSettingsRequest(Base):
    concurrent_generations = serializers.IntegerField(required=False, min_value=1, max_value=5)
    notify_when_all_complete = serializers.BooleanField(required=False)


class BatchRequest(Base):
    base_parameters = serializers.DictField()
    variations = BatchVariationRequest(many=True)
    batch_settings = BatchSettingsRequest(required=False)
    metadata = TrackMetadataRequest(required=False)
    callback_url = serializers.URLField(required=False, max_length=500)
    webhook_events = serializers.ListField(child=serializers.CharField(), required=False)


class BatchStarted(Base):
    batch_id = serializers.CharField()
    generation_ids = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    completed = serializers.IntegerField()
    total = serializers.IntegerField()


class BatchGeneration(Base):
    variation_id = serializers.CharField()
    generation_id = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    released = serializers.BooleanField()
    customizations = serializers.DictField()
    track_id = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_null=True)
    key = serializers.CharField(allow_null=True)
    tempo = serializers.FloatField(allow_null=True)
    error_message = serializers.CharField(allow_null=True)


class BatchDetail(Base):
    batch_id = serializers.CharField()
    status = serializers.ChoiceField(choices=["processing", "completed", "partially_completed", "failed", "cancelled"])
    completed = serializers.IntegerField()
    failed = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    total = serializers.IntegerField()
    concurrent_generations = serializers.IntegerField()
    notify_when_all_complete = serializers.BooleanField()
    generation_ids = serializers.ListField(child=serializers.CharField())
    generations = BatchGeneration(many=True)
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)


class BatchList(Base):
    batches = BatchDetail(many=True)
    pagination = Pagination()


class GroupCancelled(Base):
    previous_status = serializers.CharField()
    new_status = serializers.CharField()
    cancelled_generation_ids = serializers.ListField(child=serializers.CharField())
    cancelled_at = serializers.DateTimeField()


class BatchCancelled(GroupCancelled):
    batch_id = serializers.CharField()


class PlaylistConfigRequest(Base):
    name = serializers.CharField(required=False, max_length=200)
    description = serializers.CharField(required=False, max_length=2000)
    total_duration = serializers.FloatField(required=False, help_text="seconds, 10-600 per track, at most 3600")
    track_count = serializers.IntegerField(required=False, min_value=1, max_value=20)
    cohesion_level = serializers.ChoiceField(choices=["low", "medium", "high"], required=False)
    transition_style = serializers.ChoiceField(choices=["abrupt", "smooth", "crossfade"], required=False)


class PlaylistVariationsRequest(Base):
    allow_key_changes = serializers.BooleanField(required=False)
    allow_tempo_variation = serializers.FloatField(required=False, min_value=0, max_value=40, help_text="± BPM")
    allow_instrumentation_variation = serializers.BooleanField(required=False)


class PlaylistRequest(Base):
    playlist_config = PlaylistConfigRequest()
    base_parameters = serializers.DictField(help_text="track parameters but duration, plus tempo_range [low, high]")
    track_variations = PlaylistVariationsRequest(required=False)


class PlaylistStarted(Base):
    playlist_id = serializers.CharField()
    generation_ids = serializers.ListField(child=serializers.CharField())
    estimated_completion_time = serializers.DateTimeField(allow_null=True)
    track_order = serializers.ListField(child=serializers.IntegerField())


class PlaylistTrack(Base):
    position = serializers.IntegerField()
    generation_id = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    track_id = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_null=True)
    key = serializers.CharField()
    tempo = serializers.FloatField()
    duration = serializers.FloatField(allow_null=True)
    primary_instruments = serializers.ListField(child=serializers.CharField())


class PlaylistMix(Base):
    status = serializers.CharField()
    format = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    size_bytes = serializers.IntegerField(allow_null=True)
    duration = serializers.FloatField(allow_null=True)
    transitions = serializers.ListField(child=serializers.DictField())
    track_starts = serializers.ListField(child=serializers.FloatField())


class PlaylistDetail(Base):
    playlist_id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=["processing", "completed", "failed", "cancelled"])
    stage = serializers.CharField()
    progress = serializers.IntegerField()
    error_message = serializers.CharField(allow_null=True)
    completed = serializers.IntegerField()
    total = serializers.IntegerField()
    generation_ids = serializers.ListField(child=serializers.CharField())
    track_order = serializers.ListField(child=serializers.IntegerField())
    tracks = PlaylistTrack(many=True)
    total_duration = serializers.FloatField()
    cohesion_level = serializers.CharField()
    transition_style = serializers.CharField()
    cohesion = serializers.DictField()
    mix = PlaylistMix()
    estimated_completion_time = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    download_count = serializers.IntegerField()


class PlaylistList(Base):
    playlists = PlaylistDetail(many=True)
    pagination = Pagination()


class PlaylistCancelled(GroupCancelled):
    playlist_id = serializers.CharField()
