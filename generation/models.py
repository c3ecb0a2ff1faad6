"""Generation jobs: what a producer asked the engine for, its lifecycle and its result.

One row per request to a co-producer tool (``/api/generate/*``) or, later, to the v1
full-track API. Rows carry an integer primary key (the Co-Prod API's ``generation_id``) and a
public id ``gen_<16 hex>`` (the v1 API's), so one generation is reachable from both APIs.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def new_generation_public_id() -> str:
    return f"gen_{secrets.token_hex(8)}"


class GenerationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


ACTIVE_STATUSES = (GenerationStatus.PENDING, GenerationStatus.PROCESSING)
FINISHED_STATUSES = (GenerationStatus.COMPLETED, GenerationStatus.FAILED, GenerationStatus.CANCELLED)


class Generation(models.Model):
    public_id = models.CharField(max_length=24, unique=True, default=new_generation_public_id, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="generations")
    tool = models.CharField(max_length=32, db_index=True)
    # Which API created it ("coprod", "v1"); both can read it.
    source = models.CharField(max_length=16, default="coprod")
    parameters = models.JSONField(default=dict)
    seed = models.BigIntegerField()
    status = models.CharField(
        max_length=16, choices=GenerationStatus.choices, default=GenerationStatus.PENDING, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=64, blank=True)
    result = models.JSONField(null=True, blank=True)
    error_message = models.TextField(blank=True)
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retries")
    task_id = models.CharField(max_length=64, blank=True)
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="generations"
    )
    # The MP3 preview the studio plays, rendered by a task after the job completes.
    preview = models.FileField(upload_to="previews/%Y/%m/", blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Copied from the parameters/result so lists, filters and the Producer DNA need no JSON queries.
    genre = models.CharField(max_length=32, blank=True, db_index=True)
    bpm = models.FloatField(null=True, blank=True)
    key = models.CharField(max_length=8, blank=True)
    scale = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.public_id} {self.tool} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
