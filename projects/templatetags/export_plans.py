"""``{% export_formats user as formats %}``: each export format and whether the user's plan includes it.

The project page marks locked formats before the click and links them to the pricing page.
"""

from __future__ import annotations

from typing import Any

from django import template

from ..plans import export_formats as plan_export_formats

register = template.Library()


@register.simple_tag
def export_formats(user: Any) -> list[dict[str, Any]]:
    return plan_export_formats(user=user)
