"""Generation reads: a user's jobs (others' are invisible) and summaries of their habits."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import User
from coprod.selectors import owned_or_404

from .engine import results as engine_results
from .engine import tools as engine_tools
from .engine import writers
from .models import Generation, GenerationStatus


def generation_list(*, user: User) -> QuerySet[Generation]:
    return Generation.objects.filter(owner=user).order_by("-created_at", "-id")


def generation_get(*, user: User, generation_id: int | str, with_result: bool = True) -> Generation:
    """One of ``user``'s generations by integer id or ``gen_...`` public id; Http404 otherwise.

    ``with_result=False`` leaves the (large) result column unloaded.
    """
    queryset = Generation.objects.all()
    if not with_result:
        queryset = queryset.defer("result", "parameters")
    return owned_or_404(queryset, owner=user, pk=generation_id, public_id_prefix="gen_")


# What generation_status_data reads: the status read loads these columns only.
_STATUS_FIELDS = (
    "owner",
    "status",
    "error_message",
    "public_id",
    "tool",
    "progress",
    "stage",
    "created_at",
    "completed_at",
    "preview",
)


def generation_status_get(*, user: User, generation_id: int | str, include_result: bool = False) -> Generation:
    """One of ``user``'s generations with only what its status body shows (one query); Http404 otherwise."""
    fields = (*_STATUS_FIELDS, "result") if include_result else _STATUS_FIELDS
    # Not the model's "-created_at" ordering: one row is asked for by id, the primary key orders it for free.
    queryset = Generation.objects.only(*fields).order_by()
    return owned_or_404(queryset, owner=user, pk=generation_id, public_id_prefix="gen_")


def generation_status_data(*, generation: Generation, include_result: bool = False) -> dict[str, Any]:
    """The ``GET /api/generate/{id}/status`` body: the spec's fields, then progress and stage.

    The result (``data``) is included only when asked for, so polling stays a few hundred bytes.
    """
    data: dict[str, Any] = {
        "success": True,
        "status": generation.status,
        "error_message": generation.error_message or None,
        "generation_id": generation.pk,
        "public_id": generation.public_id,
        "tool": generation.tool,
        "progress": generation.progress,
        "stage": generation.stage,
        "created_at": generation.created_at.isoformat(),
        "completed_at": generation.completed_at.isoformat() if generation.completed_at else None,
        "preview_url": (
            reverse("api-generation-preview", kwargs={"generation_id": generation.pk}) if generation.preview else None
        ),
    }
    if include_result and generation.status == GenerationStatus.COMPLETED:
        data["data"] = generation.result
    return data


def user_generation_habits(*, user: User, limit: int = 200) -> dict[str, list[Any]]:
    """The user's most used genres, tempos, scales and keys over their recent completed jobs.

    Feeds extreme inspiration (parameters far from these habits).
    """
    rows = list(
        Generation.objects.filter(owner=user, status=GenerationStatus.COMPLETED)
        .order_by("-created_at")
        .values_list("genre", "bpm", "scale", "key")[:limit]
    )

    def top(values: list[Any], n: int = 5) -> list[Any]:
        return [value for value, _ in Counter(v for v in values if v not in (None, "")).most_common(n)]

    return {
        "favorite_genres": top([r[0] for r in rows]),
        "favorite_bpms": top([round(r[1]) if r[1] else None for r in rows]),
        "favorite_scales": top([r[2] for r in rows]),
        "favorite_keys": top([r[3] for r in rows]),
    }


def generation_filename(*, generation: Generation) -> str:
    """A DAW-friendly file name: ``trap-melody-c-minor-140bpm-gen_ab12``."""
    parts = [generation.genre, generation.tool.replace("_", "-"), generation.key, generation.scale]
    if generation.bpm:
        parts.append(f"{generation.bpm:g}bpm")
    parts.append(generation.public_id)
    return "-".join(p.lower().replace("#", "sharp").replace(" ", "-") for p in parts if p)


def generation_file(*, generation: Generation, file_format: str) -> tuple[bytes, str, str]:
    """(content, content type, extension) of a completed generation as MIDI or MusicXML."""
    idea = engine_results.idea_from_result(generation.result or {})
    if file_format == "musicxml":
        return writers.idea_to_musicxml(idea), "application/vnd.recordare.musicxml+xml", "musicxml"
    return writers.idea_to_midi(idea), "audio/midi", "mid"


def tool_catalog() -> dict[str, Any]:
    """The engine's one catalogue: every tool's parameters and each genre's defaults."""
    return engine_tools.tool_catalog()
