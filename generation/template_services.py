"""v1 templates: seed the catalogue, generate from a template with checked customizations, render previews.

* :func:`templates_seed` loads :mod:`generation.engine.track.templates_catalog` into
  :class:`~generation.models.Template` rows (``manage.py seed_templates``; ``make run`` runs it).
  Rows that exist are left as staff edited them unless ``update=True``.
* :func:`template_generation_start` (``POST /v1/ai/generate-from-template``): every customization
  must be one the template allows, within its range (else a ``VALIDATION_ERROR`` naming it); the
  template's parameters with the customizations laid over them then go through a normal full-track
  generation (:func:`.track_services.track_generation_start`).
* Previews are rendered lazily: :func:`template_preview_request` queues the render task once (on
  the first request for the preview, or when staff change the parameters in the admin), and
  :func:`template_preview_render` (the task) stores the MP3 with the parameters it was made from.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from coprod.celery import app as celery_app
from coprod.errors import DomainError, ParameterError

from .batch_services import parameters_merge
from .engine.errors import EngineError, EngineParameterError
from .engine.theory import parse_key
from .engine.track.params import validate_track_parameters
from .engine.track.template_preview import render_template_preview
from .engine.track.templates_catalog import template_definitions
from .models import Generation, Template, TemplatePreviewStatus
from .track_services import track_generation_start

logger = logging.getLogger(__name__)

CUSTOMIZATION_KINDS = ("range", "choice", "key", "boolean", "text", "subset")
REQUEST_FIELDS = ("template_id", "customizations", "metadata", "callback_url", "webhook_events")
PREVIEW_TASK = "generation.template_preview"
# A render not finished after this long is taken as lost (its worker died) and queued again.
PREVIEW_STALE_AFTER = timedelta(minutes=3)
PREVIEW_SEED = 7  # previews are the same for the same parameters
SEEDED_FIELDS = (
    "name",
    "description",
    "category",
    "subcategory",
    "ai_model",
    "compatible_models",
    "has_lyrics",
    "popularity",
    "parameters",
    "customizations",
)


class TemplateNotFound(DomainError):
    status_code = 404
    default_code = "NOT_FOUND"
    default_detail = "Template not found"


def templates_seed(*, update: bool = False) -> tuple[int, int]:
    """Create the catalogue's missing templates (with ``update``, reset the others). Returns (created, updated)."""
    created = updated = 0
    for definition in template_definitions():
        values = {field: definition[field] for field in SEEDED_FIELDS}
        template = Template.objects.filter(public_id=definition["template_id"]).first()
        if template is None:
            Template.objects.create(public_id=definition["template_id"], **values)
            created += 1
        elif update:
            for field, value in values.items():
                setattr(template, field, value)
            template.save()
            updated += 1
    return created, updated


def _bad(name: str, value: Any, constraint: str, template: Template) -> ParameterError:
    return ParameterError(
        name,
        value,
        constraint,
        f"Invalid parameter: {name} must be {constraint} for template {template.public_id}",
    )


def _flatten(customizations: dict[str, Any]) -> dict[str, Any]:
    """``{"lyrics": {"theme": x}}`` as ``{"lyrics.theme": x}``; other names as they are."""
    flat: dict[str, Any] = {}
    for name, value in customizations.items():
        if name == "lyrics" and isinstance(value, dict):
            for sub, sub_value in value.items():
                flat[f"lyrics.{str(sub)[:32]}"] = sub_value
        else:
            flat[str(name)[:32]] = value
    return flat


def _check_value(name: str, value: Any, rule: dict[str, Any], template: Template) -> Any:
    kind = rule.get("type")
    if kind == "range":
        low, high = rule["min"], rule["max"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise ParameterError(
                name,
                value,
                f"{low:g}-{high:g}",
                f"Invalid parameter: {name} must be between {low:g} and {high:g} for template {template.public_id}",
            )
        return value
    if kind == "choice":
        options = list(rule["options"])
        normal = value.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(value, str) else None
        if normal not in options:
            raise _bad(name, value, f"one of: {', '.join(options)}", template)
        return normal
    if kind == "key":
        options = list(rule["options"])
        try:
            wanted = parse_key(value) if isinstance(value, str) else None
        except EngineParameterError:
            wanted = None
        if wanted is None or wanted not in {parse_key(option) for option in options}:
            raise _bad(name, value, f"one of: {', '.join(options)}", template)
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise _bad(name, value, "true or false", template)
        return value
    if kind == "text":
        longest = int(rule.get("max_length", 64))
        if not isinstance(value, str) or not 0 < len(value.strip()) <= longest:
            raise _bad(name, value, f"a text of 1-{longest} characters", template)
        return value.strip()
    if kind == "subset":
        options = list(rule["options"])
        if not isinstance(value, list) or not value or not all(item in options for item in value):
            raise _bad(name, value, f"a non-empty list of: {', '.join(options)}", template)
        return list(dict.fromkeys(value))
    raise _bad(name, value, "not customizable", template)


def template_customizations_check(*, template: Template, customizations: Any) -> dict[str, Any]:
    """The parameters ``customizations`` change, checked against what ``template`` allows.

    Raises :class:`ParameterError` naming the parameter (``tempo``, ``lyrics.theme``) when the
    template does not allow it or the value is outside its range.
    """
    if customizations is None:
        return {}
    if not isinstance(customizations, dict):
        raise ParameterError("customizations", customizations, "an object of parameters the template allows")
    allowed: dict[str, Any] = template.customizations
    changes: dict[str, Any] = {}
    for name, value in _flatten(customizations).items():
        if name not in allowed:
            raise ParameterError(
                name,
                value,
                f"one of the customizations template {template.public_id} allows: {', '.join(sorted(allowed))}",
                f"Invalid parameter: {name} is not a customization template {template.public_id} allows "
                f"(allowed: {', '.join(sorted(allowed))})",
            )
        checked = _check_value(name, value, allowed[name], template)
        if name.startswith("lyrics."):
            changes.setdefault("lyrics", {})[name.removeprefix("lyrics.")] = checked
        else:
            changes[name] = checked
    if changes.get("instrumental") is True:
        changes["lyrics"] = {"enabled": False}
    elif changes.get("instrumental") is False or "lyrics" in changes:
        changes.setdefault("lyrics", {}).setdefault("enabled", True)
    return changes


def template_get_active(*, public_id: Any) -> Template:
    template = (
        Template.objects.filter(public_id=public_id, is_active=True).first() if isinstance(public_id, str) else None
    )
    if template is None:
        raise TemplateNotFound(
            f"Template {str(public_id)[:40]} not found",
            details={"parameter": "template_id", "value": public_id if isinstance(public_id, str) else None},
        )
    return template


def template_generation_start(*, owner: User, request: Any) -> tuple[Generation, Template]:
    """Generate a full track from a template (section 1.2); answers like ``POST /generate``.

    Raises :class:`TemplateNotFound` (404) for an unknown or retired template, :class:`ParameterError`
    for a customization it does not allow or a value out of range (nothing is stored then), and
    what :func:`.track_services.track_generation_start` raises.
    """
    if not isinstance(request, dict):
        raise ParameterError("body", type(request).__name__, "a JSON object")
    unknown = sorted(set(request) - set(REQUEST_FIELDS))
    if unknown:
        raise ParameterError(unknown[0][:32], request[unknown[0]], f"one of: {', '.join(REQUEST_FIELDS)}")
    if "template_id" not in request:
        raise ParameterError("template_id", None, "the id of a template (GET /v1/ai/templates)")
    template = template_get_active(public_id=request["template_id"])
    changes = template_customizations_check(template=template, customizations=request.get("customizations"))
    track_request = {
        "parameters": parameters_merge(template.parameters, changes),
        **{k: request[k] for k in ("metadata", "callback_url", "webhook_events") if k in request},
    }
    metadata = track_request.get("metadata")
    if metadata is None or (isinstance(metadata, dict) and "title" not in metadata):
        track_request["metadata"] = {**(metadata or {}), "title": template.name}
    with transaction.atomic():
        generation = track_generation_start(owner=owner, request=track_request)
        generation.metadata = {**generation.metadata, "template_id": template.public_id}
        generation.save(update_fields=["metadata", "updated_at"])
        Template.objects.filter(pk=template.pk).update(use_count=F("use_count") + 1)
    return generation, template


def template_signature(parameters: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest()


def template_preview_current(template: Template) -> bool:
    """Whether the stored preview was rendered from the template's current parameters."""
    return (
        template.preview_status == TemplatePreviewStatus.READY
        and bool(template.preview)
        and template.preview_signature == template_signature(template.parameters)
    )


def template_preview_request(*, template: Template) -> bool:
    """Queue the preview's render unless it is current or already rendering; True when queued.

    A cache fill: the first request for a preview (or a change in the admin) starts its render.
    """
    if template_preview_current(template):
        return False
    now = timezone.now()
    fresh_render = Template.objects.filter(
        pk=template.pk,
        preview_status=TemplatePreviewStatus.RENDERING,
        preview_requested_at__gt=now - PREVIEW_STALE_AFTER,
    )
    if fresh_render.exists():
        return False
    Template.objects.filter(pk=template.pk).update(
        preview_status=TemplatePreviewStatus.RENDERING, preview_requested_at=now, preview_error=""
    )
    template.preview_status = TemplatePreviewStatus.RENDERING
    template_id = template.pk
    transaction.on_commit(
        lambda: celery_app.send_task(PREVIEW_TASK, args=[template_id], queue=settings.CELERY_AUDIO_QUEUE)
    )
    return True


def template_preview_render(*, template_id: int) -> str:
    """Render the template's 8-bar preview and store it (the task's body; safe to run twice). Returns the status."""
    template = Template.objects.filter(pk=template_id).first()
    if template is None:
        return "missing"
    if template_preview_current(template):
        return TemplatePreviewStatus.READY
    signature = template_signature(template.parameters)
    try:
        parameters = validate_track_parameters(template.parameters)
        audio, seconds = render_template_preview(parameters, seed=PREVIEW_SEED)
    except (EngineError, ValueError, KeyError, TypeError, OSError) as exc:
        logger.warning("template %s preview failed: %s", template.public_id, exc)
        Template.objects.filter(pk=template.pk).update(
            preview_status=TemplatePreviewStatus.FAILED, preview_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return TemplatePreviewStatus.FAILED
    old = template.preview.name if template.preview else ""
    template.preview.save(f"{template.public_id}.mp3", ContentFile(audio), save=False)
    new = template.preview.name
    with transaction.atomic():
        row = Template.objects.select_for_update().get(pk=template.pk)
        current = template_signature(row.parameters) == signature
        if current:
            Template.objects.filter(pk=template.pk).update(
                preview=new,
                preview_status=TemplatePreviewStatus.READY,
                preview_seconds=round(seconds, 3),
                preview_signature=signature,
                preview_error="",
            )
    storage = template.preview.storage
    if not current:  # the parameters changed while it rendered: that change queued a new render
        storage.delete(new)
        return "superseded"
    if old and old != new:
        storage.delete(old)
    return TemplatePreviewStatus.READY
