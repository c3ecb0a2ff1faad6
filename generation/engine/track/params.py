"""Validation of a v1 ``parameters`` object (POST /v1/ai/generate) into plain, bounded data.

:func:`validate_track_parameters` checks every field of the spec's section 1.1 and returns a
JSON-serialisable dict with defaults filled and names resolved (the v1 genre's profile, the key in
``C_minor`` form, the instruments' parts and programs, complexity as a number). A bad field is an
:class:`~generation.engine.errors.EngineParameterError` naming it (``lyrics.style`` for a nested
one), with the value and the constraint, which the API shapes into its VALIDATION_ERROR. Unknown
fields are refused by name. The tables the names go through are in :mod:`.catalog`.
"""

from __future__ import annotations

from typing import Any

from .. import limits
from ..errors import EngineParameterError, shorten
from ..genres import get_genre
from ..lyrics.writer import LANGUAGES, STYLES, parse_language, parse_style, resolve_theme
from ..moods import MOODS
from ..theory import parse_key
from .catalog import (
    AI_MODELS,
    ALLOWED_GENRES,
    AUDIO_QUALITY,
    DEFAULT_AI_MODEL,
    INSTRUMENTS,
    OUTPUT_FORMATS,
    V1_GENRE_ALIASES,
    V1_GENRES,
)

MIN_TEMPO, MAX_TEMPO = 40, 240
LEVELS = {"low": 0.3, "medium": 0.6, "high": 0.9}
MAX_INSTRUMENTS = 8
DEFAULT_DURATION = 180
DEFAULT_THEME = "midnight_drive"
DEFAULT_STYLE = "poetic_tech"
DEFAULT_CREATIVITY = 0.5
DEFAULT_FORMATS = ("wav", "mp3", "midi")
DEFAULT_QUALITY = "high"
FIELDS = (
    "genre",
    "subgenre",
    "mood",
    "tempo",
    "key",
    "duration",
    "instrumental",
    "lyrics",
    "primary_instruments",
    "complexity",
    "ai_model",
    "creativity",
    "output_formats",
    "audio_quality",
)
LYRICS_FIELDS = ("enabled", "theme", "language", "style")


def _unknown(fields: dict[str, Any], known: tuple[str, ...], prefix: str = "") -> None:
    unknown = sorted(set(fields) - set(known))
    if unknown:
        name = prefix + str(unknown[0])[: limits.MAX_NAME_LENGTH]
        raise EngineParameterError(
            name,
            fields[unknown[0]],
            f"one of: {', '.join(prefix + k for k in known)}",
            f"Unknown parameter: {name} (parameters are {', '.join(prefix + k for k in known)})",
        )


def _between(name: str, value: Any, low: float, high: float) -> float | int:
    """A number in ``[low, high]``; the error reads as the spec's ("must be between 40 and 240")."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or not low <= value <= high:
        raise EngineParameterError(
            name, value, f"{low:g}-{high:g}", f"Invalid parameter: {name} must be between {low:g} and {high:g}"
        )
    number: float | int = int(value) if isinstance(value, float) and value.is_integer() else value
    return number


def _name(name: str, value: Any, allowed: tuple[str, ...] | dict[str, Any]) -> str:
    """A short name, lower-cased with spaces and hyphens as underscores, that must be in ``allowed``."""
    if not isinstance(value, str) or len(value) > limits.MAX_NAME_LENGTH:
        raise EngineParameterError.choice(name, value, allowed)
    normalised = value.strip().lower().replace(" ", "_").replace("-", "_")
    if normalised not in allowed:
        raise EngineParameterError.choice(name, value, allowed)
    return normalised


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise EngineParameterError(name, value, "true or false")
    return value


def _genre(raw: dict[str, Any]) -> tuple[str, str | None, str]:
    """(v1 genre, subgenre, profile name) through :data:`.catalog.V1_GENRES`."""
    if "genre" not in raw:
        raise EngineParameterError.choice("genre", None, ALLOWED_GENRES)
    value = raw["genre"]
    text = value.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(value, str) else value
    genre = _name("genre", V1_GENRE_ALIASES.get(text, text) if isinstance(text, str) else value, ALLOWED_GENRES)
    default_profile, subgenres = V1_GENRES[genre]
    subgenre_value = raw.get("subgenre")
    if subgenre_value is None:
        return genre, None, default_profile
    if not subgenres:
        raise EngineParameterError(
            "subgenre",
            subgenre_value,
            f"absent for {genre} (genres with subgenres: {', '.join(g for g in ALLOWED_GENRES if V1_GENRES[g][1])})",
        )
    subgenre = _name("subgenre", subgenre_value, tuple(sorted(subgenres)))
    return genre, subgenre, subgenres[subgenre]


def _key(value: Any, default_scale: str) -> dict[str, str]:
    """The key as ``C_minor``: the tonic as the client spelled it (``Db`` stays ``Db``), then the scale."""
    key = parse_key(value if value is not None else "C", default_scale)
    text = str(value).strip() if value is not None else "C"
    accidental = text[1].replace("♯", "#").replace("♭", "b") if len(text) > 1 and text[1] in "#b♯♭" else ""
    tonic = text[0].upper() + accidental
    return {"key": f"{tonic}_{key.scale}", "tonic": tonic, "scale": key.scale}


def _lyrics(value: Any, instrumental: bool) -> dict[str, Any]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise EngineParameterError("lyrics", value, "an object with enabled, theme, language, style")
    _unknown(value, LYRICS_FIELDS, "lyrics.")
    enabled = _bool("lyrics.enabled", value.get("enabled", not instrumental))
    if enabled and instrumental:
        raise EngineParameterError(
            "lyrics.enabled",
            True,
            "false when instrumental is true",
            "Invalid parameter: lyrics.enabled must be false when instrumental is true (an instrumental has no vocals)",
        )
    theme_value = value.get("theme", DEFAULT_THEME)
    try:
        theme, note = resolve_theme(theme_value if not isinstance(theme_value, str) else theme_value[:64])
        language = parse_language(value.get("language", "en"))
        style = parse_style(value.get("style", DEFAULT_STYLE))
    except EngineParameterError as error:
        allowed = {"language": LANGUAGES, "style": STYLES}.get(error.parameter)
        constraint = f"one of: {', '.join(allowed)}" if allowed else error.constraint
        raise EngineParameterError(f"lyrics.{error.parameter}", error.value, constraint) from None
    return {
        "enabled": enabled,
        "theme": theme.name,
        "requested_theme": str(theme_value),
        "theme_note": note,
        "language": language,
        "style": style,
    }


def _instruments(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_INSTRUMENTS:
        raise EngineParameterError("primary_instruments", value, f"a list of at most {MAX_INSTRUMENTS} names")
    names = [v.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(v, str) else v for v in value]
    unknown = [v for v in names if not isinstance(v, str) or len(v) > limits.MAX_NAME_LENGTH or v not in INSTRUMENTS]
    if unknown:
        known = ", ".join(sorted(INSTRUMENTS))
        raise EngineParameterError(
            "primary_instruments",
            unknown,
            f"names from: {known}",
            f"Invalid parameter: primary_instruments has unknown instruments {shorten(unknown)} (known: {known})",
        )
    chosen: list[dict[str, Any]] = []
    parts: dict[str, str] = {}
    for name in dict.fromkeys(names):
        instrument = INSTRUMENTS[str(name)]
        if instrument.part in parts:
            raise EngineParameterError(
                "primary_instruments",
                value,
                "at most one instrument per part",
                f"Invalid parameter: primary_instruments names {parts[instrument.part]} and {name}, which both "
                f"play the {instrument.part} part; name one of them",
            )
        parts[instrument.part] = str(name)
        chosen.append({"name": name, "part": instrument.part, "program": instrument.program})
    return chosen


def _complexity(value: Any) -> float:
    if value is None:
        return LEVELS["medium"]
    if isinstance(value, str) and value.strip().lower() in LEVELS:
        return LEVELS[value.strip().lower()]
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    raise EngineParameterError("complexity", value, "low, medium, high or a number 0-1")


def _ai_model(value: Any) -> str:
    if value is None:
        return DEFAULT_AI_MODEL
    if isinstance(value, str) and value.strip().lower() in AI_MODELS:
        return AI_MODELS[value.strip().lower()]
    allowed = ", ".join(sorted(AI_MODELS))
    raise EngineParameterError(
        "ai_model",
        value,
        f"one of: {allowed}",
        f"Invalid parameter: ai_model must be one of: {allowed} (this engine runs only its own models, "
        f"not {shorten(value)})",
    )


def _output_formats(value: Any) -> list[str]:
    if value is None:
        return list(DEFAULT_FORMATS)
    if not isinstance(value, list) or not value or len(value) > 2 * len(OUTPUT_FORMATS):
        raise EngineParameterError("output_formats", value, f"a non-empty list of: {', '.join(OUTPUT_FORMATS)}")
    return list(dict.fromkeys(_name("output_formats", item, OUTPUT_FORMATS) for item in value))


def validate_track_parameters(raw: Any) -> dict[str, Any]:
    """``raw`` (the request's ``parameters``) checked and completed. Raises :class:`EngineParameterError`.

    Defaults: mood ``neutral``, tempo the profile's, key C in the profile's usual scale, duration
    180 s, not instrumental, lyrics on (theme ``midnight_drive``, ``en``, ``poetic_tech``),
    complexity medium (0.6), ai_model ``coprod_v1``, creativity 0.5, formats wav + mp3 + midi,
    quality ``high``. ``bars`` is derived: ``round(duration * tempo / 240)`` bars of 4/4.
    """
    if not isinstance(raw, dict):
        raise EngineParameterError("parameters", raw, "a JSON object")
    _unknown(raw, FIELDS)
    genre, subgenre, profile_name = _genre(raw)
    profile = get_genre(profile_name)
    mood = _name("mood", raw["mood"], MOODS) if raw.get("mood") is not None else "neutral"
    tempo = _between("tempo", raw["tempo"], MIN_TEMPO, MAX_TEMPO) if raw.get("tempo") is not None else None
    tempo = profile.default_bpm if tempo is None else tempo
    duration_value = raw.get("duration", DEFAULT_DURATION)
    duration = _between("duration", duration_value, limits.MIN_ARRANGEMENT_SECONDS, limits.MAX_ARRANGEMENT_SECONDS)
    instrumental = _bool("instrumental", raw.get("instrumental", False))
    lyrics = _lyrics(raw.get("lyrics"), instrumental)
    creativity_value = raw.get("creativity", DEFAULT_CREATIVITY)
    quality = raw.get("audio_quality")
    return {
        "genre": genre,
        "subgenre": subgenre,
        "profile": profile.name,
        "mood": mood,
        "tempo": tempo,
        **_key(raw.get("key"), profile.default_scale),
        "duration": duration,
        "bars": max(1, round(duration * tempo / 240)),
        "instrumental": instrumental,
        "lyrics": lyrics,
        "primary_instruments": _instruments(raw.get("primary_instruments")),
        "complexity": _complexity(raw.get("complexity")),
        "ai_model": _ai_model(raw.get("ai_model")),
        "creativity": float(_between("creativity", creativity_value, 0, 1)),
        "output_formats": _output_formats(raw.get("output_formats")),
        "audio_quality": _name("audio_quality", quality, AUDIO_QUALITY) if quality is not None else DEFAULT_QUALITY,
    }
