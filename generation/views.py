"""Pages of the generation app: the studio, where producers generate, hear, tweak and download ideas."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .engine import api as engine_api
from .tools import TOOL_LABELS, TOOL_SLUGS


@login_required
def studio_view(request: HttpRequest) -> HttpResponse:
    slugs = {tool: slug for slug, tool in TOOL_SLUGS.items()}
    tools = [{"name": name, "slug": slugs[name], "label": TOOL_LABELS[name]} for name in engine_api.TOOLS]
    return render(
        request,
        "generation/studio.html",
        {"tools": tools, "catalog": engine_api.tool_catalog() | {"slugs": slugs, "labels": TOOL_LABELS}},
    )
