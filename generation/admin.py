"""Django admin for generation jobs and v1 templates."""

from typing import Any

from django import forms
from django.contrib import admin

from .engine.errors import EngineParameterError
from .engine.track.params import validate_track_parameters
from .models import Generation, Template
from .template_services import CUSTOMIZATION_KINDS, template_preview_request


@admin.register(Generation)
class GenerationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("public_id", "owner", "tool", "status", "progress", "genre", "bpm", "key", "scale", "created_at")
    list_filter = ("status", "tool", "source", "genre")
    search_fields = ("public_id", "owner__username", "owner__email")
    readonly_fields = ("public_id", "created_at", "updated_at", "started_at", "completed_at", "task_id", "attempts")
    raw_id_fields = ("owner", "retry_of")


class TemplateAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """Parameters are checked as a v1 request's would be; customizations must name their kind."""

    class Meta:
        model = Template
        fields = (
            "public_id",
            "name",
            "description",
            "category",
            "subcategory",
            "ai_model",
            "compatible_models",
            "has_lyrics",
            "popularity",
            "parameters",
            "customizations",
            "is_active",
        )

    def clean_parameters(self) -> Any:
        parameters = self.cleaned_data["parameters"]
        try:
            validate_track_parameters(parameters)
        except EngineParameterError as error:
            raise forms.ValidationError(str(error)) from None
        return parameters

    def clean_customizations(self) -> Any:
        customizations = self.cleaned_data["customizations"]
        if not isinstance(customizations, dict) or not all(
            isinstance(rule, dict) and rule.get("type") in CUSTOMIZATION_KINDS for rule in customizations.values()
        ):
            raise forms.ValidationError(
                f"An object: parameter -> {{type: {' | '.join(CUSTOMIZATION_KINDS)}, ...}} (see the README)"
            )
        return customizations


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Staff manage the v1 templates; a change to the parameters re-renders the preview (a task)."""

    form = TemplateAdminForm
    list_display = ("public_id", "name", "category", "subcategory", "has_lyrics", "popularity", "preview_status")
    list_filter = ("category", "has_lyrics", "is_active", "preview_status")
    search_fields = ("public_id", "name", "description")
    readonly_fields = ("use_count", "preview", "preview_status", "preview_error", "preview_seconds", "updated_at")

    def save_model(self, request: Any, obj: Template, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        template_preview_request(template=obj)
