"""v1 template reads: the filtered catalogue with its category counts, and one template's full definition."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from .engine.lyrics import LANGUAGES, STYLES, THEME_NAMES
from .engine.track.templates_catalog import PREVIEW_BARS
from .models import Template, TemplatePreviewStatus
from .template_services import template_get_active, template_preview_current


def templates_filter(
    *,
    category: str | None = None,
    subcategory: str | None = None,
    search: str | None = None,
    ai_model: str | None = None,
    has_lyrics: bool | None = None,
) -> tuple[QuerySet[Template], list[dict[str, Any]]]:
    """Active templates matching every filter (most popular first), and ``[{name, count}]`` per category.

    The category counts apply every filter but ``category`` and ``subcategory``, so a client can
    show how many templates each category would give for the same search.
    """
    queryset = Template.objects.filter(is_active=True)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if ai_model:
        # compatible_models is a short JSON list: matched on its JSON text (the same on SQLite and PostgreSQL).
        queryset = queryset.filter(Q(ai_model__iexact=ai_model) | Q(compatible_models__icontains=f'"{ai_model}"'))
    if has_lyrics is not None:
        queryset = queryset.filter(has_lyrics=has_lyrics)
    categories = [
        {"name": row["category"], "count": row["count"]}
        for row in queryset.values("category").annotate(count=Count("pk")).order_by("-count", "category")
    ]
    if category:
        queryset = queryset.filter(category__iexact=category)
    if subcategory:
        queryset = queryset.filter(subcategory__iexact=subcategory)
    return queryset.order_by("-popularity", "public_id"), categories


def template_get(*, public_id: Any) -> Template:
    return template_get_active(public_id=public_id)


def _preview(template: Template, request: Any) -> dict[str, Any]:
    url = reverse("v1-template-preview", kwargs={"template_id": template.public_id})
    ready = template_preview_current(template)
    status = TemplatePreviewStatus.READY if ready else template.preview_status
    if status == TemplatePreviewStatus.READY and not ready:
        status = TemplatePreviewStatus.NONE  # parameters changed since: the next request re-renders it
    return {
        "url": request.build_absolute_uri(url) if request is not None else url,
        "status": status,
        "format": "mp3",
        "bars": PREVIEW_BARS,
        "duration": template.preview_seconds if ready else None,
    }


def template_summary(*, template: Template, request: Any = None) -> dict[str, Any]:
    """One entry of section 4.1's list."""
    preview = _preview(template, request)
    return {
        "template_id": template.public_id,
        "name": template.name,
        "description": template.description,
        "category": template.category,
        "subcategory": template.subcategory,
        "ai_model": template.ai_model,
        "compatible_models": list(template.compatible_models),
        "has_lyrics": template.has_lyrics,
        "popularity": template.popularity,
        "preview_url": preview["url"],
        "preview_status": preview["status"],
    }


def _default(parameters: dict[str, Any], name: str) -> Any:
    if name.startswith("lyrics."):
        return (parameters.get("lyrics") or {}).get(name.removeprefix("lyrics."))
    return parameters.get(name)


def template_detail(*, template: Template, request: Any = None) -> dict[str, Any]:
    """Section 4.2 as ``shared/seeds/README.md`` reads it: the full definition of one template."""
    parameters = dict(template.parameters)
    customizations = {
        name: {**rule, "default": _default(parameters, name)} for name, rule in template.customizations.items()
    }
    return {
        **template_summary(template=template, request=request),
        "parameters": parameters,
        "customizations": customizations,
        "preview": _preview(template, request),
        "lyric_support": {
            "supported": template.has_lyrics,
            "languages": list(LANGUAGES) if template.has_lyrics else [],
            "styles": list(STYLES) if template.has_lyrics else [],
            "themes": list(THEME_NAMES) if template.has_lyrics else [],
            "default_theme": _default(parameters, "lyrics.theme") if template.has_lyrics else None,
        },
        "use_count": template.use_count,
        "created_at": template.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "updated_at": template.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
