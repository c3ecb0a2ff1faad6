"""v1 batch reads: one batch with its counts and every generation, and the user's batches."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from coprod.selectors import owned_public_or_404

from .models import Batch, GenerationStatus
from .track_selectors import _iso, v1_status


def batch_get(*, user: User, public_id: Any) -> Batch:
    """The user's batch by its ``batch_…`` id (404 for anything else)."""
    return owned_public_or_404(Batch.objects.all(), owner=user, public_id=public_id)


def batch_list(*, user: User) -> QuerySet[Batch]:
    return Batch.objects.filter(owner=user).order_by("-created_at", "-id")


def batch_data(*, batch: Batch) -> dict[str, Any]:
    """The batch resource: status, ``completed`` / ``total`` and each generation with its variation."""
    items = list(batch.items.select_related("generation", "generation__track").order_by("position"))
    counts = Counter(item.generation.status for item in items)
    generations = []
    for item in items:
        generation = item.generation
        track = getattr(generation, "track", None)
        generations.append(
            {
                "variation_id": item.variation_id,
                "generation_id": generation.public_id,
                "status": v1_status(generation.status),
                "progress": generation.progress,
                "released": item.released_at is not None,
                "customizations": item.customizations,
                "track_id": track.public_id if track is not None else None,
                "title": track.title if track is not None else generation.metadata.get("title"),
                "key": generation.parameters.get("key"),
                "tempo": generation.parameters.get("tempo"),
                "error_message": generation.error_message or None,
            }
        )
    return {
        "batch_id": batch.public_id,
        "status": batch.status,
        "completed": counts[GenerationStatus.COMPLETED],
        "failed": counts[GenerationStatus.FAILED],
        "cancelled": counts[GenerationStatus.CANCELLED],
        "total": len(items),
        "concurrent_generations": batch.concurrent_generations,
        "notify_when_all_complete": batch.notify_when_all_complete,
        "generation_ids": [g["generation_id"] for g in generations],
        "generations": generations,
        "created_at": _iso(batch.created_at),
        "completed_at": _iso(batch.completed_at),
    }
