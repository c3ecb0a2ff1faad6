"""A known piece, written as a real MIDI file with mido, for the constraint checks.

Four bars of trap-ish C minor at 140 BPM: a "Keys" track playing Cm - Ab - Eb - Bb (i - VI - III -
VII), an "808" track on the roots, drums on channel 10, and a "Lead" whose first bar plays the hook
G - Bb - C - G (+3 +2 -5) in eighths, a dotted eighth and a long note.
"""

from __future__ import annotations

import io

import mido

from generation.engine.midi_reader import read_midi
from generation.engine.results import composition_data
from generation.engine.roles import parts_named_by_role
from generation.engine.types import Composition

TPB = 480
CHORDS = [(48, 51, 55), (44, 48, 51), (51, 55, 58), (46, 50, 53)]  # Cm, Ab, Eb, Bb
BASS_ROOTS = [36, 32, 39, 34]
# (pitch, start beat, length beats)
LEAD = [
    (67, 0.0, 0.5),
    (70, 0.5, 0.5),
    (72, 1.0, 0.75),
    (67, 1.75, 1.25),
    (63, 4.0, 1.0),
    (65, 5.0, 1.0),
    (67, 6.0, 2.0),
    (70, 8.0, 1.0),
    (68, 9.0, 1.0),
    (67, 10.0, 2.0),
    (65, 12.0, 1.0),
    (63, 13.0, 1.0),
    (60, 14.0, 2.0),
]
HOOK = [
    {"note": 67, "start_time": 0.0, "duration": 0.5},
    {"note": 70, "start_time": 0.5, "duration": 0.5},
    {"note": 72, "start_time": 1.0, "duration": 0.75},
    {"note": 67, "start_time": 1.75, "duration": 1.25},
]


def _track(name: str, channel: int, notes: list[tuple[int, float, float]], program: int | None = 0) -> mido.MidiTrack:
    track = mido.MidiTrack([mido.MetaMessage("track_name", name=name, time=0)])
    if program is not None:
        track.append(mido.Message("program_change", program=program, channel=channel, time=0))
    events = []
    for pitch, start, length in notes:
        events.append((round(start * TPB), 1, pitch))
        events.append((round((start + length) * TPB), 0, pitch))
    now = 0
    for tick, on, pitch in sorted(events, key=lambda e: (e[0], e[1])):
        kind = "note_on" if on else "note_off"
        track.append(mido.Message(kind, note=pitch, velocity=90 if on else 0, channel=channel, time=tick - now))
        now = tick
    return track


def known_midi(*, bpm: float = 140, lead: list[tuple[int, float, float]] | None = None) -> bytes:
    midi = mido.MidiFile(type=1, ticks_per_beat=TPB)
    conductor = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm), time=0)])
    midi.tracks.append(conductor)
    chords = [(p, bar * 4.0, 4.0) for bar, chord in enumerate(CHORDS) for p in chord]
    midi.tracks.append(_track("Keys", 0, chords, program=4))
    midi.tracks.append(_track("808", 1, [(r, bar * 4.0, 4.0) for bar, r in enumerate(BASS_ROOTS)], program=38))
    kicks = [(36, beat * 1.0, 0.25) for beat in range(16)] + [(42, beat + 0.5, 0.25) for beat in range(16)]
    midi.tracks.append(_track("Drums", 9, kicks, program=None))
    midi.tracks.append(_track("Lead", 2, lead if lead is not None else LEAD, program=81))
    buffer = io.BytesIO()
    midi.save(file=buffer)
    return buffer.getvalue()


def known_music(**kwargs: object) -> Composition:
    """The known piece as the challenge checks read a MIDI file: the engine's reader, parts named by role."""
    return parts_named_by_role(read_midi(known_midi(**kwargs)))  # type: ignore[arg-type]


def known_data(**kwargs: object) -> dict:
    """The known piece in the result shape (what a generation of it would store)."""
    return composition_data(known_music(**kwargs))
