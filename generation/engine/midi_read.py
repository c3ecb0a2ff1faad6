"""A Standard MIDI File in the result shape with parts named by role, for the challenge checks.

:func:`result_data_from_midi` reads uploaded bytes with the engine's one MIDI reader
(:mod:`generation.engine.midi_reader`: notes in beats, one part per (track, channel), bounded by
bytes, messages and the idea limits) and names each part by its role. The caller still passes the
result through :func:`generation.engine.boundary.idea_from_data`, like any music from outside.

A part's role (``melody``, ``chords``, ``bass``, ``drums``...) is what the constraint checks and
the players need, and a DAW's file does not say it: it is read from channel 10 (drums), the track
name (``"808"``, ``"Keys"``, ``"Lead"``), the General MIDI program (32-39 are basses), and last
from the notes (a part that mostly plays several notes at once is chords; a low line is bass).
The file is bounded in bytes and messages before mido parses it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .limits import MAX_MIDI_BYTES, MAX_MIDI_MESSAGES
from .midi_reader import read_midi

__all__ = ["MAX_MIDI_BYTES", "MAX_MIDI_MESSAGES", "ROLE_NAMES", "result_data_from_midi"]
# Track-name words that say a part's role, tried in this order (so "bass synth" is bass, not a synth lead).
_ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("drums", ("drum", "kit", "perc", "beat", "hat", "kick", "snare")),
    ("counter_melody", ("counter",)),
    ("bass", ("bass", "808", "sub")),
    ("arp", ("arp",)),
    ("pad", ("pad", "string")),
    ("chords", ("chord", "key", "piano", "rhodes", "harmony", "comp", "organ")),
    ("vocals", ("vocal", "vox", "voice", "sing")),
    ("melody", ("melody", "lead", "hook", "topline", "synth")),
)
ROLE_NAMES = ("melody", "chords", "bass", "drums", "arp", "counter_melody", "pad", "vocals")


def _role_from_name(name: str) -> str | None:
    text = name.strip().lower()
    if text in ROLE_NAMES:
        return text
    for role, words in _ROLE_WORDS:
        if any(word in text for word in words):
            return role
    return None


def _role_from_notes(notes: list[dict[str, Any]], program: int) -> str:
    if 32 <= program <= 39:
        return "bass"
    onsets: dict[float, int] = defaultdict(int)
    for note in notes:
        onsets[note["start_time"]] += 1
    stacked = sum(count for count in onsets.values() if count > 1)
    if stacked >= 0.5 * len(notes):
        return "chords"
    mean_pitch = sum(n["note"] for n in notes) / len(notes)
    return "bass" if mean_pitch < 50 else "melody"


def result_data_from_midi(data: bytes, parameter: str = "file") -> dict[str, Any]:
    """Uploaded MIDI bytes as result data ``{bpm, key, scale, time_signature, parts}``, parts named by role.

    The file is parsed by the engine's one MIDI reader (:func:`generation.engine.midi_reader.read_midi`,
    which bounds it by bytes, messages and the idea limits); the key is the file's key signature (C
    major without one). Raises :class:`EngineParameterError` for an empty, oversized, unreadable or
    note-less file, or one past the limits.
    """
    idea = read_midi(data, parameter)
    parts: list[dict[str, Any]] = []
    for part in idea.parts:
        notes = [
            {"note": n.pitch, "velocity": n.velocity, "start_time": n.start, "duration": n.duration} for n in part.notes
        ]
        role = "drums" if part.is_drum else (_role_from_name(part.name) or _role_from_notes(notes, part.program))
        if role == "drums" and not part.is_drum:
            role = _role_from_notes(notes, part.program)  # a pitched part named "beat" is not percussion
        parts.append({"name": role, "program": part.program, "is_drum": part.is_drum, "notes": notes})
    key_name = str(idea.metadata.get("key_signature") or "C")
    minor = key_name.endswith("m")
    return {
        "bpm": idea.bpm,
        "key": key_name[:-1] if minor else key_name,
        "scale": "minor" if minor else "major",
        "time_signature": f"{idea.time_signature[0]}/{idea.time_signature[1]}",
        "parts": parts,
    }
