"""Projects (songs in progress), the MIDI files producers upload or save, and export jobs."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from coprod.files import RandomFileName
from coprod.jobs.models import Job, JobStatus


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    ARCHIVED = "archived", "Archived"


class Project(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2000)
    bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    key_signature = models.CharField(max_length=12, blank=True)
    scale = models.CharField(max_length=32, blank=True)
    genre = models.CharField(max_length=32, blank=True, db_index=True)
    mood = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT, db_index=True)
    # Vault ideas with no generation behind them (merges) that "Add to project" filed here. An idea
    # saved from a generation is filed through that generation (``generations``) instead. A vault
    # idea may sit in several projects; deleting it from the vault takes it out of them.
    saved_ideas = models.ManyToManyField("vault.Idea", blank=True, related_name="projects")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.name


# Kept for the initial migration, which names it; new files get random names (coprod.files).
def midi_upload_path(instance: MidiFile, filename: str) -> str:
    return f"midi/{instance.owner_id}/{secrets.token_hex(8)}.mid"


class MidiFile(models.Model):
    """A MIDI file in the producer's library; edits are new rows of the same history.

    History: a file saved from an edit in the studio is a new version (``version`` n + 1) whose
    ``origin`` is the first file of its history and ``previous`` the version it was edited from;
    no version is ever overwritten, so every step can be downloaded again.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="midi_files")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="midi_files")
    generation = models.ForeignKey(
        "generation.Generation", null=True, blank=True, on_delete=models.SET_NULL, related_name="midi_files"
    )
    name = models.CharField(max_length=120)
    file = models.FileField(upload_to=RandomFileName("midi"))
    size_bytes = models.PositiveIntegerField()
    track_count = models.PositiveSmallIntegerField()
    note_count = models.PositiveIntegerField()
    duration_seconds = models.FloatField()
    bpm = models.FloatField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    origin = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="later_versions")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="edits")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class ExportType(models.TextChoices):
    MIDI = "midi", "MIDI"
    WAV = "wav", "WAV"
    MP3 = "mp3", "MP3"
    FLAC = "flac", "FLAC"
    STEMS = "stems", "Stems"
    ZIP_PROJECT = "zip_project", "Project ZIP"


# Exports follow the one job lifecycle (coprod.jobs).
ExportStatus = JobStatus


# Kept for the initial migration, which names it; new files get random names (coprod.files).
def export_upload_path(instance: Export, filename: str) -> str:
    return f"exports/{instance.owner_id}/{secrets.token_hex(8)}-{filename}"


class Export(Job):
    job_kind = "export"

    type = models.CharField(max_length=16, choices=ExportType.choices)
    format = models.CharField(max_length=16, default="standard")
    generation = models.ForeignKey(
        "generation.Generation", null=True, blank=True, on_delete=models.SET_NULL, related_name="exports"
    )
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="exports")
    # A vault idea with no generation behind it (a merge filed in a project) exported by itself.
    idea = models.ForeignKey("vault.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="exports")
    file = models.FileField(upload_to=RandomFileName("exports"), blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(default=0)

    class Meta(Job.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.type} export {self.pk} ({self.status})"
