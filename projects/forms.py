"""Forms of the project pages."""

from __future__ import annotations

from typing import Any

from django import forms

from generation.engine.genres import GENRE_NAMES
from generation.engine.moods import MOODS
from generation.engine.theory import KEY_NAMES, SCALES

from .models import ExportType, Project


def _choices(names: tuple[str, ...] | list[str], blank: str) -> list[tuple[str, str]]:
    """The engine's catalogue as form choices (``harmonic_minor`` shown as "harmonic minor")."""
    return [("", blank), *((name, name.replace("_", " ")) for name in names)]


class ProjectForm(forms.ModelForm):  # type: ignore[type-arg]
    # Choices from the engine's catalogue, so a project's settings are ones the tools understand.
    genre = forms.ChoiceField(choices=_choices(GENRE_NAMES, "Not decided"), required=False)
    key_signature = forms.ChoiceField(label="Key", choices=_choices(KEY_NAMES, "Not decided"), required=False)
    scale = forms.ChoiceField(label="Scale or mode", choices=_choices(sorted(SCALES), "Not decided"), required=False)
    mood = forms.ChoiceField(choices=_choices(MOODS, "Not decided"), required=False)

    class Meta:
        model = Project
        fields = ("name", "description", "genre", "bpm", "key_signature", "scale", "mood", "status")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"bpm": "Tempo (BPM)"}  # the studio's word for it ("Bpm" otherwise)

    def clean_bpm(self) -> int | None:
        bpm = self.cleaned_data.get("bpm")
        if bpm is not None and not 40 <= bpm <= 240:
            raise forms.ValidationError("Tempo must be between 40 and 240 BPM.")
        return bpm


class MidiUploadForm(forms.Form):
    file = forms.FileField(
        label="MIDI file", widget=forms.ClearableFileInput(attrs={"accept": ".mid,.midi,audio/midi"})
    )
    name = forms.CharField(max_length=120, required=False)


class ExportForm(forms.Form):
    type = forms.ChoiceField(choices=ExportType.choices, label="Export")
    # Which idea a MIDI, WAV or MP3 export holds (the Project ZIP holds them all): the newest first.
    source = forms.ChoiceField(choices=[], label="Idea", required=False)

    def __init__(
        self,
        *args: Any,
        formats: list[dict[str, Any]] | None = None,
        sources: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """``formats`` (``projects.plans.export_formats``): a format the plan lacks says so in the menu;
        ``sources`` (``projects.selectors.project_export_sources``): the project's ideas, newest first."""
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        if isinstance(source, forms.ChoiceField):
            source.choices = sources or [("", "No finished idea yet")]
            source.initial = source.choices[0][0]
        field = self.fields["type"]
        if formats is not None and isinstance(field, forms.ChoiceField):
            field.choices = [
                (f["value"], f["label"] if f["included"] else f"{f['label']} (with {f['plan']})") for f in formats
            ]
