"""Forms of the project pages."""

from __future__ import annotations

from django import forms

from .models import ExportType, Project


class ProjectForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Project
        fields = ("name", "description", "genre", "bpm", "key_signature", "scale", "mood", "status")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

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
