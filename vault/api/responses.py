"""Response serializers of the Idea Vault endpoints, for the schema (what ``vault.selectors.idea_data`` builds)."""

from __future__ import annotations

from rest_framework import serializers

from coprod.api.responses import Base, CoprodPaginationSerializer
from generation.api.responses import GenerationResultSerializer


class IdeaSerializer(Base):  # type: ignore[type-arg]
    """A saved idea as lists show it (without its music)."""

    id = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    type = serializers.CharField(help_text="melody, chord_progression, merge...")
    genre = serializers.CharField(allow_blank=True)
    key = serializers.CharField(allow_blank=True)
    scale = serializers.CharField(allow_blank=True)
    bpm = serializers.FloatField(allow_null=True)
    tags = serializers.ListField(child=serializers.CharField())
    notes = serializers.CharField(allow_blank=True, help_text="The producer's notes (text)")
    is_favorite = serializers.BooleanField()
    generation_id = serializers.IntegerField(allow_null=True)
    merged_from = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the ideas merged into it")
    created_at = serializers.DateTimeField()
    midi_url = serializers.CharField()


class IdeaWithMusicSerializer(IdeaSerializer):
    """A saved idea with its music (``data``, in the shape of a generation's result)."""

    data = GenerationResultSerializer()


class IdeaListResponseSerializer(Base):  # type: ignore[type-arg]
    """A page of ideas, newest first."""

    success = serializers.BooleanField()
    data = IdeaSerializer(many=True)
    pagination = CoprodPaginationSerializer()


class IdeaResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data, message}`` after saving or updating an idea."""

    success = serializers.BooleanField()
    data = IdeaSerializer()
    message = serializers.CharField()


class IdeaWithMusicResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with one idea and its music (``message`` after a merge)."""

    success = serializers.BooleanField()
    data = IdeaWithMusicSerializer()
    message = serializers.CharField(required=False)


class FavoriteSerializer(Base):  # type: ignore[type-arg]
    """The idea's favourite flag after the toggle."""

    id = serializers.IntegerField()
    is_favorite = serializers.BooleanField()


class FavoriteResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data: {id, is_favorite}}``."""

    success = serializers.BooleanField()
    data = FavoriteSerializer()
