"""Generations that belong to a group (a batch or a playlist): what happens when one of them finishes.

The generation job kind's ``after_finish`` calls :func:`generation_groups_advance` for every
generation that reaches a final state; the group then queues its next generations and, once all
are done, finishes (:mod:`.batch_services`, :mod:`.playlist_services`).
"""

from __future__ import annotations

from .batch_services import batch_advance
from .models import BatchItem, Generation, PlaylistItem
from .playlist_services import playlist_advance


def generation_groups_advance(generation: Generation) -> None:
    """Move on the batch or playlist ``generation`` belongs to, if any."""
    batch_id = BatchItem.objects.filter(generation_id=generation.pk).values_list("batch_id", flat=True).first()
    if batch_id is not None:
        batch_advance(batch_id=batch_id)
    playlist_id = PlaylistItem.objects.filter(generation_id=generation.pk).values_list("playlist_id", flat=True).first()
    if playlist_id is not None:
        playlist_advance(playlist_id=playlist_id)
