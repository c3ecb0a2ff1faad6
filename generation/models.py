"""Generation jobs: what a producer asked the engine for, its lifecycle and its result.

One row per request to a co-producer tool (``/api/generate/*``) or, later, to the v1
full-track API. Rows carry an integer primary key (the Co-Prod API's ``generation_id``) and a
public id ``gen_<16 hex>`` (the v1 API's), so one generation is reachable from both APIs.
"""

from __future__ import annotations

import secrets

from django.db import models

from coprod.files import RandomFileName
from coprod.jobs.models import ACTIVE_STATUSES, FINISHED_STATUSES, Job, JobStatus

__all__ = ["ACTIVE_STATUSES", "FINISHED_STATUSES", "Generation", "GenerationStatus"]


def new_generation_public_id() -> str:
    return f"gen_{secrets.token_hex(8)}"


# One lifecycle for every job (coprod.jobs); the generation names are kept for readability.
GenerationStatus = JobStatus


class Generation(Job):
    job_kind = "generation"

    public_id = models.CharField(max_length=24, unique=True, default=new_generation_public_id, editable=False)
    tool = models.CharField(max_length=32, db_index=True)
    # Which API created it ("coprod", "v1"); both can read it.
    source = models.CharField(max_length=16, default="coprod")
    parameters = models.JSONField(default=dict)
    seed = models.BigIntegerField()
    result = models.JSONField(null=True, blank=True)
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retries")
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="generations"
    )
    # v1 (Music Generation API): the request's metadata (title, description, tags, project_id)
    # and where to send signed webhook events about this job (see the webhooks app).
    metadata = models.JSONField(default=dict, blank=True)
    callback_url = models.URLField(max_length=500, blank=True)
    webhook_events = models.JSONField(default=list, blank=True)
    # The result's files, written on workers: MIDI by the job itself, the MP3 preview the studio
    # plays and the MusicXML score by a follow-up task (both can take seconds for a long song).
    midi = models.FileField(upload_to=RandomFileName("midi"), blank=True)
    musicxml = models.FileField(upload_to=RandomFileName("musicxml"), blank=True)
    preview = models.FileField(upload_to=RandomFileName("previews"), blank=True)
    # Copied from the parameters/result so lists, filters and the Producer DNA need no JSON queries.
    genre = models.CharField(max_length=32, blank=True, db_index=True)
    bpm = models.FloatField(null=True, blank=True)
    key = models.CharField(max_length=8, blank=True)
    scale = models.CharField(max_length=32, blank=True)

    class Meta(Job.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.public_id} {self.tool} ({self.status})"
