"""Django admin for projects, MIDI files and exports."""

from django.contrib import admin

from .models import Export, MidiFile, Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "owner", "genre", "status", "bpm", "updated_at")
    list_filter = ("status", "genre")
    search_fields = ("name", "owner__username")
    raw_id_fields = ("owner",)


@admin.register(MidiFile)
class MidiFileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "owner", "project", "note_count", "duration_seconds", "created_at")
    search_fields = ("name", "owner__username")
    raw_id_fields = ("owner", "project", "generation")


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "owner", "type", "status", "progress", "created_at")
    list_filter = ("type", "status")
    raw_id_fields = ("owner", "project", "generation")
