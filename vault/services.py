"""Idea Vault use cases: save an idea, toggle a favourite, merge ideas into a new one."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import User
from challenges.models import XpActivity
from challenges.xp import xp_award
from coprod.errors import ParameterError
from coprod.jobs.services import followup_task_send_once
from generation.engine import limits, writers
from generation.engine import results as engine_results
from generation.engine.audio import render_preview
from generation.engine.boundary import check_merge_sources
from generation.engine.errors import EngineError, EngineParameterError
from generation.engine.merge import merge_ideas
from generation.engine.tools import result_label
from generation.models import Generation, GenerationStatus
from insights.analytics import analytics_record
from insights.services import producer_profile_refresh_schedule

from .models import Idea
from .thumbnails import idea_thumbnail

logger = logging.getLogger(__name__)

MAX_TAGS = 20


def _clean_tags(tags: Any) -> list[str]:
    if tags in (None, ""):
        return []
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list) or len(tags) > MAX_TAGS or not all(isinstance(t, str) and len(t) <= 32 for t in tags):
        raise ParameterError("tags", tags, f"a list of at most {MAX_TAGS} tags of up to 32 characters")
    return sorted({t.strip().lower() for t in tags if t.strip()})


# The worker task that writes an idea's MIDI file and MP3 preview (vault/tasks.py).
FILES_TASK = "vault.render_files"


def _after_save(idea: Idea) -> None:
    """Once the idea is committed: a debounced Producer DNA refresh and its files on a worker."""
    owner_id, idea_id = idea.owner_id, idea.pk

    def follow_up() -> None:
        producer_profile_refresh_schedule(user_id=owner_id)
        idea_files_enqueue(idea_id=idea_id)

    transaction.on_commit(follow_up)


def idea_files_enqueue(*, idea_id: int) -> None:
    """Queue the task that writes the idea's missing files (once per window; safe to queue twice)."""
    followup_task_send_once(task_name=FILES_TASK, object_id=idea_id, queue=settings.CELERY_AUDIO_QUEUE)


def idea_render_files(*, idea_id: int) -> None:
    """Write the idea's MIDI file and MP3 preview if missing (the worker task; safe twice)."""
    idea = Idea.objects.filter(pk=idea_id).first()
    if idea is None:
        return
    music = engine_results.idea_from_result(idea.data, parameter="data")
    if not idea.midi:
        idea.midi.save("idea.mid", ContentFile(writers.idea_to_midi(music)), save=False)
        Idea.objects.filter(pk=idea_id).update(midi=idea.midi.name)
    if not idea.preview:
        try:
            audio = render_preview(music)
        except EngineError:
            logger.warning("no preview for idea %s", idea_id, exc_info=True)
            return
        idea.preview.save("preview.mp3", ContentFile(audio), save=False)
        Idea.objects.filter(pk=idea_id).update(preview=idea.preview.name)


def _default_title(data: dict[str, Any]) -> str:
    """ "lofi melody", "house drum pattern": the genre and the kind of idea, in words."""
    kind = result_label(str(data["type"])).lower() if data.get("type") else "idea"
    return f"{str(data.get('genre') or '').replace('_', ' ')} {kind}"


def idea_save(
    *,
    owner: User,
    generation: Generation | None = None,
    data: dict[str, Any] | None = None,
    title: str = "",
    tags: Any = None,
    notes: str = "",
) -> Idea:
    """Save a completed generation (or posted result data) in the vault. Raises :class:`ParameterError`."""
    if generation is not None:
        if generation.status != GenerationStatus.COMPLETED or not generation.result:
            raise ParameterError("generation_id", generation.pk, "a completed generation")
        data = generation.result
    if not isinstance(data, dict):
        raise ParameterError("data", data, "a generation result or a generation_id")
    try:
        engine_results.idea_from_result(data, parameter="data")
    except EngineParameterError as exc:
        raise ParameterError.from_engine(exc) from None
    idea = Idea.objects.create(
        owner=owner,
        title=(title or _default_title(data)).strip()[:120],
        type=str(data.get("type") or (generation.tool if generation else "idea"))[:32],
        genre=str(data.get("genre") or "")[:32],
        key=str(data.get("key") or "")[:8],
        scale=str(data.get("scale") or "")[:32],
        bpm=data.get("bpm") if isinstance(data.get("bpm"), (int, float)) else None,
        tags=_clean_tags(tags),
        notes=notes[:2000],
        data=data,
        generation=generation,
        thumbnail=idea_thumbnail(data=data),
    )
    analytics_record(
        user=owner, event_type="idea_saved", event_data={"idea_id": idea.pk, "genre": idea.genre, "type": idea.type}
    )
    xp_award(user_id=owner.pk, activity=XpActivity.IDEA_SAVED, reference=idea.pk)
    _after_save(idea)
    return idea


def idea_update(*, idea: Idea, title: str | None = None, tags: Any = None, notes: str | None = None) -> Idea:
    """Retitle, retag or annotate an idea (only the fields given change). Raises :class:`ParameterError`."""
    changed = []
    if title is not None and title.strip():
        idea.title = title.strip()[:120]
        changed.append("title")
    if tags is not None:
        idea.tags = _clean_tags(tags)
        changed.append("tags")
    if notes is not None:
        idea.notes = notes[:2000]
        changed.append("notes")
    if changed:
        idea.save(update_fields=changed)
    return idea


def idea_delete(*, idea: Idea) -> None:
    """Delete ``idea`` and its files (MIDI, preview; on commit). Its generation and merges made from it stay."""
    idea.delete()


def idea_toggle_favorite(*, idea: Idea) -> Idea:
    idea.is_favorite = not idea.is_favorite
    idea.save(update_fields=["is_favorite"])
    return idea


def idea_merge(*, owner: User, base: Idea, others: list[Idea], title: str = "") -> Idea:
    """A new idea combining ``base`` (key and tempo) with ``others`` (see ``generation.engine.merge``).

    Raises :class:`ParameterError` past the merge limits (:mod:`generation.engine.limits`), checked
    before any note is read.
    """
    if not others:
        raise ParameterError("idea_ids", [], "one or more other ideas to merge with")
    if len(others) + 1 > limits.MAX_MERGE_SOURCES:
        raise ParameterError("idea_ids", len(others), f"at most {limits.MAX_MERGE_SOURCES - 1} other ideas")
    sources = [base, *others]
    try:
        check_merge_sources([i.data for i in sources])
        # Sources were checked against the limits when saved; the merge checks its looped size
        # before copying a note, so a merge costs at most the limits' worth of work.
        merged, roles = merge_ideas([engine_results.idea_from_result(i.data, parameter="data") for i in sources])
    except EngineParameterError as exc:
        raise ParameterError.from_engine(exc) from None
    role_sources = {role: sources[index].pk for role, index in roles.items()}
    result = engine_results.result_from_idea(
        merged, "merge", {"merged_from": [i.pk for i in sources], "roles": role_sources}
    )
    with transaction.atomic():
        idea = Idea.objects.create(
            owner=owner,
            title=(title or " + ".join(i.title for i in sources))[:120],
            type="merge",
            genre=base.genre,
            key=result["key"],
            scale=result["scale"],
            bpm=result["bpm"],
            tags=sorted({t for i in sources for t in i.tags})[:MAX_TAGS],
            data=result,
            thumbnail=idea_thumbnail(data=result),
        )
        idea.merged_from.set(sources)
    analytics_record(
        user=owner, event_type="idea_merged", event_data={"idea_id": idea.pk, "sources": [i.pk for i in sources]}
    )
    _after_save(idea)
    return idea
