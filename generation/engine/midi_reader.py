"""Any Standard MIDI File (type 0 or 1) as a :class:`Composition`, within the engine's limits.

The file's size and message count are checked before it is parsed, its notes are counted per part
and in all before a :class:`Note` is built, and its length in bars and seconds is checked like any
idea from outside (:mod:`generation.engine.limits`). A violation is an
:class:`EngineParameterError` naming ``parameter`` (the upload's field) and the limit.

How a file becomes parts: one part per (track, channel) pair that holds notes, named after the
track (``track_name``, cleaned and cut to a name's length; ``track 3`` without one), with the
channel's first program change; channel 10 is drums. Times are beats (the file's ticks over its
ticks per beat), so tempo changes move no note; the idea's tempo is the file's first (120 without
one), its metre the first time signature (4/4 without one). A note-on without its note-off ends
at the end of its track; overlapping notes of one pitch end first-in, first-out. The key
signature meta event, when present, is kept in ``metadata["key_signature"]`` and is *not* used as
the key: :mod:`generation.engine.analysis` reads the key from the notes.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict, deque

import mido

from . import limits
from .errors import EngineParameterError
from .types import Composition, Note, Part

DRUM_CHANNEL = 9
# Shortest note kept (a note-on and note-off on the same tick still sounds in a DAW).
MIN_DURATION = 1 / 64


def _clean_name(raw: str, fallback: str) -> str:
    printable = "".join(ch for ch in raw if ch.isprintable()).strip()
    return printable[: limits.MAX_NAME_LENGTH] or fallback


def midi_file_parse(data: bytes, parameter: str = "file") -> mido.MidiFile:
    """``data`` parsed by mido once its size is checked, then its message count checked (any type, 0-2).

    What every MIDI file from outside passes first, read into a :class:`Composition` or only stored
    (a stored upload may hold more than an idea may). Raises :class:`EngineParameterError`.
    """
    if not data:
        raise EngineParameterError(parameter, "empty", "a Standard MIDI File", "The uploaded file is empty")
    if len(data) > limits.MAX_MIDI_BYTES:
        raise EngineParameterError(
            parameter,
            f"{len(data)} bytes",
            f"at most {limits.MAX_MIDI_BYTES} bytes",
            f"MIDI files are limited to {limits.MAX_MIDI_BYTES // (1024 * 1024)} MiB",
        )
    try:
        midi = mido.MidiFile(file=io.BytesIO(data))
    except (OSError, EOFError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise EngineParameterError(
            parameter, "unreadable", "a Standard MIDI File", f"Not a readable MIDI file: {exc}"
        ) from None
    messages = sum(len(track) for track in midi.tracks)
    if messages > limits.MAX_MIDI_MESSAGES:
        raise EngineParameterError(parameter, f"{messages} messages", f"at most {limits.MAX_MIDI_MESSAGES} messages")
    return midi


def _check_counts(counts: dict[tuple[int, int], int], parameter: str) -> None:
    if not counts:
        raise EngineParameterError(
            parameter, "no notes", "a MIDI file with at least one note", "The MIDI file has no notes"
        )
    if len(counts) > limits.MAX_PARTS:
        raise EngineParameterError(parameter, f"{len(counts)} parts", f"at most {limits.MAX_PARTS} track/channel parts")
    biggest = max(counts.values())
    if biggest > limits.MAX_NOTES_PER_PART:
        raise EngineParameterError(parameter, f"{biggest} notes", f"at most {limits.MAX_NOTES_PER_PART} notes a part")
    total = sum(counts.values())
    if total > limits.MAX_NOTES_PER_IDEA:
        raise EngineParameterError(parameter, f"{total} notes", f"at most {limits.MAX_NOTES_PER_IDEA} notes in all")


def read_midi(data: bytes, parameter: str = "file") -> Composition:
    """The file's music as a :class:`Composition` (key C major until analysed). Raises :class:`EngineParameterError`."""
    midi = midi_file_parse(data, parameter)
    if midi.type == 2:
        raise EngineParameterError(parameter, "type 2", "a type 0 or type 1 MIDI file (one song)")
    ticks_per_beat = midi.ticks_per_beat or 480
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for index, track in enumerate(midi.tracks):
        for message in track:
            if message.type == "note_on" and message.velocity > 0:
                counts[(index, message.channel)] += 1
    _check_counts(counts, parameter)

    tempo: int | None = None
    time_signature: tuple[int, int] | None = None
    key_signature: str | None = None
    names: dict[int, str] = {}
    programs: dict[tuple[int, int], int] = {}
    notes: dict[tuple[int, int], list[Note]] = defaultdict(list)
    for index, track in enumerate(midi.tracks):
        now = 0
        sounding: dict[tuple[int, int], deque[tuple[int, int]]] = defaultdict(deque)
        for message in track:
            now += message.time
            kind = message.type
            if kind == "note_on" and message.velocity > 0:
                sounding[(message.channel, message.note)].append((now, message.velocity))
            elif kind in ("note_off", "note_on"):
                started = sounding.get((message.channel, message.note))
                if started:
                    start, velocity = started.popleft()
                    notes[(index, message.channel)].append(_note(message.note, start, now, velocity, ticks_per_beat))
            elif kind == "program_change":
                programs.setdefault((index, message.channel), message.program)
            elif kind == "set_tempo" and tempo is None:
                tempo = message.tempo
            elif kind == "time_signature" and time_signature is None:
                time_signature = (message.numerator, message.denominator)
            elif kind == "key_signature" and key_signature is None:
                key_signature = message.key
            elif kind == "track_name" and index not in names:
                names[index] = message.name
        for (channel, pitch), pending in sounding.items():
            for start, velocity in pending:
                notes[(index, channel)].append(_note(pitch, start, max(now, start + 1), velocity, ticks_per_beat))

    bpm = round(mido.tempo2bpm(tempo), 2) if tempo else 120.0
    if not limits.MIN_IDEA_BPM <= bpm <= limits.MAX_IDEA_BPM:
        raise EngineParameterError.range(f"{parameter}.tempo", bpm, limits.MIN_IDEA_BPM, limits.MAX_IDEA_BPM)
    numerator, denominator = time_signature or (4, 4)
    if not 1 <= numerator <= 16 or denominator not in (2, 4, 8, 16):
        numerator, denominator = 4, 4  # an exotic metre is read as 4/4; the notes keep their times
    beats_per_bar = numerator * 4 / denominator
    end = max(n.end for part_notes in notes.values() for n in part_notes)
    bars = max(1, math.ceil(end / beats_per_bar - 1e-6))
    if bars > limits.MAX_IDEA_BARS:
        raise EngineParameterError(f"{parameter}.bars", bars, f"at most {limits.MAX_IDEA_BARS} bars")
    seconds = bars * beats_per_bar * 60.0 / bpm
    if seconds > limits.MAX_IDEA_SECONDS:
        raise EngineParameterError(
            f"{parameter}.bars", bars, f"at most {limits.MAX_IDEA_SECONDS:g} seconds of music at {bpm:g} BPM"
        )

    parts = []
    taken: set[str] = set()
    for (index, channel), part_notes in sorted(notes.items()):
        is_drum = channel == DRUM_CHANNEL
        name = _clean_name(names.get(index, ""), "drums" if is_drum else f"track {index + 1}")
        if name in taken:
            name = f"{name[: limits.MAX_NAME_LENGTH - 4]} ch{channel + 1}"
        taken.add(name)
        part_notes.sort(key=lambda n: (n.start, n.pitch))
        program = 0 if is_drum else programs.get((index, channel), 0)
        parts.append(Part(name=name, program=program, notes=part_notes, is_drum=is_drum))
    metadata: dict[str, object] = {"source": "midi"}
    if key_signature:
        metadata["key_signature"] = key_signature
    return Composition(
        bpm=bpm,
        tonic=0,
        scale="major",
        bars=bars,
        parts=parts,
        time_signature=(numerator, denominator),
        metadata=metadata,
    )


def _note(pitch: int, start: int, end: int, velocity: int, ticks_per_beat: int) -> Note:
    begin = round(start / ticks_per_beat, 4)
    duration = max(MIN_DURATION, round((end - start) / ticks_per_beat, 4))
    return Note(pitch, begin, duration, velocity)
