"""The listing pack job kind: the one job lifecycle (:mod:`coprod.jobs`) builds a listing's ZIP.

Registered in :class:`marketplace.apps.MarketplaceConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from coprod.errors import Conflict
from coprod.jobs.kinds import JobFailed, JobKind, Progress
from generation.engine.errors import EngineError

from .models import ListingPack
from .packs import listing_pack_build


def listing_pack_execute(pack: ListingPack, progress: Progress) -> dict[str, Any]:
    try:
        content, filename = listing_pack_build(pack, progress)
    except (EngineError, Conflict, OSError, ValueError) as exc:
        raise JobFailed(str(exc)) from exc
    pack.file.save(filename, ContentFile(content), save=False)
    return {"file": pack.file.name, "filename": filename, "size_bytes": len(content)}


LISTING_PACK_JOBS = JobKind(
    name="listing_pack",
    model=ListingPack,
    task_name="marketplace.listing_pack_run",
    queue=lambda pack: settings.CELERY_AUDIO_QUEUE,
    run=listing_pack_execute,
    label=lambda p: f"Marketplace pack “{p.listing.title}”",
    identity=lambda p: {"listing_id": p.listing_id, "pack_id": p.pk},
    describe=lambda p: "Buyers can download it now.",
    notification_data=lambda p: {
        "listing_id": p.listing_id,
        "pack_id": p.pk,
        "url": reverse("marketplace:detail", args=[p.listing_id]),
    },
)
