"""Reading a Standard MIDI File into the result shape, so outside MIDI meets the same boundary as JSON.

:func:`result_data_from_midi` turns uploaded bytes into ``{bpm, key, scale, parts}`` with notes
in beats (ticks / ticks per beat, so tempo changes do not move them), one part per (track,
channel). The caller passes the result through :func:`generation.engine.boundary.idea_from_data`,
which applies the idea limits (parts, notes, bars, seconds) before anything else reads it.

A part's role (``melody``, ``chords``, ``bass``, ``drums``...) is what the constraint checks and
the players need, and a DAW's file does not say it: it is read from channel 10 (drums), the track
name (``"808"``, ``"Keys"``, ``"Lead"``), the General MIDI program (32-39 are basses), and last
from the notes (a part that mostly plays several notes at once is chords; a low line is bass).
The file is bounded in bytes and messages before mido parses it.
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

import mido

from .errors import EngineParameterError
from .limits import MAX_NOTES_PER_IDEA

MAX_MIDI_BYTES = 2 * 1024 * 1024
MAX_MIDI_MESSAGES = 200_000
DRUM_CHANNEL = 9
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


def _check_size(data: bytes, parameter: str) -> None:
    if not data:
        raise EngineParameterError(parameter, "empty", "a Standard MIDI File", "The uploaded file is empty")
    if len(data) > MAX_MIDI_BYTES:
        raise EngineParameterError(
            parameter, f"{len(data)} bytes", f"at most {MAX_MIDI_BYTES} bytes", "MIDI files are limited to 2 MiB"
        )


def _track_parts(
    track: mido.MidiTrack, ticks_per_beat: int
) -> tuple[str, dict[int, list[dict[str, Any]]], dict[int, int]]:
    """(track name, notes per channel, program per channel) of one track."""
    name = ""
    tick = 0
    open_notes: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    notes: dict[int, list[dict[str, Any]]] = defaultdict(list)
    programs: dict[int, int] = {}

    def close(channel: int, pitch: int, end: int) -> None:
        start, velocity = open_notes[(channel, pitch)].pop(0)
        notes[channel].append(
            {
                "note": pitch,
                "velocity": max(1, min(127, velocity)),
                "start_time": round(start / ticks_per_beat, 4),
                "duration": round(max(end - start, 1) / ticks_per_beat, 4) or 0.001,
            }
        )

    for message in track:
        tick += message.time
        kind = message.type
        if kind == "track_name" and not name:
            name = str(message.name)[:32]
        elif kind == "program_change":
            programs.setdefault(message.channel, message.program)
        elif kind == "note_on" and message.velocity > 0:
            open_notes[(message.channel, message.note)].append((tick, message.velocity))
        elif kind in ("note_off", "note_on") and open_notes.get((message.channel, message.note)):
            close(message.channel, message.note, tick)
    for (channel, pitch), pending in list(open_notes.items()):
        while pending:  # a note never released ends with its track
            close(channel, pitch, max(tick, pending[0][0] + 1))
    return name, notes, programs


def result_data_from_midi(data: bytes, parameter: str = "file") -> dict[str, Any]:
    """Uploaded MIDI bytes as result data ``{bpm, key, scale, parts}`` (not yet checked against the limits).

    Raises :class:`EngineParameterError` for an empty, oversized, unreadable or note-less file.
    """
    _check_size(data, parameter)
    try:
        midi = mido.MidiFile(file=io.BytesIO(data))
    except (OSError, EOFError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise EngineParameterError(
            parameter, "unreadable", "a Standard MIDI File", f"Not a readable MIDI file: {exc}"
        ) from None
    messages = sum(len(track) for track in midi.tracks)
    if messages > MAX_MIDI_MESSAGES:
        raise EngineParameterError(parameter, f"{messages} messages", f"at most {MAX_MIDI_MESSAGES} messages")
    ticks_per_beat = midi.ticks_per_beat or 480
    tempo = next((m.tempo for t in midi.tracks for m in t if m.type == "set_tempo"), mido.bpm2tempo(120))
    key_name = next((str(m.key) for t in midi.tracks for m in t if m.type == "key_signature"), "C")
    parts: list[dict[str, Any]] = []
    total = 0
    for track in midi.tracks:
        name, by_channel, programs = _track_parts(track, ticks_per_beat)
        for channel, notes in sorted(by_channel.items()):
            total += len(notes)
            if total > MAX_NOTES_PER_IDEA:
                raise EngineParameterError(
                    parameter, f"<more than {MAX_NOTES_PER_IDEA} notes>", f"at most {MAX_NOTES_PER_IDEA} notes"
                )
            notes.sort(key=lambda n: (n["start_time"], n["note"]))
            program = programs.get(channel, 0)
            is_drum = channel == DRUM_CHANNEL
            role = "drums" if is_drum else (_role_from_name(name) or _role_from_notes(notes, program))
            if role == "drums" and not is_drum:
                role = _role_from_notes(notes, program)  # a pitched part named "beat" is not percussion
            parts.append({"name": role, "program": program, "is_drum": is_drum, "notes": notes})
    if not parts:
        raise EngineParameterError(
            parameter, "no notes", "a MIDI file with at least one note", "The MIDI file has no notes"
        )
    minor = key_name.endswith("m")
    return {
        "bpm": round(float(mido.tempo2bpm(tempo)), 2),
        "key": key_name[:-1] if minor else key_name,
        "scale": "minor" if minor else "major",
        "parts": parts,
    }
