"""Forms of the account page."""

from __future__ import annotations

from django import forms

from .models import User


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("first_name", "last_name", "bio", "avatar", "profile_public")
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100, label="Key name", widget=forms.TextInput(attrs={"placeholder": "e.g. my DAW plugin"})
    )
