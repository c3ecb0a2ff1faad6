"""Saved ideas: what a producer keeps from their generations, favourites, and merges of ideas."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coprod.files import RandomFileName


class Idea(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(max_length=120)
    # The tool that made it (melody, chords, ...), or "merge" for merged ideas.
    type = models.CharField(max_length=32, db_index=True)
    genre = models.CharField(max_length=32, blank=True, db_index=True)
    key = models.CharField(max_length=8, blank=True)
    scale = models.CharField(max_length=32, blank=True)
    bpm = models.FloatField(null=True, blank=True)
    tags = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    is_favorite = models.BooleanField(default=False, db_index=True)
    # The music itself, in the engine's result shape (parts, progression, bpm, key, scale).
    data = models.JSONField()
    generation = models.ForeignKey(
        "generation.Generation", null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    # Written on a worker after the idea is saved (vault.render_files): a download never builds a
    # file in the web process.
    midi = models.FileField(upload_to=RandomFileName("vault-midi"), blank=True)
    preview = models.FileField(upload_to=RandomFileName("vault-previews"), blank=True)
    # The card's piano roll, drawn once at save time (see vault.selectors.idea_thumbnail).
    thumbnail = models.JSONField(default=list, blank=True)
    merged_from = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="merged_into")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
