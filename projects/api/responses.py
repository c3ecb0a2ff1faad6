"""Response serializers of the projects, MIDI and export endpoints, for the schema.

They name and type what :mod:`projects.selectors` builds (``project_data``, ``midi_file_data``,
``export_data``) and the envelopes the views put them in.
"""

from __future__ import annotations

from rest_framework import serializers

from coprod.api.responses import Base, CoprodPaginationSerializer
from coprod.jobs.models import JobStatus
from generation.api.responses import GenerationResultSerializer, MusicAnalysisSerializer

from ..models import ExportType, ProjectStatus


class MidiFileSerializer(Base):  # type: ignore[type-arg]
    """A stored MIDI file (uploaded or saved from a generation) and what was read from it."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    project_id = serializers.IntegerField(allow_null=True)
    generation_id = serializers.IntegerField(allow_null=True)
    size_bytes = serializers.IntegerField(min_value=0)
    track_count = serializers.IntegerField(min_value=0)
    note_count = serializers.IntegerField(min_value=0)
    duration_seconds = serializers.FloatField(min_value=0)
    bpm = serializers.FloatField(allow_null=True)
    version = serializers.IntegerField(min_value=1)
    origin_id = serializers.IntegerField(allow_null=True, help_text="The first version (null for it)")
    previous_id = serializers.IntegerField(allow_null=True, help_text="The version this one edits")
    download_url = serializers.CharField()
    analysis_url = serializers.CharField()
    page_url = serializers.CharField()
    created_at = serializers.DateTimeField()


class ProjectGenerationSerializer(Base):  # type: ignore[type-arg]
    """A generation filed in the project."""

    generation_id = serializers.IntegerField()
    public_id = serializers.CharField()
    tool = serializers.CharField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    genre = serializers.CharField(allow_blank=True)
    bpm = serializers.FloatField(allow_null=True)
    key = serializers.CharField(allow_blank=True)
    scale = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class ProjectSavedIdeaSerializer(Base):  # type: ignore[type-arg]
    """A vault idea filed in the project by itself (a merge: no generation behind it)."""

    idea_id = serializers.IntegerField()
    title = serializers.CharField()
    type = serializers.CharField()
    key = serializers.CharField(allow_blank=True)
    scale = serializers.CharField(allow_blank=True)
    bpm = serializers.FloatField(allow_null=True)
    midi_url = serializers.CharField()


class ProjectSummarySerializer(Base):  # type: ignore[type-arg]
    """A project as lists show it, with counts of its generations and MIDI files."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    bpm = serializers.IntegerField(allow_null=True)
    key_signature = serializers.CharField(allow_blank=True)
    scale = serializers.CharField(allow_blank=True)
    genre = serializers.CharField(allow_blank=True)
    mood = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=ProjectStatus.choices)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    generation_count = serializers.IntegerField(min_value=0)
    midi_count = serializers.IntegerField(min_value=0)


class ProjectDetailSerializer(Base):  # type: ignore[type-arg]
    """A project with its generations (newest first), MIDI files and the vault ideas filed by themselves."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    bpm = serializers.IntegerField(allow_null=True)
    key_signature = serializers.CharField(allow_blank=True)
    scale = serializers.CharField(allow_blank=True)
    genre = serializers.CharField(allow_blank=True)
    mood = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=ProjectStatus.choices)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    generations = ProjectGenerationSerializer(many=True)
    midi_files = MidiFileSerializer(many=True)
    ideas = ProjectSavedIdeaSerializer(many=True)


class ProjectListResponseSerializer(Base):  # type: ignore[type-arg]
    """A page of projects, most recently updated first."""

    success = serializers.BooleanField()
    data = ProjectSummarySerializer(many=True)
    pagination = CoprodPaginationSerializer()


class ProjectResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with one project (``message`` after a change)."""

    success = serializers.BooleanField()
    data = ProjectDetailSerializer()
    message = serializers.CharField(required=False)


class MidiFileListResponseSerializer(Base):  # type: ignore[type-arg]
    """A page of the user's MIDI files."""

    success = serializers.BooleanField()
    data = MidiFileSerializer(many=True)
    pagination = CoprodPaginationSerializer()


class MidiFileSavedResponseSerializer(Base):  # type: ignore[type-arg]
    """201: the stored MIDI file."""

    success = serializers.BooleanField()
    data = MidiFileSerializer()
    message = serializers.CharField()


class ExportSerializer(Base):  # type: ignore[type-arg]
    """An export job: its progress, and the download once completed."""

    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=ExportType.choices)
    format = serializers.CharField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    stage = serializers.CharField(allow_blank=True)
    generation_id = serializers.IntegerField(allow_null=True)
    idea_id = serializers.IntegerField(allow_null=True, help_text="A merged vault idea exported by itself")
    project_id = serializers.IntegerField(allow_null=True)
    filename = serializers.CharField(allow_null=True)
    size_bytes = serializers.IntegerField(min_value=0)
    error_message = serializers.CharField(allow_null=True)
    download_url = serializers.CharField(allow_null=True, help_text="Once completed")
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)


class ExportStartedResponseSerializer(Base):  # type: ignore[type-arg]
    """202: the export is queued; poll ``status_url``."""

    success = serializers.BooleanField()
    export_id = serializers.IntegerField()
    data = ExportSerializer()
    status_url = serializers.CharField()


class ExportResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the export's status."""

    success = serializers.BooleanField()
    data = ExportSerializer()


class MidiFileAnalysisSerializer(MusicAnalysisSerializer):
    """A MIDI file's analysis; ``data`` (the music in the result shape) with ``?include=data``."""

    midi_file_id = serializers.IntegerField()
    name = serializers.CharField()
    data = GenerationResultSerializer(required=False)


class MidiFileAnalysisResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the file's analysis."""

    success = serializers.BooleanField()
    data = MidiFileAnalysisSerializer()


class MidiFileVersionsResponseSerializer(Base):  # type: ignore[type-arg]
    """Every version of the file, its origin first."""

    success = serializers.BooleanField()
    data = MidiFileSerializer(many=True)


class ProjectIdeaSerializer(Base):  # type: ignore[type-arg]
    """The project a result was filed in, the generation filed (null for a merged idea) and the idea asked for."""

    project_id = serializers.IntegerField()
    generation_id = serializers.IntegerField(allow_null=True)
    idea_id = serializers.IntegerField(allow_null=True)


class ProjectIdeaResponseSerializer(Base):  # type: ignore[type-arg]
    """``POST /api/projects/{id}/ideas``: ``{success, data: {project_id, generation_id, idea_id}, message}``."""

    success = serializers.BooleanField()
    data = ProjectIdeaSerializer()
    message = serializers.CharField()
