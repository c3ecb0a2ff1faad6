"""The plan matrix: which subscription tier includes which feature — the one place it is written.

The pricing page and the README are generated from / mirror this table; services call
:func:`plan_require` before doing paid work, which raises the Co-Prod spec's
``403 {"error": "Access denied", "reason": "Subscription upgrade required"}``.
"""

from __future__ import annotations

from typing import Any

from coprod.errors import UpgradeRequired

PLAN_ORDER = ("free", "pro", "producer_plus")
PLAN_LABELS = {"free": "Free", "pro": "Pro", "producer_plus": "Producer Plus"}
PLAN_PRICES = {"free": "$0", "pro": "$12 / month", "producer_plus": "$29 / month"}

# feature -> (label, the cheapest plan that includes it)
FEATURES: dict[str, tuple[str, str]] = {
    "generate": ("All co-producer tools, studio, MIDI/MusicXML downloads of results", "free"),
    "audio_preview": ("MP3 previews of every idea", "free"),
    "projects": ("Projects and MIDI file uploads", "free"),
    "export_midi": ("MIDI export jobs", "free"),
    "export_mp3": ("MP3 export of an idea's mix (320 kbit/s)", "free"),
    "export_audio": ("WAV (16- or 24-bit) and FLAC export of the mix", "pro"),
    "export_stems": ("Stems: one WAV or FLAC per part, with the mix, as a ZIP", "pro"),
    "export_zip": ("Whole project as ZIP: JSON, MIDI, stems, mix, MusicXML", "pro"),
    "marketplace_sell": ("Sell MIDI packs and templates on the marketplace", "free"),
}


# Quotas on expensive work per plan (None: no quota). See coprod/quotas.py and the README.
QUOTAS: dict[str, dict[str, int | None]] = {
    "active_jobs": {"free": 3, "pro": 6, "producer_plus": 12},
    "audio_minutes_per_day": {"free": 30, "pro": 300, "producer_plus": 1200},
}


def plan_quota(*, user: Any, quota: str) -> int | None:
    """The user's plan's ``quota`` (see :data:`QUOTAS`); ``None`` means unlimited."""
    tier = getattr(user, "subscription_tier", "free")
    return QUOTAS[quota].get(tier if tier in PLAN_ORDER else "free")


def plan_includes(tier: str, feature: str) -> bool:
    minimum = FEATURES[feature][1]
    return PLAN_ORDER.index(tier if tier in PLAN_ORDER else "free") >= PLAN_ORDER.index(minimum)


def plan_require(*, user: Any, feature: str) -> None:
    """Raise :class:`UpgradeRequired` unless ``user``'s plan includes ``feature``."""
    if not plan_includes(getattr(user, "subscription_tier", "free"), feature):
        raise UpgradeRequired(feature)


def plan_limits() -> list[dict[str, Any]]:
    """Rows for the pricing page: each plan's number for every limit ("unlimited" where none)."""
    from django.conf import settings

    def shown(value: int | None, unit: str = "") -> str:
        return "unlimited" if value is None else f"{value:,}{unit}"

    rows = [("API requests per minute", settings.RATE_LIMITS_PER_MINUTE, "")]
    rows.append(("Jobs running at once", QUOTAS["active_jobs"], ""))
    rows.append(("Rendered audio per day", QUOTAS["audio_minutes_per_day"], " min"))
    return [
        {"label": label, "plans": {tier: shown(values.get(tier), unit) for tier in PLAN_ORDER}}
        for label, values, unit in rows
    ]


def plan_matrix() -> list[dict[str, Any]]:
    """Rows for the pricing page: a feature and whether each plan has it."""
    return [
        {"feature": key, "label": label, "plans": {tier: plan_includes(tier, key) for tier in PLAN_ORDER}}
        for key, (label, _) in FEATURES.items()
    ]
