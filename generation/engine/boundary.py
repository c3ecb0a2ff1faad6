"""The one gate between music from outside and the engine.

A result sent back to be varied (``original``), a melody to answer (``main_melody``), a vault
idea's ``data`` and the sources of a merge all pass :func:`idea_from_data` or
:func:`notes_from_data`, which check every field against :mod:`generation.engine.limits`
*before* building anything: short names by length before they are parsed, counts before notes
are read, every note inside the idea's length, the idea's length in bars and in seconds. A
violation is an :class:`EngineParameterError` naming the parameter and the limit, so each API
answers its documented 400 and no worker ever receives unbounded work.

The checks are one pass over the input with no work per note beyond a few comparisons, so the
web process spends microseconds per note here.
"""

from __future__ import annotations

import math
from typing import Any

from . import limits
from .errors import EngineParameterError
from .theory import parse_key
from .types import BEATS_PER_BAR, ChordEvent, Composition, Note, Part

NOTE_SHAPE = "{note 0-127, start_time >= 0, duration > 0, velocity 1-127}"
_NUMBER_TYPES = (int, float)


def _number(value: Any, low: float, high: float, *, integer: bool = False) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if not math.isfinite(value) or not low <= value <= high:
        return False
    return not integer or float(value).is_integer()


def short_name(value: Any, parameter: str, *, default: str | None = None) -> str | None:
    """A short text field (part name, genre, scale) checked by type and length, else the error."""
    if value is None:
        return default
    if not isinstance(value, str) or not 0 < len(value) <= limits.MAX_NAME_LENGTH:
        raise EngineParameterError(parameter, value, f"a text of 1-{limits.MAX_NAME_LENGTH} characters")
    return value


def notes_from_data(
    value: Any, parameter: str, *, max_notes: int = limits.MAX_NOTES_PER_PART, max_beats: float | None = None
) -> list[Note]:
    """A list of notes in the API's note shape, each checked; ``max_beats`` bounds where notes end.

    This loop runs in the web process for every note a client sends, so it is written for speed:
    exact type tests instead of helper calls, one ``Note`` built per item.
    """
    if not isinstance(value, list) or not value or len(value) > max_notes:
        shown = f"<a list of {len(value)} notes>" if isinstance(value, list) else value
        raise EngineParameterError(parameter, shown, f"a list of 1-{max_notes} notes {NOTE_SHAPE}")
    end_limit = float(max_beats if max_beats is not None else limits.MAX_IDEA_BARS * BEATS_PER_BAR) + 1e-6
    notes: list[Note] = []
    append = notes.append
    for index, item in enumerate(value):
        try:
            pitch, start, duration = item["note"], item["start_time"], item["duration"]
            velocity = item.get("velocity", 100)
        except (KeyError, TypeError, AttributeError):
            raise EngineParameterError(f"{parameter}[{index}]", item, f"a note object {NOTE_SHAPE}") from None
        if type(pitch) is float and pitch.is_integer():
            pitch = int(pitch)  # 60.0 is a fine note number from JSON writers that only know floats
        # type() rather than isinstance(): True and False are ints to isinstance, never notes here.
        if (
            type(pitch) is not int
            or not 0 <= pitch <= 127
            or type(start) not in _NUMBER_TYPES
            or type(duration) not in _NUMBER_TYPES
            or type(velocity) not in _NUMBER_TYPES
            or not 0 <= start < end_limit  # NaN fails every comparison
            or not 0 < duration <= end_limit
            or not 1 <= velocity <= 127
            or velocity != int(velocity)
        ):
            raise EngineParameterError(f"{parameter}[{index}]", item, NOTE_SHAPE)
        if start + duration > end_limit:
            raise EngineParameterError(
                f"{parameter}[{index}]", item, f"a note ending by beat {end_limit - 1e-6:g} (the idea's length)"
            )
        append(Note(pitch, float(start), float(duration), int(velocity)))
    return notes


def _parts(data: dict[str, Any], parameter: str, max_beats: float) -> list[Part]:
    parts_data = data.get("parts")
    if not isinstance(parts_data, list) or not parts_data:
        # A bare ``notes`` list (the Co-Prod API's melody shape) is a one-part idea.
        if isinstance(data.get("notes"), list) and data["notes"]:
            parts_data = [{"name": "melody", "program": 0, "notes": data["notes"]}]
        else:
            raise EngineParameterError(parameter, "...", "a generation result (with parts or notes, bpm, key, scale)")
    if len(parts_data) > limits.MAX_PARTS:
        raise EngineParameterError(f"{parameter}.parts", f"<{len(parts_data)} parts>", f"at most {limits.MAX_PARTS}")
    total = sum(len(p.get("notes") or ()) if isinstance(p, dict) else 0 for p in parts_data)
    if total > limits.MAX_NOTES_PER_IDEA:
        raise EngineParameterError(
            f"{parameter}.parts", f"<{total} notes>", f"at most {limits.MAX_NOTES_PER_IDEA} notes in all"
        )
    parts = []
    for index, item in enumerate(parts_data):
        where = f"{parameter}.parts[{index}]"
        if not isinstance(item, dict):
            raise EngineParameterError(where, item, "a part {name, program, notes}")
        name = short_name(item.get("name"), f"{where}.name")
        program = item.get("program", 0)
        if not _number(program, 0, 127, integer=True):
            raise EngineParameterError(f"{where}.program", program, "a General MIDI program 0-127")
        glides = item.get("glides") or []
        if not isinstance(glides, list) or len(glides) > limits.MAX_NOTES_PER_PART:
            raise EngineParameterError(f"{where}.glides", "...", "a list of beats")
        if not all(_number(g, 0, max_beats) for g in glides):
            raise EngineParameterError(f"{where}.glides", "...", f"beats 0-{max_beats:g}")
        notes = notes_from_data(item.get("notes"), f"{where}.notes", max_beats=max_beats)
        parts.append(
            Part(
                name=str(name),
                program=int(program),
                notes=notes,
                is_drum=item.get("is_drum") is True,
                glides=[float(g) for g in glides],
            )
        )
    return parts


def _chords(value: Any, parameter: str, bars: int) -> list[ChordEvent]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > bars * BEATS_PER_BAR:
        raise EngineParameterError(parameter, "...", f"a list of at most {bars * BEATS_PER_BAR} chords")
    chords = []
    for index, item in enumerate(value):
        where = f"{parameter}[{index}]"
        if not isinstance(item, dict):
            raise EngineParameterError(where, item, "a chord {chord, start_bar, duration_bars}")
        pitches, start, length = item.get("chord"), item.get("start_bar"), item.get("duration_bars")
        if (
            not isinstance(pitches, list)
            or not 0 < len(pitches) <= 12
            or not all(_number(p, 0, 127, integer=True) for p in pitches)
            or not _number(start, 0, bars)
            or not _number(length, 0.01, bars)
        ):
            raise EngineParameterError(where, item, "a chord of 1-12 pitches inside the idea's bars")
        for field_name in ("roman_numeral", "symbol"):
            short_name(item.get(field_name) or None, f"{where}.{field_name}")
        root = item.get("root", min(pitches) % 12)
        if not _number(root, 0, 11, integer=True):
            raise EngineParameterError(f"{where}.root", root, "a pitch class 0-11")
        chords.append(
            ChordEvent(
                pitches=tuple(int(p) for p in pitches),
                roman_numeral=str(item.get("roman_numeral") or ""),
                start_bar=float(start),  # type: ignore[arg-type]
                duration_bars=float(length),  # type: ignore[arg-type]
                root=int(root),
                symbol=str(item.get("symbol") or ""),
            )
        )
    return chords


def _bars(data: dict[str, Any], parameter: str) -> int | None:
    bars = data.get("bars")
    if bars is None:
        return None
    if not _number(bars, 1, limits.MAX_IDEA_BARS, integer=True):
        raise EngineParameterError(f"{parameter}.bars", bars, f"1-{limits.MAX_IDEA_BARS} bars")
    return int(bars)


# Metres an idea may declare: numerators 1-16 over 2, 4, 8 or 16.
_DENOMINATORS = (2, 4, 8, 16)


def time_signature_from_data(value: Any, parameter: str) -> tuple[int, int]:
    """``"3/4"`` (or ``[3, 4]``) as a metre, 4/4 when absent; anything else is the error naming it."""
    if value is None:
        return (4, 4)
    parts: Any = value.split("/", 1) if isinstance(value, str) and len(value) <= 5 else value
    try:
        numerator, denominator = (int(p) for p in parts)
    except (TypeError, ValueError):
        raise EngineParameterError(parameter, value, "a metre such as 4/4, 3/4 or 6/8") from None
    if not 1 <= numerator <= 16 or denominator not in _DENOMINATORS:
        raise EngineParameterError(parameter, value, "a metre such as 4/4, 3/4 or 6/8")
    return (numerator, denominator)


def idea_from_data(data: Any, parameter: str = "original") -> Composition:
    """An :class:`Composition` from a result or vault ``data`` dict, every field checked against the limits.

    Raises :class:`EngineParameterError` naming ``parameter`` (or the field inside it) and the limit.
    """
    if not isinstance(data, dict):
        raise EngineParameterError(parameter, data, "a generation result (with parts or notes, bpm, key, scale)")
    bpm = data.get("bpm", 120) or 120
    if not _number(bpm, limits.MIN_IDEA_BPM, limits.MAX_IDEA_BPM):
        raise EngineParameterError.range(f"{parameter}.bpm", bpm, limits.MIN_IDEA_BPM, limits.MAX_IDEA_BPM)
    scale = short_name(data.get("scale") or None, f"{parameter}.scale", default="major")
    key_text = data.get("key") or "C"
    if not isinstance(key_text, str):
        raise EngineParameterError(f"{parameter}.key", key_text, "a key such as C, F# or Bb")
    key = parse_key(key_text, scale, parameter=f"{parameter}.key")
    genre = short_name(data.get("genre") if isinstance(data.get("genre"), str) else None, f"{parameter}.genre")
    declared_bars = _bars(data, parameter)
    time_signature = time_signature_from_data(data.get("time_signature"), f"{parameter}.time_signature")
    beats_per_bar = time_signature[0] * 4 / time_signature[1]
    # Notes may end anywhere inside the declared length, or (with no declared length) inside the
    # longest idea allowed; the idea is then as long as its last note.
    max_beats = float((declared_bars or limits.MAX_IDEA_BARS) * beats_per_bar)
    parts = _parts(data, parameter, max_beats)
    end = max((n.end for p in parts for n in p.notes), default=beats_per_bar)
    bars = declared_bars or max(1, math.ceil(end / beats_per_bar - 1e-9))
    seconds = bars * beats_per_bar * 60.0 / float(bpm)
    if seconds > limits.MAX_IDEA_SECONDS:
        raise EngineParameterError(
            f"{parameter}.bars", bars, f"at most {limits.MAX_IDEA_SECONDS:g} seconds of music at {bpm:g} BPM"
        )
    chords = _chords(data.get("progression"), f"{parameter}.progression", bars)
    metadata = data.get("metadata")
    return Composition(
        bpm=float(bpm),
        tonic=key.tonic,
        scale=key.scale,
        bars=bars,
        parts=parts,
        chords=chords,
        genre=genre,
        time_signature=time_signature,
        metadata=dict(metadata) if isinstance(metadata, dict) else {},
    )


def count_notes(data: Any) -> int:
    """How many notes a result or vault ``data`` holds, counted without reading a note."""
    if not isinstance(data, dict):
        return 0
    parts = data.get("parts")
    if isinstance(parts, list) and parts:
        return sum(len(p["notes"]) for p in parts if isinstance(p, dict) and isinstance(p.get("notes"), list))
    return len(data["notes"]) if isinstance(data.get("notes"), list) else 0


def check_merge_sources(sources: list[Any]) -> None:
    """Refuse a merge of too many ideas or notes before any of them is parsed (``sources``: data dicts)."""
    if len(sources) > limits.MAX_MERGE_SOURCES:
        raise EngineParameterError("idea_ids", f"<{len(sources)} ideas>", f"at most {limits.MAX_MERGE_SOURCES} ideas")
    total = sum(count_notes(data) for data in sources)
    if total > limits.MAX_MERGE_SOURCE_NOTES:
        raise EngineParameterError(
            "idea_ids", f"<{total} notes>", f"ideas holding at most {limits.MAX_MERGE_SOURCE_NOTES} notes together"
        )


def check_merge_size(sources: list[Composition], target_bars: int) -> None:
    """Refuse a merge whose looped result would exceed the merge limits, before any note is copied."""
    if len(sources) > limits.MAX_MERGE_SOURCES:
        raise EngineParameterError("idea_ids", f"<{len(sources)} ideas>", f"at most {limits.MAX_MERGE_SOURCES} ideas")
    if target_bars > limits.MAX_IDEA_BARS:
        raise EngineParameterError(
            "idea_ids", f"<{target_bars} bars>", f"a merge of at most {limits.MAX_IDEA_BARS} bars"
        )
    projected = 0
    for idea in sources:
        repeats = math.ceil(target_bars / max(1, idea.bars))
        projected += sum(len(p.notes) for p in idea.parts) * repeats
    if projected > limits.MAX_MERGE_NOTES:
        raise EngineParameterError(
            "idea_ids",
            f"<{projected} notes after looping>",
            f"a merge of at most {limits.MAX_MERGE_NOTES} notes once looped to {target_bars} bars",
        )
