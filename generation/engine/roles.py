"""Which part of a piece is its melody, its harmony, its bass and its drums.

The heuristics, in the order they are applied (each part gets exactly one role):

1. **drums**: the part plays on MIDI channel 10 (``is_drum``).
2. **harmony** (chordal): at least :data:`CHORDAL_SHARE` of the part's onsets sound two or more
   notes together (polyphony).
3. **bass**: of the remaining (single-line) parts, the one lowest in register (its median pitch),
   when that median is below :data:`BASS_CEILING` (G3), or when the piece has other pitched parts
   and this one sits at least :data:`BASS_GAP` semitones below all of them.
4. **melody**: of the single-line parts left, the highest in register (median pitch; the denser
   one on a tie), when it has at least one note per two bars on average.
5. **harmony**: every other part (inner voices, pads, counter-lines).

A piece whose only line is chordal (a piano part in one track) has no melody part; the tools that
need a line then read the chordal part's top notes (:func:`top_line`).

:func:`parts_named_by_role` names a file's parts as the engine names its own (``melody``,
``chords``, ``bass``, ``drums``, ``arp``...), for the challenge checks: channel 10 is drums; then
the track name says it (``"808"``, ``"Keys"``, ``"Lead"``); then the General MIDI program (32-39
are basses); last, the role read from the notes above (harmony is ``chords``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from statistics import median
from typing import Any

from .types import PART_NAMES, Composition, Note, Part

ROLES = ("melody", "harmony", "bass", "drums")
CHORDAL_SHARE = 0.3
BASS_CEILING = 55
BASS_GAP = 7
ONSET_TOLERANCE = 1 / 32
# The engine's part name for each role read from the notes.
ROLE_PART_NAMES = {"melody": "melody", "harmony": "chords", "bass": "bass", "drums": "drums"}
# Track-name words that say a part's role, tried in this order (so "bass synth" is bass, not a synth lead).
_NAME_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("drums", ("drum", "kit", "perc", "beat", "hat", "kick", "snare")),
    ("counter_melody", ("counter",)),
    ("bass", ("bass", "808", "sub")),
    ("arp", ("arp",)),
    ("pad", ("pad", "string")),
    ("chords", ("chord", "key", "piano", "rhodes", "harmony", "comp", "organ")),
    ("vocals", ("vocal", "vox", "voice", "sing")),
    ("melody", ("melody", "lead", "hook", "topline", "synth")),
)
GM_BASS_PROGRAMS = range(32, 40)


@dataclass(frozen=True, slots=True)
class PartReading:
    """What a part looks like, and the role read from it."""

    index: int
    name: str
    role: str
    reason: str
    notes: int
    median_pitch: float | None
    lowest: int | None
    highest: int | None
    polyphony: float
    notes_per_bar: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "name": self.name,
            "role": self.role,
            "reason": self.reason,
            "notes": self.notes,
            "median_pitch": self.median_pitch,
            "lowest": self.lowest,
            "highest": self.highest,
            "polyphony": round(self.polyphony, 3),
            "notes_per_bar": round(self.notes_per_bar, 2),
        }


def polyphony(notes: list[Note]) -> float:
    """Share of a part's onsets (within 1/32 beat) that sound two or more notes together."""
    if not notes:
        return 0.0
    onsets: dict[int, int] = {}
    for note in notes:
        slot = round(note.start / ONSET_TOLERANCE)
        onsets[slot] = onsets.get(slot, 0) + 1
    return sum(1 for count in onsets.values() if count > 1) / len(onsets)


@dataclass(frozen=True, slots=True)
class _Facts:
    index: int
    part: Part
    median: float | None
    poly: float
    density: float


def _assign(facts: list[_Facts]) -> dict[int, tuple[str, str]]:
    roles: dict[int, tuple[str, str]] = {}
    for fact in facts:
        if fact.part.is_drum:
            roles[fact.index] = ("drums", "plays on MIDI channel 10")
        elif fact.poly >= CHORDAL_SHARE:
            roles[fact.index] = ("harmony", f"{fact.poly:.0%} of its onsets are chords")
    pitched = [f for f in facts if f.median is not None]
    lines = sorted((f for f in pitched if f.index not in roles), key=lambda f: f.median or 0.0)
    if lines:
        low = lines[0]
        low_median = low.median or 0.0
        others = [f.median or 0.0 for f in pitched if f is not low]
        if low_median < BASS_CEILING or (others and all(low_median <= m - BASS_GAP for m in others)):
            why = "the lowest line" + (" (below G3)" if low_median < BASS_CEILING else ", well below the others")
            roles[low.index] = ("bass", why)
            lines = lines[1:]
    if lines:
        top = max(lines, key=lambda f: (f.median or 0.0, f.density))
        if top.density >= 0.5:
            roles[top.index] = ("melody", "the highest single line")
    return roles


def read_roles(idea: Composition) -> list[PartReading]:
    """One :class:`PartReading` per part of ``idea``, in its order."""
    bars = max(1, idea.bars)
    facts = [
        _Facts(
            index=index,
            part=part,
            median=float(median([n.pitch for n in part.notes])) if part.notes and not part.is_drum else None,
            poly=polyphony(part.notes),
            density=len(part.notes) / bars,
        )
        for index, part in enumerate(idea.parts)
    ]
    roles = _assign(facts)
    readings = []
    for fact in facts:
        role, reason = roles.get(fact.index, ("harmony", "a further line under the melody"))
        pitches = [n.pitch for n in fact.part.notes]
        pitched = bool(pitches) and not fact.part.is_drum
        readings.append(
            PartReading(
                index=fact.index,
                name=fact.part.name,
                role=role,
                reason=reason,
                notes=len(pitches),
                median_pitch=fact.median,
                lowest=min(pitches) if pitched else None,
                highest=max(pitches) if pitched else None,
                polyphony=fact.poly,
                notes_per_bar=fact.density,
            )
        )
    return readings


def top_line(notes: list[Note]) -> list[Note]:
    """The highest note at each onset (a chordal part read as a line), in time order."""
    by_onset: dict[int, Note] = {}
    for note in notes:
        slot = round(note.start / ONSET_TOLERANCE)
        if slot not in by_onset or note.pitch > by_onset[slot].pitch:
            by_onset[slot] = note
    return [by_onset[s] for s in sorted(by_onset)]


def part_with_role(idea: Composition, readings: list[PartReading], role: str) -> Part | None:
    """The first part read as ``role``, or ``None``."""
    return next((idea.parts[r.index] for r in readings if r.role == role), None)


def melody_line(idea: Composition, readings: list[PartReading]) -> tuple[Part | None, list[Note]]:
    """The melody part and its line; without one, the top line of the highest chordal part."""
    melody = part_with_role(idea, readings, "melody")
    if melody is not None:
        return melody, top_line(melody.notes)
    chordal = [r for r in readings if r.role == "harmony" and r.median_pitch is not None]
    if not chordal:
        return None, []
    highest = max(chordal, key=lambda r: r.median_pitch or 0)
    part = idea.parts[highest.index]
    return part, top_line(part.notes)


def _part_name_from_track_name(name: str) -> str | None:
    text = name.strip().lower()
    if text in PART_NAMES:
        return text
    for part_name, words in _NAME_WORDS:
        if any(word in text for word in words):
            return part_name
    return None


def parts_named_by_role(idea: Composition) -> Composition:
    """``idea`` with each part renamed to the engine's name for its role (see the module docstring)."""
    names = []
    for part, reading in zip(idea.parts, read_roles(idea), strict=True):
        named = "drums" if part.is_drum else _part_name_from_track_name(part.name)
        if named is None or (named == "drums" and not part.is_drum):
            # No word for it, or a pitched part named "beat" (not percussion): the program, then the notes, say it.
            named = "bass" if part.program in GM_BASS_PROGRAMS else ROLE_PART_NAMES[reading.role]
        names.append(named)
    return replace(idea, parts=[replace(p, name=n) for p, n in zip(idea.parts, names, strict=True)])
