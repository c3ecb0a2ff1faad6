"""Response serializers of the insights endpoints (Producer DNA, creativity score, analytics), for the schema.

They name and type what :mod:`insights.dna`, :mod:`insights.creativity` and
:func:`insights.analytics.analytics_summary` build. Figures that need material are null (or
zeros, for a new producer's score) until there is some; ``message`` then says so.
"""

from __future__ import annotations

from rest_framework import serializers

from coprod.api.responses import Base


class MelodicTendenciesSerializer(Base):  # type: ignore[type-arg]
    """How the producer's lead lines move (null until there are lines to read)."""

    preferred_intervals = serializers.ListField(child=serializers.ChoiceField(choices=["stepwise", "leap"]))
    contour_preference = serializers.CharField(allow_null=True, help_text="ascending, descending, arch, valley or flat")
    stepwise_ratio = serializers.FloatField(allow_null=True, min_value=0, max_value=1)
    leap_ratio = serializers.FloatField(allow_null=True, min_value=0, max_value=1)


class ProducerDnaSerializer(Base):  # type: ignore[type-arg]
    """The producer's habits, read from their generations and saved ideas."""

    favorite_genres = serializers.ListField(child=serializers.CharField())
    favorite_bpms = serializers.ListField(child=serializers.IntegerField())
    favorite_scales = serializers.ListField(child=serializers.CharField())
    favorite_keys = serializers.ListField(child=serializers.CharField())
    favorite_chords = serializers.ListField(child=serializers.CharField(), help_text="Roman numerals")
    melodic_tendencies = MelodicTendenciesSerializer()
    material_count = serializers.IntegerField(min_value=0)
    message = serializers.CharField(required=False, help_text="Why the DNA is empty, when it is")


class ProducerDnaResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the Producer DNA."""

    success = serializers.BooleanField()
    data = ProducerDnaSerializer()


class CreativityBreakdownSerializer(Base):  # type: ignore[type-arg]
    """Diversity scores 0-100 (null where there is not enough material to measure one)."""

    harmonic_diversity = serializers.FloatField(allow_null=True, min_value=0, max_value=100)
    rhythmic_diversity = serializers.FloatField(allow_null=True, min_value=0, max_value=100)
    melodic_diversity = serializers.FloatField(allow_null=True, min_value=0, max_value=100)
    genre_diversity = serializers.FloatField(allow_null=True, min_value=0, max_value=100)
    scale_diversity = serializers.FloatField(allow_null=True, min_value=0, max_value=100)
    arrangement_diversity = serializers.FloatField(allow_null=True, min_value=0, max_value=100)


class CreativityScoreSerializer(Base):  # type: ignore[type-arg]
    """The creativity index, its breakdown, growth trend and creative-block risk."""

    overall_score = serializers.FloatField(allow_null=True, min_value=0, max_value=100)
    breakdown = CreativityBreakdownSerializer()
    growth_trend = serializers.ChoiceField(choices=["improving", "stable", "declining", "insufficient_data"])
    creative_block_risk = serializers.ChoiceField(choices=["low", "medium", "high", "unknown"])
    material_count = serializers.IntegerField(min_value=0)
    days_since_last_idea = serializers.FloatField(required=False, min_value=0)
    message = serializers.CharField(required=False, help_text="Why the score is zero, for a new producer")


class CreativityScoreResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the creativity score."""

    success = serializers.BooleanField()
    data = CreativityScoreSerializer()


class AnalyticsEventRequestSerializer(Base):  # type: ignore[type-arg]
    """A client event (validated by ``insights.analytics.analytics_validate``, not by this class)."""

    event_type = serializers.RegexField(
        r"^[a-z][a-z0-9_]{1,49}$", help_text="Lowercase letters, digits and _, starting with a letter"
    )
    event_data = serializers.DictField(required=False, help_text="At most 4096 bytes of JSON, nested at most 5 levels")


class AnalyticsEventSerializer(Base):  # type: ignore[type-arg]
    """The stored event."""

    id = serializers.IntegerField()
    event_type = serializers.CharField()


class AnalyticsEventResponseSerializer(Base):  # type: ignore[type-arg]
    """201: the event was stored."""

    success = serializers.BooleanField()
    data = AnalyticsEventSerializer()


class DayCountSerializer(Base):  # type: ignore[type-arg]
    """Events on one day."""

    date = serializers.DateField()
    count = serializers.IntegerField(min_value=0)


class StreaksSerializer(Base):  # type: ignore[type-arg]
    """Consecutive active days: the current run and the longest."""

    current = serializers.IntegerField(min_value=0)
    longest = serializers.IntegerField(min_value=0)


class AnalyticsSummarySerializer(Base):  # type: ignore[type-arg]
    """Counts by type, by genre and by day (the last 30 days) and activity streaks."""

    total_events = serializers.IntegerField(min_value=0)
    by_type = serializers.DictField(child=serializers.IntegerField(min_value=0))
    by_genre = serializers.DictField(child=serializers.IntegerField(min_value=0))
    by_day = DayCountSerializer(many=True)
    streaks = StreaksSerializer()


class AnalyticsSummaryResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the summary."""

    success = serializers.BooleanField()
    data = AnalyticsSummarySerializer()
