"""Response serializers of the generate endpoints: the result (``data``) field by field, status, catalogue.

They describe what :mod:`generation.engine.results` and :mod:`generation.selectors` build, for
``/api/schema/``; nothing validates input with them. A result has the spec's fields (``type``,
``bpm``, ``key``, ``scale``, ``genre``, ``notes``, ``progression``, ``metadata``) plus what rebuilds
the music (``bars``, ``parts``, ``sections``), its quality ``metrics`` and the ``seed``; each tool
adds its own fields (all listed, each optional).
"""

from __future__ import annotations

from rest_framework import serializers

from coprod.api.responses import Base

from ..models import GenerationStatus

METRIC_HELP = "0-1; null when the metric does not apply (see not_applicable)"


class NoteSerializer(Base):  # type: ignore[type-arg]
    """One note: MIDI number, velocity, start and length in beats."""

    note = serializers.IntegerField(min_value=0, max_value=127)
    velocity = serializers.IntegerField(min_value=0, max_value=127)
    start_time = serializers.FloatField(min_value=0, help_text="Beats from the start")
    duration = serializers.FloatField(min_value=0, help_text="Beats")
    octave = serializers.IntegerField(help_text="Scientific octave (60 = C4)")


class ChordEventSerializer(Base):  # type: ignore[type-arg]
    """One chord of the progression, voiced as MIDI numbers."""

    chord = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=127))
    roman_numeral = serializers.CharField(allow_blank=True)
    start_bar = serializers.FloatField(min_value=0)
    duration_bars = serializers.FloatField(min_value=0)
    symbol = serializers.CharField(allow_blank=True, help_text="e.g. Cm7")
    root = serializers.IntegerField(min_value=0, max_value=11, help_text="Pitch class of the root")


class SectionSerializer(Base):  # type: ignore[type-arg]
    """A song section (intro, verse, chorus...) and the parts playing in it."""

    name = serializers.CharField()
    start_bar = serializers.IntegerField(min_value=0)
    bars = serializers.IntegerField(min_value=1)
    energy = serializers.FloatField(min_value=0, max_value=1)
    parts = serializers.ListField(child=serializers.CharField())


class PartSerializer(Base):  # type: ignore[type-arg]
    """One instrument's notes; ``glides`` (bass) are the start times of slides."""

    name = serializers.CharField(help_text="melody, chords, bass, drums, arp, counter_melody, pad...")
    program = serializers.IntegerField(min_value=0, max_value=127, help_text="General MIDI program")
    is_drum = serializers.BooleanField()
    notes = NoteSerializer(many=True)
    glides = serializers.ListField(child=serializers.FloatField(), required=False)


class MetricsSerializer(Base):  # type: ignore[type-arg]
    """Quality metrics computed from the music; a metric that does not apply is null, with its reason."""

    scale_consistency = serializers.FloatField(allow_null=True, min_value=0, max_value=1, help_text=METRIC_HELP)
    chord_tone_ratio = serializers.FloatField(allow_null=True, min_value=0, max_value=1, help_text=METRIC_HELP)
    pitch_class_entropy = serializers.FloatField(allow_null=True, min_value=0, max_value=1, help_text=METRIC_HELP)
    stepwise_ratio = serializers.FloatField(allow_null=True, min_value=0, max_value=1, help_text=METRIC_HELP)
    repetition_structure = serializers.FloatField(allow_null=True, min_value=0, max_value=1, help_text=METRIC_HELP)
    groove_consistency = serializers.FloatField(allow_null=True, min_value=0, max_value=1, help_text=METRIC_HELP)
    melodic_coherence = serializers.FloatField(allow_null=True, min_value=0, max_value=1, help_text=METRIC_HELP)
    harmonic_consistency = serializers.FloatField(allow_null=True, min_value=0, max_value=1, help_text=METRIC_HELP)
    rhythmic_stability = serializers.FloatField(allow_null=True, min_value=0, max_value=1, help_text=METRIC_HELP)
    not_applicable = serializers.DictField(
        child=serializers.CharField(), help_text="Metric name -> why it does not apply to this music"
    )


class NotesOnlySerializer(Base):  # type: ignore[type-arg]
    """A part of a starter pack: its notes."""

    notes = NoteSerializer(many=True)


class BasslinePackSerializer(Base):  # type: ignore[type-arg]
    """The bassline of a starter pack: notes and glide start times."""

    notes = NoteSerializer(many=True)
    glides = serializers.ListField(child=serializers.FloatField())


class ProgressionOnlySerializer(Base):  # type: ignore[type-arg]
    """The chords of a starter pack."""

    progression = ChordEventSerializer(many=True)


class ArrangementPlanSerializer(Base):  # type: ignore[type-arg]
    """The arrangement tool's plan: sections over time and the energy of each bar."""

    bpm = serializers.FloatField()
    total_bars = serializers.IntegerField(min_value=1)
    duration_seconds = serializers.FloatField(min_value=0)
    sections = SectionSerializer(many=True)
    energy_curve = serializers.ListField(child=serializers.FloatField(min_value=0, max_value=1))


class GenerationResultSerializer(Base):  # type: ignore[type-arg]
    """A finished generation's music (the ``data`` of a generate or status response)."""

    type = serializers.CharField(help_text="melody, chord_progression, bassline, drums, surprise_me...")
    bpm = serializers.FloatField()
    key = serializers.CharField(required=False, allow_null=True, help_text="Tonic as requested (absent for drums)")
    scale = serializers.CharField(required=False, allow_null=True)
    genre = serializers.CharField(allow_null=True)
    bars = serializers.IntegerField(min_value=1)
    notes = NoteSerializer(many=True, required=False, help_text="The tool's own line (the lead part)")
    progression = ChordEventSerializer(many=True)
    sections = SectionSerializer(many=True)
    parts = PartSerializer(many=True)
    metrics = MetricsSerializer()
    metadata = serializers.DictField(help_text="The musical choices behind the result (mood, energy...)")
    seed = serializers.IntegerField(required=False, min_value=0, help_text="Send it back to regenerate exactly")
    # Tool-specific fields.
    style = serializers.CharField(required=False, help_text="bassline, counter_melody")
    glides = serializers.ListField(child=serializers.FloatField(), required=False, help_text="bassline")
    pattern = serializers.CharField(required=False, help_text="arpeggiator")
    chord = serializers.ListField(
        child=serializers.IntegerField(), required=False, allow_null=True, help_text="arpeggiator"
    )
    arrangement = ArrangementPlanSerializer(required=False, help_text="arrangement")
    duration_seconds = serializers.FloatField(required=False, help_text="arrangement")
    fusion = serializers.DictField(required=False, help_text="genre_fusion: the blended genre profile")
    emotion = serializers.CharField(required=False, help_text="emotion")
    intensity = serializers.FloatField(required=False, help_text="emotion")
    mapping = serializers.DictField(required=False, help_text="emotion: valence, arousal and what they chose")
    parameters = serializers.DictField(required=False, help_text="surprise_me, extreme_inspiration: the drawn choices")
    habits_broken = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="extreme_inspiration"
    )
    variation_type = serializers.CharField(required=False, help_text="variations")
    changes = serializers.ListField(child=serializers.CharField(), required=False, help_text="variations")
    melody = NotesOnlySerializer(required=False, help_text="starter packs")
    chords = ProgressionOnlySerializer(required=False, help_text="starter packs")
    bassline = BasslinePackSerializer(required=False, help_text="starter packs")
    drums = NotesOnlySerializer(required=False, help_text="starter packs")


class GeneratedResponseSerializer(Base):  # type: ignore[type-arg]
    """200: the job finished within the inline wait (``data``), or failed (``success: false``)."""

    success = serializers.BooleanField()
    generation_id = serializers.IntegerField()
    data = GenerationResultSerializer(required=False, help_text="When completed")
    public_id = serializers.CharField(required=False, help_text="When failed or cancelled")
    status = serializers.ChoiceField(choices=GenerationStatus.choices, required=False)
    status_url = serializers.CharField(required=False)
    error_message = serializers.CharField(required=False, help_text="Why it failed or was cancelled")


class GenerationAcceptedResponseSerializer(Base):  # type: ignore[type-arg]
    """202: the job is queued or running; poll ``status_url`` or listen on ``/ws``."""

    success = serializers.BooleanField()
    generation_id = serializers.IntegerField()
    public_id = serializers.CharField()
    status = serializers.ChoiceField(choices=GenerationStatus.choices)
    status_url = serializers.CharField()


class GenerationStatusResponseSerializer(Base):  # type: ignore[type-arg]
    """A job's status and progress; ``data`` (the result) with ``?include=data`` once completed."""

    success = serializers.BooleanField()
    status = serializers.ChoiceField(choices=GenerationStatus.choices)
    error_message = serializers.CharField(allow_null=True)
    generation_id = serializers.IntegerField()
    public_id = serializers.CharField()
    tool = serializers.CharField()
    progress = serializers.IntegerField(min_value=0, max_value=100)
    stage = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    preview_url = serializers.CharField(allow_null=True, help_text="The MP3 preview, once rendered")
    data = GenerationResultSerializer(required=False)


class GenerationCancelledResponseSerializer(GenerationStatusResponseSerializer):
    """The cancelled job's status, with a message."""

    message = serializers.CharField()


class ToolParamSerializer(Base):  # type: ignore[type-arg]
    """One parameter of a tool: its type, default, range and choices."""

    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["int", "float", "str", "bool", "level", "int_list", "notes", "object"])
    default = serializers.JSONField(allow_null=True)
    minimum = serializers.FloatField(allow_null=True)
    maximum = serializers.FloatField(allow_null=True)
    choices = serializers.ListField(child=serializers.CharField(), allow_null=True)
    required = serializers.BooleanField()
    help = serializers.CharField(allow_blank=True)
    max_items = serializers.IntegerField(allow_null=True)


class ToolSerializer(Base):  # type: ignore[type-arg]
    """One co-producer tool."""

    name = serializers.CharField()
    slug = serializers.CharField(help_text="Its name in /api/generate/<slug>")
    label = serializers.CharField()
    summary = serializers.CharField()
    params = ToolParamSerializer(many=True)


class GenreDefaultsSerializer(Base):  # type: ignore[type-arg]
    """A genre's defaults: tempo range and default, usual scales, bass style."""

    bpm_range = serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    default_bpm = serializers.IntegerField()
    default_scale = serializers.CharField()
    scales = serializers.ListField(child=serializers.CharField())
    bass_style = serializers.CharField()


class ToolCatalogSerializer(Base):  # type: ignore[type-arg]
    """Every tool (by name), every genre's defaults and the variation types."""

    tools = serializers.DictField(child=ToolSerializer())
    genres = serializers.DictField(child=GenreDefaultsSerializer())
    variation_types = serializers.ListField(child=serializers.CharField())


class ToolCatalogResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the tool catalogue."""

    success = serializers.BooleanField()
    data = ToolCatalogSerializer()


class KeyAlternativeSerializer(Base):  # type: ignore[type-arg]
    """Another key the music could be in, with its correlation."""

    key = serializers.CharField()
    mode = serializers.CharField()
    correlation = serializers.FloatField()


class PartRoleSerializer(Base):  # type: ignore[type-arg]
    """What one part of the music does (melody, bass, chords, drums...) and why it was read so."""

    index = serializers.IntegerField(min_value=0)
    name = serializers.CharField(allow_blank=True)
    role = serializers.CharField()
    reason = serializers.CharField()
    notes = serializers.IntegerField(min_value=0)
    median_pitch = serializers.FloatField(allow_null=True)
    lowest = serializers.IntegerField(allow_null=True)
    highest = serializers.IntegerField(allow_null=True)
    polyphony = serializers.FloatField(min_value=0, max_value=1)
    notes_per_bar = serializers.FloatField(min_value=0)


class MusicAnalysisSerializer(Base):  # type: ignore[type-arg]
    """Music analysed: key and mode with confidence, tempo, metre, bars, each part's role, the chords."""

    version = serializers.IntegerField()
    key = serializers.CharField()
    mode = serializers.CharField()
    scale = serializers.CharField()
    key_name = serializers.CharField()
    confidence = serializers.FloatField()
    margin = serializers.FloatField()
    alternatives = KeyAlternativeSerializer(many=True)
    key_signature = serializers.JSONField(allow_null=True, help_text="As written in the file, if it says")
    bpm = serializers.FloatField()
    time_signature = serializers.CharField(help_text="e.g. 4/4")
    bars = serializers.IntegerField(min_value=0)
    duration_seconds = serializers.FloatField(min_value=0)
    tracks = PartRoleSerializer(many=True)
    progression = ChordEventSerializer(many=True)


class MusicAnalysisResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the analysis."""

    success = serializers.BooleanField()
    data = MusicAnalysisSerializer()
