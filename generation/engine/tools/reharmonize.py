"""The reharmonize tool: a new progression under a given melody, with voicings, a chord part and a bass."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..chord_reading import slots_per_bar
from ..chords import chords_part
from ..genres import get_genre
from ..params import Param
from ..reharmonisation import CHORD_RHYTHMS, reharmonise
from ..roles import melody_line
from ..theory import Key
from ..types import ChordEvent, Note, Part
from .base import MOOD, Progress, Tool, genre_param, notify
from .source import SOURCE, source_analysis, source_result

BASS_LOW = 36


def _held_chords(chords: list[ChordEvent], beats_per_bar: float) -> list[Note]:
    """Block chords, one per chord event (metres the comping patterns, written in 4/4, do not fit)."""
    return [
        Note(p, round(c.start_bar * beats_per_bar, 4), round(c.duration_bars * beats_per_bar, 4), 76)
        for c in chords
        for p in c.pitches
    ]


def _bass(chords: list[ChordEvent], beats_per_bar: float) -> list[Note]:
    """The roots, low, each held through its chord."""
    return [
        Note(
            BASS_LOW + (c.root - BASS_LOW) % 12,
            round(c.start_bar * beats_per_bar, 4),
            round(c.duration_bars * beats_per_bar - 0.05, 4),
            92,
        )
        for c in chords
    ]


def reharmonize(params: dict[str, Any], seed: int, progress: Progress | None) -> dict[str, Any]:
    analysis = source_analysis(params)
    source = analysis.idea
    melody_part, line = melody_line(source, analysis.roles)
    if melody_part is None or not line:
        from ..errors import EngineParameterError

        raise EngineParameterError("source", "<no melody>", "music with a melody (a single line or a chord part's top)")
    notify(progress, 40, "harmony")
    profile = get_genre(params["genre"] or source.genre or "pop")
    key = Key(source.tonic, source.scale)
    chords = reharmonise(
        line,
        key=key,
        bars=source.bars,
        beats_per_bar=source.beats_per_bar,
        slots_per_bar=slots_per_bar(source.time_signature),
        mood=params["mood"],
        genre=profile,
        chord_rhythm=params["chord_rhythm"],
        seed=seed,
    )
    notify(progress, 70, "voicing")
    if source.time_signature == (4, 4):
        comp = chords_part(chords=chords, genre=profile, key=key, seed=seed)
    else:
        comp = Part(name="chords", program=profile.programs["chords"], notes=_held_chords(chords, source.beats_per_bar))
    bass = Part(name="bass", program=profile.programs["bass"], notes=_bass(chords, source.beats_per_bar))
    melody = replace(melody_part, name="melody", notes=line)
    drums = [p for p in source.parts if p.is_drum]
    idea = replace(source, parts=[melody, comp, bass, *drums], chords=chords, genre=profile.name)
    extra = {"mood": params["mood"], "chord_rhythm": params["chord_rhythm"]}
    return source_result(idea, "reharmonization", analysis, extra)


TOOL = Tool(
    name="reharmonize",
    label="Re-harmonise",
    summary="A new progression under your melody: strong-beat notes as chord tones, in a mood and genre",
    params=(
        SOURCE,
        MOOD,
        genre_param(None),
        Param("chord_rhythm", "str", "auto", choices=CHORD_RHYTHMS, help="auto: a chord a bar, two where needed"),
    ),
    handler=reharmonize,
)
