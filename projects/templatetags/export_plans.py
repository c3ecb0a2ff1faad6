"""``{% export_formats user as formats %}``: each export format and whether the user's plan includes it.

The project page marks locked formats before the click and links them to the pricing page.
"""

from __future__ import annotations

from typing import Any

from django import template

from coprod.plans import FEATURES, PLAN_LABELS, PLAN_ORDER, plan_includes

from ..models import ExportType
from ..services import EXPORT_FEATURE

register = template.Library()


@register.simple_tag
def export_formats(user: Any) -> list[dict[str, Any]]:
    tier = getattr(user, "subscription_tier", "free")
    tier = tier if tier in PLAN_ORDER else "free"
    formats = []
    for export_type in ExportType:
        feature = EXPORT_FEATURE[export_type]
        formats.append(
            {
                "value": export_type.value,
                "label": export_type.label,
                "included": plan_includes(tier, feature),
                "plan": PLAN_LABELS[FEATURES[feature][1]],
            }
        )
    return formats
