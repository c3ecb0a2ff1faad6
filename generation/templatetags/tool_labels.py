"""Human labels in pages: ``{{ generation.tool|tool_label }}`` ("extreme_inspiration" -> "Extreme inspiration")
and ``{{ track.metadata.key|key_label }}`` (the v1 API's "C_minor" -> "C minor")."""

from __future__ import annotations

from django import template

from ..engine.tools import TOOLS, result_label

register = template.Library()


@register.filter
def tool_label(name: str) -> str:
    tool = TOOLS.get(name)
    return tool.label if tool is not None else result_label(str(name))


@register.filter
def key_label(key: str) -> str:
    return str(key).replace("_", " ")
