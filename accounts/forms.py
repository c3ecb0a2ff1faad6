"""Forms of the account page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from .models import User


def avatar_size_error(upload: Any) -> str | None:
    """The message for an avatar over ``settings.AVATAR_MAX_BYTES``, else None (form and API share it)."""
    if upload is not None and getattr(upload, "size", 0) > settings.AVATAR_MAX_BYTES:
        return f"The avatar may be at most {settings.AVATAR_MAX_BYTES // 1024} KiB."
    return None


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("first_name", "last_name", "bio", "avatar", "profile_public")
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}

    def clean_avatar(self) -> Any:
        avatar = self.cleaned_data.get("avatar")
        error = avatar_size_error(avatar) if avatar is not None and hasattr(avatar, "content_type") else None
        if error:
            raise forms.ValidationError(error)
        return avatar


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100, label="Key name", widget=forms.TextInput(attrs={"placeholder": "e.g. my DAW plugin"})
    )
