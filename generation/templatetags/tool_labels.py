"""``{{ generation.tool|tool_label }}``: a tool's human name ("extreme_inspiration" -> "Extreme inspiration")."""

from __future__ import annotations

from django import template

from ..engine.tools import TOOLS, result_label

register = template.Library()


@register.filter
def tool_label(name: str) -> str:
    tool = TOOLS.get(name)
    return tool.label if tool is not None else result_label(str(name))
