"""Pages of the generation app: the studio, where producers generate, hear, tweak and download ideas."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .engine.tools import TOOLS, tool_catalog


@login_required
def studio_view(request: HttpRequest) -> HttpResponse:
    tools = [{"name": tool.name, "slug": tool.slug, "label": tool.label} for tool in TOOLS.values()]
    catalog = tool_catalog()
    # The studio's script reads slugs and labels by tool name.
    catalog["slugs"] = {tool.name: tool.slug for tool in TOOLS.values()}
    catalog["labels"] = {tool.name: tool.label for tool in TOOLS.values()}
    return render(request, "generation/studio.html", {"tools": tools, "catalog": catalog})
