"""Forms of the marketplace pages (the API validates with its serializers; both call the same services)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings

from .api.serializers import MAX_PRICE_CENTS, MAX_TAGS, MIN_PAID_PRICE_CENTS
from .models import License, ListingKind


class ListingForm(forms.Form):
    kind = forms.ChoiceField(choices=ListingKind.choices)
    title = forms.CharField(min_length=3, max_length=120)
    description = forms.CharField(max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    price_cents = forms.IntegerField(
        min_value=0, max_value=MAX_PRICE_CENTS, initial=0, label="Price in cents", help_text="0 = free; 1250 = 12.50"
    )
    currency = forms.ChoiceField(choices=[])
    license = forms.ChoiceField(choices=License.choices, initial=License.ROYALTY_FREE)
    license_notes = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    tags = forms.CharField(max_length=400, required=False, help_text="Comma-separated")
    generations = forms.MultipleChoiceField(choices=[], required=False, label="Your generations")
    tracks = forms.MultipleChoiceField(choices=[], required=False, label="Your tracks")
    project = forms.ChoiceField(choices=[], required=False, label="…or a project")

    def __init__(
        self,
        *args: Any,
        generations: list[tuple[str, str]],
        tracks: list[tuple[str, str]],
        projects: list[tuple[str, str]],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["currency"]).choices = [
            (c, c.upper()) for c in settings.MARKETPLACE_CURRENCIES
        ]
        cast(forms.ChoiceField, self.fields["generations"]).choices = generations
        cast(forms.ChoiceField, self.fields["tracks"]).choices = tracks
        cast(forms.ChoiceField, self.fields["project"]).choices = [("", "—"), *projects]

    def clean_price_cents(self) -> int:
        cents = int(self.cleaned_data["price_cents"])
        if 0 < cents < MIN_PAID_PRICE_CENTS:
            raise forms.ValidationError(f"0 (free) or at least {MIN_PAID_PRICE_CENTS} cents.")
        return cents

    def clean_tags(self) -> list[str]:
        tags = [t.strip().lower()[:32] for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(f"At most {MAX_TAGS} tags.")
        return list(dict.fromkeys(tags))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("generations") and not cleaned.get("tracks") and not cleaned.get("project"):
            self.add_error("generations", "Choose one or more generations or tracks, or a project.")
        return cleaned


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(choices=[(i, f"{i} ★") for i in range(5, 0, -1)], coerce=int)
    text = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
