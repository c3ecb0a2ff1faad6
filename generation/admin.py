"""Django admin for generation jobs."""

from django.contrib import admin

from .models import Generation


@admin.register(Generation)
class GenerationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("public_id", "owner", "tool", "status", "progress", "genre", "bpm", "key", "scale", "created_at")
    list_filter = ("status", "tool", "source", "genre")
    search_fields = ("public_id", "owner__username", "owner__email")
    readonly_fields = ("public_id", "created_at", "updated_at", "started_at", "completed_at", "task_id", "attempts")
    raw_id_fields = ("owner", "retry_of")
