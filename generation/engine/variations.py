"""Variations of an idea, each a named, explainable musical transformation that keeps it recognisable.

Pitched notes move by scale degree (a note keeps its degree and octave when the mode changes),
so contour and rhythm survive every variation except where the variation itself says otherwise.

* ``darker``: to the darker mode (major -> minor, minor/dorian -> phrygian), lead lines two degrees
  lower, chords rebuilt in the new mode, softer, 5 % slower.
* ``happier``: to the brighter mode (minor -> major, major -> lydian), lead lines two degrees higher,
  chords rebuilt, a little louder, 5 % faster.
* ``more_emotional``: wider melodic range (intervals from the line's centre stretched by 1.35),
  suspended chords (sus4 on every other chord), phrase-long swells in velocity, 3 % slower.
* ``more_energetic``: denser lead (held notes split into eighths), louder, 8 % faster (capped at
  200 BPM), drums and bass redrawn at higher energy where the idea has them.
* ``more_commercial``: rhythm simplified to eighths, the opening two bars repeated as the third and
  fourth (more repetition), range tightened (intervals from the centre scaled by 0.7), triads only.
* ``more_experimental``: chromatic passing notes between steps a whole tone apart, some notes
  displaced by an octave, some onsets pushed off the beat by a sixteenth, ninth chords. This is
  the one variation that leaves the scale on purpose.

Tempos stay whole BPM (a producer types 133, not 143.64): every tempo change is rounded.
``darker`` and ``happier`` are exact transformations and use no randomness
(:data:`SEEDLESS_VARIATIONS`): a new seed changes nothing, so a fresh take needs a new source.
"""

from __future__ import annotations

import random
from dataclasses import replace
from statistics import mean
from typing import Any

from .drums import compose_drums
from .errors import EngineParameterError
from .harmony import chord_on_degree, harmony_scale, voice_chord
from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Composition, Note, Part

VARIATION_TYPES = ("darker", "happier", "more_emotional", "more_energetic", "more_commercial", "more_experimental")
SEEDLESS_VARIATIONS = ("darker", "happier")
VARIATION_LABELS = {
    "darker": "Darker",
    "happier": "Happier",
    "more_emotional": "More emotional",
    "more_energetic": "More energetic",
    "more_commercial": "More commercial",
    "more_experimental": "More experimental",
}
LEAD = ("melody", "counter_melody", "arp", "vocals")
DARKER_MODE = {
    "major": "minor",
    "lydian": "major",
    "mixolydian": "dorian",
    "dorian": "phrygian",
    "minor": "phrygian",
    "harmonic_minor": "phrygian",
    "melodic_minor": "minor",
    "major_pentatonic": "minor_pentatonic",
    "phrygian": "locrian",
    "blues": "minor_pentatonic",
    "minor_pentatonic": "phrygian",
    "locrian": "locrian",
}
BRIGHTER_MODE = {
    "minor": "major",
    "phrygian": "minor",
    "dorian": "mixolydian",
    "harmonic_minor": "major",
    "melodic_minor": "major",
    "locrian": "phrygian",
    "major": "lydian",
    "mixolydian": "major",
    "minor_pentatonic": "major_pentatonic",
    "blues": "mixolydian",
    "lydian": "lydian",
    "major_pentatonic": "lydian",
}


def parse_variation_type(value: object) -> str:
    if not isinstance(value, str) or value.strip().lower() not in VARIATION_TYPES:
        raise EngineParameterError.choice("variation_type", value, VARIATION_TYPES)
    return value.strip().lower()


def _degree_of(key: Key, pitch: int) -> tuple[int, int]:
    """(scale degree index, semitones off the scale) of a pitch in ``key``, octave included."""
    steps = key.intervals
    relative = pitch - key.tonic
    octave, within = divmod(relative, 12)
    index = max(i for i, s in enumerate(steps) if s <= within)
    return octave * len(steps) + index, within - steps[index]


def _pitch_of(key: Key, degree: int, offset: int = 0) -> int:
    octave, index = divmod(degree, len(key.intervals))
    return key.tonic + 12 * octave + key.intervals[index] + offset


def remap(pitch: int, old: Key, new: Key, degree_shift: int = 0) -> int:
    """Move ``pitch`` to the same degree (plus ``degree_shift``) of ``new``."""
    if len(old.intervals) != len(new.intervals):
        return new.snap(pitch)
    degree, offset = _degree_of(old, pitch)
    return max(0, min(127, _pitch_of(new, degree + degree_shift, offset)))


def _rebuild_chords(chords: list[ChordEvent], old: Key, new: Key, kind_of: Any = None) -> list[ChordEvent]:
    rebuilt: list[ChordEvent] = []
    previous: tuple[int, ...] | None = None
    old_scale = harmony_scale(old)
    for i, event in enumerate(chords):
        relative = (event.root - old.tonic) % 12
        degree = min(range(7), key=lambda d: abs(old_scale[d] - relative))
        kind = kind_of(i, event) if kind_of else ("seventh" if len(event.pitches) >= 4 else "triad")
        spec = chord_on_degree(new, degree, kind)
        pitches = voice_chord(spec, previous)
        rebuilt.append(replace(event, pitches=pitches, roman_numeral=spec.roman, root=spec.root, symbol=spec.symbol))
        previous = pitches
    return rebuilt


def _notes_of(idea: Composition, names: tuple[str, ...]) -> list[Note]:
    return [n for p in idea.parts if p.name in names for n in p.notes]


def _mean_pitch(idea: Composition) -> float | None:
    notes = _notes_of(idea, LEAD) or [n for p in idea.parts if not p.is_drum for n in p.notes]
    return round(mean(n.pitch for n in notes), 2) if notes else None


def _density(idea: Composition) -> float:
    notes = _notes_of(idea, LEAD)
    return round(len(notes) / max(1, idea.bars), 3)


def _mode_change(
    idea: Composition, new_scale: str, degree_shift: int, velocity_delta: int, tempo_factor: float
) -> Composition:
    old, new = Key(idea.tonic, idea.scale), Key(idea.tonic, new_scale)
    parts = []
    for part in idea.parts:
        if part.is_drum:
            parts.append(part)
            continue
        shift = degree_shift if part.name in LEAD else 0
        notes = [
            Note(remap(n.pitch, old, new, shift), n.start, n.duration, max(1, min(127, n.velocity + velocity_delta)))
            for n in part.notes
        ]
        parts.append(replace(part, notes=notes))
    return replace(
        idea,
        scale=new_scale,
        parts=parts,
        chords=_rebuild_chords(idea.chords, old, new),
        bpm=round(idea.bpm * tempo_factor, 2),
    )


def _scale_intervals(part: Part, factor: float, key: Key) -> Part:
    if not part.notes:
        return part
    centre = mean(n.pitch for n in part.notes)
    notes = [
        Note(key.snap(round(centre + (n.pitch - centre) * factor)), n.start, n.duration, n.velocity) for n in part.notes
    ]
    return replace(part, notes=notes)


def _more_emotional(idea: Composition, rng: random.Random) -> Composition:
    key = Key(idea.tonic, idea.scale)
    parts = []
    for part in idea.parts:
        if part.name in LEAD:
            part = _scale_intervals(part, 1.35, key)
            phrase = 2 * BEATS_PER_BAR
            notes = []
            for n in part.notes:
                position = (n.start % phrase) / phrase  # swell to the middle of each phrase, then relax
                swell = 1 - abs(position - 0.5) * 2
                notes.append(
                    Note(n.pitch, n.start, n.duration, max(1, min(127, int(n.velocity * (0.75 + 0.45 * swell)))))
                )
            part = replace(part, notes=notes)
        parts.append(part)
    chords = _rebuild_chords(idea.chords, key, key, kind_of=lambda i, e: "sus4" if i % 2 else "add9")
    return replace(idea, parts=parts, chords=_rechord(parts, idea.chords, chords), bpm=round(idea.bpm * 0.97, 2))


def _rechord(parts: list[Part], old: list[ChordEvent], new: list[ChordEvent]) -> list[ChordEvent]:
    """Rewrite the ``chords`` part's notes to the new voicings (same rhythm)."""
    chords_part = next((p for p in parts if p.name == "chords"), None)
    if chords_part is not None:
        notes = []
        for n in chords_part.notes:
            bar = n.start / BEATS_PER_BAR
            index = next((i for i, e in enumerate(old) if e.start_bar <= bar < e.start_bar + e.duration_bars), None)
            if index is None:
                notes.append(n)
                continue
            old_pitches, new_pitches = sorted(old[index].pitches), sorted(new[index].pitches)
            if n.pitch in old_pitches and old_pitches.index(n.pitch) == 0:
                for p in new_pitches:
                    notes.append(Note(p, n.start, n.duration, n.velocity))
        chords_part.notes = notes
    return new


def _more_energetic(idea: Composition, rng: random.Random) -> Composition:
    parts = []
    for part in idea.parts:
        if part.name in LEAD:
            notes: list[Note] = []
            for n in part.notes:
                if n.duration >= 0.75:
                    count = max(2, round(n.duration / 0.5))
                    step = n.duration / count
                    notes.extend(
                        Note(n.pitch, round(n.start + step * i, 4), round(step * 0.9, 4), min(127, n.velocity + 15))
                        for i in range(count)
                    )
                else:
                    notes.append(Note(n.pitch, n.start, n.duration, min(127, n.velocity + 15)))
            part = replace(part, notes=notes)
        elif part.is_drum and idea.genre:
            part = compose_drums(
                genre=idea.genre.split("+")[0], bars=idea.bars, energy=0.95, complexity=0.8, seed=rng.randrange(2**31)
            )
        else:
            part = replace(
                part, notes=[Note(n.pitch, n.start, n.duration, min(127, n.velocity + 10)) for n in part.notes]
            )
        parts.append(part)
    return replace(idea, parts=parts, bpm=round(min(200.0, idea.bpm * 1.08), 2))


def _more_commercial(idea: Composition, rng: random.Random) -> Composition:
    key = Key(idea.tonic, idea.scale)
    parts = []
    for part in idea.parts:
        if part.name in LEAD and part.notes:
            quantised: dict[float, Note] = {}
            for n in part.notes:
                onset = round(n.start * 2) / 2
                quantised.setdefault(onset, Note(n.pitch, onset, max(0.5, round(n.duration * 2) / 2), n.velocity))
            notes = sorted(quantised.values(), key=lambda n: n.start)
            opening = [n for n in notes if n.start < 2 * BEATS_PER_BAR]
            if idea.bars >= 4:  # the hook comes back: bars 3-4 repeat bars 1-2
                notes = [n for n in notes if not 2 * BEATS_PER_BAR <= n.start < 4 * BEATS_PER_BAR]
                notes += [Note(n.pitch, n.start + 2 * BEATS_PER_BAR, n.duration, n.velocity) for n in opening]
            notes = [replace(n, duration=min(n.duration, idea.total_beats - n.start)) for n in notes]
            part = _scale_intervals(replace(part, notes=sorted(notes, key=lambda n: n.start)), 0.7, key)
        parts.append(part)
    chords = _rebuild_chords(idea.chords, key, key, kind_of=lambda i, e: "triad")
    return replace(idea, parts=parts, chords=_rechord(parts, idea.chords, chords))


def _more_experimental(idea: Composition, rng: random.Random) -> Composition:
    key = Key(idea.tonic, idea.scale)
    parts = []
    for part in idea.parts:
        if part.name in LEAD and part.notes:
            notes: list[Note] = []
            ordered = sorted(part.notes, key=lambda n: n.start)
            for i, n in enumerate(ordered):
                pitch = n.pitch + (12 if rng.random() < 0.15 else 0)
                start = n.start + (0.25 if rng.random() < 0.2 and n.duration > 0.5 else 0.0)
                duration = n.duration - (start - n.start)
                following = ordered[i + 1] if i + 1 < len(ordered) else None
                # An eighth note (articulated a little short of 0.5 beats) is long enough to split.
                if following is not None and abs(following.pitch - n.pitch) == 2 and duration >= 0.45:
                    half = duration / 2  # a chromatic passing note fills the whole tone
                    notes.append(Note(pitch, start, half, n.velocity))
                    notes.append(
                        Note(pitch + (1 if following.pitch > n.pitch else -1), start + half, half, n.velocity - 8)
                    )
                else:
                    notes.append(Note(pitch, start, duration, n.velocity))
            part = replace(part, notes=[nn for nn in notes if nn.pitch <= 127])
        parts.append(part)
    chords = _rebuild_chords(idea.chords, key, key, kind_of=lambda i, e: "ninth")
    return replace(idea, parts=parts, chords=_rechord(parts, idea.chords, chords))


def vary_idea(*, idea: Composition, variation_type: str, seed: int) -> Composition:
    """The variation of ``idea``; its ``metadata["variation"]`` says what changed, with before/after measures."""
    variation_type = parse_variation_type(variation_type)
    rng = random.Random(seed)
    if variation_type == "darker":
        result = _mode_change(idea, DARKER_MODE.get(idea.scale, "minor"), -2, -10, 0.95)
        changes = [f"mode {idea.scale} -> {result.scale}", "lead two scale degrees lower", "softer", "5% slower"]
    elif variation_type == "happier":
        result = _mode_change(idea, BRIGHTER_MODE.get(idea.scale, "major"), 2, 6, 1.05)
        changes = [f"mode {idea.scale} -> {result.scale}", "lead two scale degrees higher", "louder", "5% faster"]
    elif variation_type == "more_emotional":
        result = _more_emotional(idea, rng)
        changes = ["wider melodic range", "suspended and add9 chords", "phrase swells in dynamics", "3% slower"]
    elif variation_type == "more_energetic":
        result = _more_energetic(idea, rng)
        changes = ["denser lead (held notes split into eighths)", "louder", "8% faster", "busier drums"]
    elif variation_type == "more_commercial":
        result = _more_commercial(idea, rng)
        changes = ["rhythm simplified to eighths", "bars 3-4 repeat the opening hook", "tighter range", "triads only"]
    else:
        result = _more_experimental(idea, rng)
        changes = ["chromatic passing notes", "octave displacements", "off-beat pushes", "ninth chords"]
    result = replace(result, bpm=float(round(result.bpm)))
    result.metadata = dict(idea.metadata) | {
        "variation": {
            "type": variation_type,
            "changes": changes,
            "before": {
                "scale": idea.scale,
                "bpm": idea.bpm,
                "mean_pitch": _mean_pitch(idea),
                "density": _density(idea),
            },
            "after": {
                "scale": result.scale,
                "bpm": result.bpm,
                "mean_pitch": _mean_pitch(result),
                "density": _density(result),
            },
        }
    }
    return result
