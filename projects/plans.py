"""Which plan feature each export type needs, and which of them a user's plan includes (for the pages)."""

from __future__ import annotations

from typing import Any

from coprod.plans import FEATURES, PLAN_LABELS, PLAN_ORDER, plan_includes

from .models import ExportType

EXPORT_FEATURE = {
    ExportType.MIDI: "export_midi",
    ExportType.MP3: "export_mp3",
    ExportType.WAV: "export_audio",
    ExportType.FLAC: "export_audio",
    ExportType.STEMS: "export_stems",
    ExportType.ZIP_PROJECT: "export_zip",
}


def export_formats(*, user: Any) -> list[dict[str, Any]]:
    """Each export type, whether ``user``'s plan includes it, and the name of the first plan that does."""
    tier = getattr(user, "subscription_tier", "free")
    tier = tier if tier in PLAN_ORDER else "free"
    return [
        {
            "value": export_type.value,
            "label": export_type.label,
            "included": plan_includes(tier, EXPORT_FEATURE[export_type]),
            "plan": PLAN_LABELS[FEATURES[EXPORT_FEATURE[export_type]][1]],
        }
        for export_type in ExportType
    ]
