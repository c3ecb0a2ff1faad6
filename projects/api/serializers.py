"""Request validation for projects, MIDI files and exports."""

from __future__ import annotations

from rest_framework import serializers

from ..models import ExportType, ProjectStatus


class ProjectSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    bpm = serializers.IntegerField(min_value=40, max_value=240, required=False, allow_null=True)
    key_signature = serializers.RegexField(
        r"^[A-Ga-g][#b]?(m|_?minor|_?major)?$",
        max_length=12,
        required=False,
        allow_blank=True,
        error_messages={"invalid": "A key such as C, F#, Bbm, C_minor."},
    )
    scale = serializers.CharField(max_length=32, required=False, allow_blank=True)
    genre = serializers.CharField(max_length=32, required=False, allow_blank=True)
    mood = serializers.CharField(max_length=32, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False)


class MidiFromGenerationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    generation_id = serializers.IntegerField(min_value=1)
    project_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class MidiUploadSerializer(serializers.Serializer):  # type: ignore[type-arg]
    file = serializers.FileField()
    project_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class MidiVersionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    # DRF's metaclass takes declared fields off the class, so this does not shadow Serializer.data.
    data = serializers.DictField(  # type: ignore[assignment]
        help_text="The edited music in the result shape (parts, bpm, bars...)"
    )
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class ExportSerializer(serializers.Serializer):  # type: ignore[type-arg]
    type = serializers.ChoiceField(choices=ExportType.choices)
    generation_id = serializers.IntegerField(min_value=1, required=False)
    idea_id = serializers.IntegerField(
        min_value=1, required=False, help_text="A vault idea (a merge has no generation) instead of generation_id"
    )
    project_id = serializers.IntegerField(min_value=1, required=False)
    # Each type's values are in projects.exports.EXPORT_FORMATS; others are refused by export_start.
    format = serializers.CharField(max_length=16, required=False, default="standard")


class ProjectIdeaSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """``POST /api/projects/{id}/ideas``: a generation, or a vault idea made from one."""

    generation_id = serializers.IntegerField(required=False, min_value=1)
    idea_id = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        if ("generation_id" in attrs) == ("idea_id" in attrs):
            raise serializers.ValidationError({"generation_id": ["Give generation_id or idea_id (one of them)."]})
        return attrs
