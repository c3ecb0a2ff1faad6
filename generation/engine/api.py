"""The engine's one facade: the tools, their parameters, and ``generate``.

The Django side (and the CLI) call only this module:

* :data:`TOOLS` and :func:`tool_catalog`: every tool's parameters (type, default, range, choices).
* :func:`validate_parameters`: a request's fields checked and completed with defaults (genre-aware:
  the tempo and scale default to the genre's), or an :class:`EngineParameterError` naming the field.
* :func:`generate`: the result for a tool, in the Co-Prod spec's ``data`` shape, plus what is needed
  to rebuild the idea (``parts``, ``progression``, ``bars``, ``bpm``) and its quality ``metrics``.
* :func:`idea_from_result`: a result back into an :class:`~generation.engine.types.Idea`.

Energy is ``low``/``medium``/``high`` (0.3/0.6/0.9) or a number 0-1. Lengths are bars, except the
arrangement's, which is seconds. ``progress(percent, stage)`` is called between steps.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from . import ideas
from .arpeggiator import ARP_PATTERNS, compose_arpeggio
from .bass import BASS_STYLES, compose_bassline
from .chords import chords_part, compose_chords
from .counter_melody import COUNTER_STYLES, compose_counter_melody
from .drums import compose_drums
from .errors import EngineParameterError
from .genres import GENRE_NAMES, GENRES, get_genre
from .melody import compose_melody
from .metrics import quality_metrics
from .params import Param, ToolSpec, validate
from .theory import SCALES, Key, parse_key
from .types import ChordEvent, Idea, Note, Part
from .variations import VARIATION_TYPES, vary_idea

Progress = Callable[[int, str], None]
SCALE_NAMES = tuple(SCALES)
MOOD_NAMES = ideas.MOODS


def _genre(default: str = "trap", name: str = "genre", required: bool = False) -> Param:
    return Param(name, "str", default, choices=GENRE_NAMES, required=required, help="Genre profile")


_KEY = Param("key", "str", None, help="Tonic: C, C#, Db... (C_minor / Cm also set the scale); default C")
_SCALE = Param("scale", "str", None, choices=SCALE_NAMES, help="Scale or mode; default: the genre's usual one")
_BPM = Param("bpm", "int", None, 40, 240, help="Tempo; default: the genre's")
_MOOD = Param("mood", "str", "neutral", choices=MOOD_NAMES, help="Steers progression, register and dynamics")
_ENERGY = Param("energy", "level", 0.6, help="low, medium, high or 0-1")
_COMPLEXITY = Param("complexity", "float", 0.5, 0, 1, help="Extensions, rhythmic detail, leaps")


def _bars(name: str, default: int, help_text: str = "Length in bars") -> Param:
    return Param(name, "int", default, 1, 64, help=help_text)


TOOLS: dict[str, ToolSpec] = {
    "melody": ToolSpec(
        "melody",
        "A motif-based melody over the genre's harmony",
        (
            _genre(),
            _BPM,
            _KEY,
            _SCALE,
            _MOOD,
            _ENERGY,
            _COMPLEXITY,
            Param("humanization", "float", 0.3, 0, 1, help="Timing and velocity feel"),
            Param("note_density", "float", 0.6, 0, 1, help="How busy the line is"),
            _bars("melody_length", 8),
            Param("octave_range", "int", 2, 1, 3, help="Range in octaves"),
        ),
    ),
    "chords": ToolSpec(
        "chords",
        "A chord progression with voicings",
        (
            _KEY,
            _SCALE,
            _genre("pop"),
            _MOOD,
            _COMPLEXITY,
            _bars("length", 4),
            Param("use_inversions", "bool", True),
            Param("voice_leading", "bool", True),
            _BPM,
        ),
    ),
    "bassline": ToolSpec(
        "bassline",
        "A bassline following the chord roots in a style",
        (
            _BPM,
            _KEY,
            _SCALE,
            _genre(),
            Param("style", "str", None, choices=BASS_STYLES, help="Default: the genre's"),
            _ENERGY,
            _bars("length", 8),
        ),
    ),
    "drums": ToolSpec(
        "drums",
        "A drum pattern on the genre's grid",
        (
            _BPM,
            _genre(),
            _ENERGY,
            _COMPLEXITY,
            _bars("length", 4),
            Param("swing", "float", None, 0, 1, help="0 straight ... 1 triplet; default: the genre's feel"),
            Param("humanization", "float", 0.2, 0, 1),
        ),
    ),
    "arpeggiator": ToolSpec(
        "arpeggiator",
        "An arpeggio of a chord across octaves",
        (
            _BPM,
            _KEY,
            _SCALE,
            _genre("synthwave"),
            Param("pattern", "str", "up", choices=ARP_PATTERNS),
            Param("chord", "int_list", None, -24, 36, help="Semitones above the tonic, e.g. [0, 4, 7]", max_items=8),
            _bars("length", 4),
            Param("octave_range", "int", 2, 1, 4),
            Param("rate", "float", 0.25, 0.0625, 4, help="Beats per step (0.25 = sixteenths)"),
            Param("gate", "float", 0.8, 0.05, 1, help="Share of each step the note holds"),
        ),
    ),
    "counter_melody": ToolSpec(
        "counter_melody",
        "A counter-melody for a given melody",
        (
            Param("main_melody", "notes", None, required=True, max_items=4000, help="The melody's notes"),
            _KEY,
            _SCALE,
            Param("style", "str", "harmony", choices=COUNTER_STYLES),
            _BPM,
            _genre("pop"),
        ),
    ),
    "arrangement": ToolSpec(
        "arrangement",
        "A whole song: sections, energy curve and every part",
        (
            _genre("pop"),
            _MOOD,
            _ENERGY,
            Param("length", "int", 180, 10, 600, help="Seconds"),
            _BPM,
            _KEY,
            _SCALE,
            _COMPLEXITY,
        ),
    ),
    "genre_fusion": ToolSpec(
        "genre_fusion",
        "A hybrid of two genres",
        (
            _genre("trap", "genre1", True),
            _genre("amapiano", "genre2", True),
            Param("weight", "float", 0.5, 0, 1, help="0 = all genre1, 1 = all genre2"),
            _KEY,
            _BPM,
            _bars("length", 8),
        ),
    ),
    "emotion": ToolSpec(
        "emotion",
        "Music for an emotion",
        (
            Param("emotion", "str", None, choices=tuple(ideas.EMOTIONS), required=True),
            Param("intensity", "float", 0.5, 0, 1),
            _KEY,
            _bars("length", 8),
        ),
    ),
    "surprise_me": ToolSpec(
        "surprise_me", "A complete beat starter pack with random, coherent parameters", (_bars("length", 8),)
    ),
    "extreme_inspiration": ToolSpec(
        "extreme_inspiration",
        "Parameters far from your habits",
        (
            Param("habits", "object", None, help="favorite_genres, favorite_bpms, favorite_scales, favorite_keys"),
            _bars("length", 8),
        ),
    ),
    "variations": ToolSpec(
        "variations",
        "A variation of an earlier result",
        (
            Param("original", "object", None, required=True, help="A generation's data"),
            Param("variation_type", "str", None, choices=VARIATION_TYPES, required=True),
        ),
    ),
}

_TONIC = re.compile(r"^\s*([A-Ga-g][#b♯♭]?)")


def tool_catalog() -> dict[str, Any]:
    """The tools and parameters as JSON, with each genre's tempo and scale defaults for forms."""
    return {
        "tools": {name: spec.to_dict() for name, spec in TOOLS.items()},
        "genres": {
            name: {
                "bpm_range": list(g.bpm_range),
                "default_bpm": g.default_bpm,
                "scales": list(g.scales),
                "bass_style": g.bass_style,
            }
            for name, g in GENRES.items()
        },
        "variation_types": list(VARIATION_TYPES),
    }


def _spelled_tonic(raw: str) -> str:
    match = _TONIC.match(raw)
    if not match:
        return raw
    text = match.group(1).replace("♯", "#").replace("♭", "b")
    return text[0].upper() + text[1:]


def validate_parameters(tool: str, raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` checked and completed for ``tool``. Raises :class:`EngineParameterError`."""
    if tool not in TOOLS:
        raise EngineParameterError.choice("tool", tool, TOOLS)
    if not isinstance(raw, dict):
        raise EngineParameterError("body", raw, "a JSON object")
    params = validate(TOOLS[tool], raw)
    genre_name = params.get("genre")
    profile = get_genre(genre_name) if genre_name else None
    if "key" in params and (params["key"] is not None or "scale" in params):
        key_text = params["key"] or "C"
        key = parse_key(key_text, params.get("scale") or (profile.default_scale if profile else None))
        params["key"] = _spelled_tonic(key_text)
        if "scale" in params:
            params["scale"] = key.scale
    if "bpm" in params and params["bpm"] is None and profile is not None:
        params["bpm"] = profile.default_bpm
    if tool == "variations":
        idea_from_result(params["original"])  # a clear error now, not in the worker
    return params


def _key(params: dict[str, Any]) -> Key:
    return parse_key(params.get("key") or "C", params.get("scale") or "major")


def _notify(progress: Progress | None, percent: int, stage: str) -> None:
    if progress is not None:
        progress(percent, stage)


def _idea_result(idea: Idea, result_type: str, extra: dict[str, Any], key_name: str | None = None) -> dict[str, Any]:
    key = Key(idea.tonic, idea.scale)
    bpm = int(idea.bpm) if float(idea.bpm).is_integer() else idea.bpm
    return {
        "type": result_type,
        "bpm": bpm,
        "key": key_name or key.tonic_name,
        "scale": idea.scale,
        "genre": idea.genre,
        "bars": idea.bars,
        **extra,
        "progression": [c.to_dict() for c in idea.chords],
        "sections": [s.to_dict() for s in idea.sections],
        "parts": [p.to_dict() for p in idea.parts],
        "metrics": quality_metrics(idea=idea),
        "metadata": dict(idea.metadata),
    }


def result_from_idea(idea: Idea, result_type: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A result (the shape :func:`generate` returns) for an idea built elsewhere, e.g. merged ideas."""
    lead = next((p for p in idea.parts if p.name in ("melody", "arp", "counter_melody", "bass")), None)
    return _idea_result(idea, result_type, {"notes": _part_data(lead), **(extra or {})})


def _part_data(part: Part | None) -> list[dict[str, Any]]:
    return [n.to_dict() for n in part.notes] if part else []


def generate(tool: str, params: dict[str, Any], *, seed: int, progress: Progress | None = None) -> dict[str, Any]:
    """The result of ``tool`` for validated ``params`` (see :func:`validate_parameters`)."""
    _notify(progress, 5, "planning")
    handler = _HANDLERS[tool]
    result = handler(params, seed, progress)
    _notify(progress, 95, "scoring")
    result["seed"] = seed
    return result


def _melody(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key, bars = _key(params), params["melody_length"]
    _notify(progress, 20, "harmony")
    chords = compose_chords(
        key=key, genre=params["genre"], mood=params["mood"], complexity=params["complexity"], bars=bars, seed=seed
    )
    _notify(progress, 50, "melody")
    melody = compose_melody(
        key=key,
        genre=params["genre"],
        chords=chords,
        bars=bars,
        mood=params["mood"],
        energy=params["energy"],
        complexity=params["complexity"],
        humanization=params["humanization"],
        note_density=params["note_density"],
        octave_range=params["octave_range"],
        seed=seed,
    )
    accompaniment = chords_part(chords=chords, genre=params["genre"], energy=params["energy"])
    idea = Idea(
        bpm=params["bpm"],
        tonic=key.tonic,
        scale=key.scale,
        bars=bars,
        parts=[melody, accompaniment],
        chords=chords,
        genre=get_genre(params["genre"]).name,
        metadata={"mood": params["mood"], "energy": _level_name(params["energy"]), "complexity": params["complexity"]},
    )
    return _idea_result(idea, "melody", {"notes": _part_data(melody)}, params["key"])


def _level_name(value: float) -> str | float:
    for name, level in (("low", 0.3), ("medium", 0.6), ("high", 0.9)):
        if abs(value - level) < 1e-9:
            return name
    return value


def _chords(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key, bars = _key(params), params["length"]
    _notify(progress, 40, "harmony")
    chords = compose_chords(
        key=key,
        genre=params["genre"],
        mood=params["mood"],
        complexity=params["complexity"],
        bars=bars,
        use_inversions=params["use_inversions"],
        voice_leading=params["voice_leading"],
        seed=seed,
    )
    profile = get_genre(params["genre"])
    idea = Idea(
        bpm=params["bpm"],
        tonic=key.tonic,
        scale=key.scale,
        bars=bars,
        parts=[chords_part(chords=chords, genre=profile)],
        chords=chords,
        genre=profile.name,
        metadata={"mood": params["mood"], "complexity": params["complexity"]},
    )
    return _idea_result(idea, "chord_progression", {}, params["key"])


def _bassline(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key, bars = _key(params), params["length"]
    profile = get_genre(params["genre"])
    chords = compose_chords(key=key, genre=profile, bars=bars, seed=seed)
    _notify(progress, 50, "bassline")
    bass = compose_bassline(
        key=key, genre=profile, chords=chords, bars=bars, style=params["style"], energy=params["energy"], seed=seed
    )
    idea = Idea(
        bpm=params["bpm"],
        tonic=key.tonic,
        scale=key.scale,
        bars=bars,
        parts=[bass],
        chords=chords,
        genre=profile.name,
        metadata={"energy": _level_name(params["energy"])},
    )
    style = params["style"] or profile.bass_style
    return _idea_result(
        idea, "bassline", {"style": style, "notes": _part_data(bass), "glides": bass.glides}, params["key"]
    )


def _drums(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    profile = get_genre(params["genre"])
    bars = params["length"]
    _notify(progress, 50, "drums")
    drums = compose_drums(
        genre=profile,
        bars=bars,
        energy=params["energy"],
        complexity=params["complexity"],
        swing=params["swing"],
        humanization=params["humanization"],
        seed=seed,
    )
    idea = Idea(
        bpm=params["bpm"],
        tonic=0,
        scale="major",
        bars=bars,
        parts=[drums],
        genre=profile.name,
        metadata={
            "energy": _level_name(params["energy"]),
            "complexity": params["complexity"],
            "swing": params["swing"]
            if params["swing"] is not None
            else round((profile.swing - 0.5) / (2 / 3 - 0.5), 3),
        },
    )
    result = _idea_result(idea, "drum_pattern", {"notes": _part_data(drums)})
    result.pop("key")
    result.pop("scale")
    return result


def _arpeggiator(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key, bars = _key(params), params["length"]
    profile = get_genre(params["genre"])
    _notify(progress, 50, "arpeggio")
    arp = compose_arpeggio(
        key=key,
        bars=bars,
        pattern=params["pattern"],
        chord_offsets=params["chord"],
        octave_range=params["octave_range"],
        rate=params["rate"],
        gate=params["gate"],
        seed=seed,
        program=profile.programs["arp"],
    )
    idea = Idea(bpm=params["bpm"], tonic=key.tonic, scale=key.scale, bars=bars, parts=[arp], genre=profile.name)
    return _idea_result(
        idea,
        "arpeggio",
        {"pattern": params["pattern"], "notes": _part_data(arp), "chord": params["chord"]},
        params["key"],
    )


def _counter_melody(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key = _key(params)
    melody_notes = [Note.from_dict(n) for n in params["main_melody"]]
    _notify(progress, 50, "counter-melody")
    counter = compose_counter_melody(key=key, melody=melody_notes, style=params["style"], seed=seed)
    end = max(n.end for n in melody_notes)
    bars = max(1, int(-(-end // 4)))
    profile = get_genre(params["genre"])
    main = Part(name="melody", program=profile.programs["melody"], notes=melody_notes)
    counter.program = profile.programs["counter_melody"]
    idea = Idea(
        bpm=params["bpm"], tonic=key.tonic, scale=key.scale, bars=bars, parts=[main, counter], genre=profile.name
    )
    return _idea_result(idea, "counter_melody", {"style": params["style"], "notes": _part_data(counter)}, params["key"])


def _arrangement(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key = _key(params)
    _notify(progress, 30, "arranging")
    idea, arrangement = ideas.compose_song(
        genre=params["genre"],
        mood=params["mood"],
        energy=params["energy"],
        key=key,
        bpm=params["bpm"] if "bpm" in params and params.get("bpm") else None,
        length_seconds=params["length"],
        seed=seed,
        complexity=params["complexity"],
    )
    _notify(progress, 80, "parts")
    return _idea_result(
        idea,
        "arrangement",
        {"arrangement": arrangement.to_dict(), "duration_seconds": round(arrangement.duration_seconds, 2)},
        params["key"],
    )


def _starter_pack(idea: Idea, result_type: str, extra: dict[str, Any], key_name: str | None = None) -> dict[str, Any]:
    """A multi-part idea as the spec's surprise-me shape: melody, chords, bassline and drums objects."""
    result = _idea_result(idea, result_type, extra, key_name)
    result["melody"] = {"notes": _part_data(idea.part("melody"))}
    result["chords"] = {"progression": result["progression"]}
    bass = idea.part("bass")
    result["bassline"] = {"notes": _part_data(bass), "glides": bass.glides if bass else []}
    result["drums"] = {"notes": _part_data(idea.part("drums"))}
    result["metadata"] = result["metadata"] | {
        "genre": result["genre"],
        "key": result["key"],
        "scale": result["scale"],
        "bpm": result["bpm"],
    }
    return result


def _genre_fusion(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key = parse_key(params["key"]) if params["key"] else None
    _notify(progress, 40, "blending")
    idea, blended = ideas.fuse_genres(
        genre1=params["genre1"],
        genre2=params["genre2"],
        weight=params["weight"],
        key=key,
        bpm=params["bpm"],
        bars=params["length"],
        seed=seed,
    )
    fusion = {
        "genres": [params["genre1"], params["genre2"]],
        "weight": params["weight"],
        "bpm_range": list(blended.bpm_range),
        "swing": round(blended.swing, 3),
        "bass_style": blended.bass_style,
        "drum_grid": dict(blended.drum_grid),
        "scales": list(blended.scales),
    }
    return _starter_pack(idea, "genre_fusion", {"fusion": fusion})


def _emotion(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    key = parse_key(params["key"]) if params["key"] else None
    _notify(progress, 40, "mapping emotion")
    idea, mapping = ideas.emotion_idea(
        emotion=params["emotion"], intensity=params["intensity"], key=key, bars=params["length"], seed=seed
    )
    return _starter_pack(
        idea, "emotion", {"emotion": params["emotion"], "intensity": params["intensity"], "mapping": mapping}
    )


def _surprise_me(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    rng = random.Random(seed)
    chosen = ideas.surprise_parameters(rng)
    key = parse_key(chosen["key"], chosen["scale"])
    _notify(progress, 40, f"{chosen['genre']} in {chosen['key']} {chosen['scale']}")
    idea = ideas.compose_idea(
        key=key,
        genre=chosen["genre"],
        bpm=chosen["bpm"],
        bars=params["length"],
        seed=seed,
        mood=chosen["mood"],
        energy=chosen["energy"],
        complexity=chosen["complexity"],
    )
    return _starter_pack(idea, "surprise_me", {"parameters": chosen}, chosen["key"])


def _extreme_inspiration(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    rng = random.Random(seed)
    chosen = ideas.extreme_parameters(params["habits"] or {}, rng)
    key = parse_key(chosen["key"], chosen["scale"])
    _notify(progress, 40, "breaking habits")
    idea = ideas.compose_idea(
        key=key,
        genre=chosen["genre"],
        bpm=chosen["bpm"],
        bars=params["length"],
        seed=seed,
        energy=chosen["energy"],
        complexity=chosen["complexity"],
        with_arp=True,
    )
    return _starter_pack(
        idea, "extreme_inspiration", {"parameters": chosen, "habits_broken": chosen["habits_broken"]}, chosen["key"]
    )


def _variations(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    original = idea_from_result(params["original"])
    _notify(progress, 40, params["variation_type"].replace("_", " "))
    varied = vary_idea(idea=original, variation_type=params["variation_type"], seed=seed)
    lead = next((p for p in varied.parts if p.name in ("melody", "arp", "counter_melody", "bass")), None)
    return _idea_result(
        varied,
        "variation",
        {
            "variation_type": params["variation_type"],
            "changes": varied.metadata["variation"]["changes"],
            "notes": _part_data(lead),
        },
    )


_HANDLERS: dict[str, Callable[[dict[str, Any], int, Progress | None], dict[str, Any]]] = {
    "melody": _melody,
    "chords": _chords,
    "bassline": _bassline,
    "drums": _drums,
    "arpeggiator": _arpeggiator,
    "counter_melody": _counter_melody,
    "arrangement": _arrangement,
    "genre_fusion": _genre_fusion,
    "emotion": _emotion,
    "surprise_me": _surprise_me,
    "extreme_inspiration": _extreme_inspiration,
    "variations": _variations,
}


def idea_from_result(data: dict[str, Any]) -> Idea:
    """Rebuild an :class:`Idea` from a result (``parts``, ``progression``, ``bpm``, ``key``, ``scale``).

    Raises :class:`EngineParameterError` (parameter ``original``) for data that is not a result.
    """
    try:
        parts_data = data.get("parts")
        if not isinstance(parts_data, list) or not parts_data:
            if isinstance(data.get("notes"), list) and data["notes"]:
                parts_data = [{"name": "melody", "program": 0, "notes": data["notes"]}]
            else:
                raise ValueError("no parts")
        parts = [Part.from_dict(p) for p in parts_data]
        bpm = float(data.get("bpm") or 120)
        scale = data.get("scale") or "major"
        key = parse_key(str(data.get("key") or "C"), scale)
        chords = [ChordEvent.from_dict(c) for c in data.get("progression") or []]
        end = max((n.end for p in parts for n in p.notes), default=4.0)
        bars = int(data.get("bars") or max(1, -(-end // 4)))
        if not 20 <= bpm <= 300 or not 1 <= bars <= 1000:
            raise ValueError("out of range")
        for part in parts:
            for note in part.notes:
                if not 0 <= note.pitch <= 127 or note.start < 0 or note.duration <= 0:
                    raise ValueError("bad note")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise EngineParameterError(
            "original",
            "...",
            "a generation result (with parts or notes, bpm, key, scale)",
            f"Invalid parameter: original is not a generation result ({exc})",
        ) from None
    return Idea(
        bpm=bpm,
        tonic=key.tonic,
        scale=key.scale,
        bars=bars,
        parts=parts,
        chords=chords,
        genre=data.get("genre") if isinstance(data.get("genre"), str) else None,
        metadata=dict(data.get("metadata") or {}),
    )
