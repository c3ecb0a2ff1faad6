"""Writers: an idea as a multi-track Standard MIDI File (mido) or MusicXML (music21).

MIDI: format 1, 480 ticks per beat; a conductor track with tempo, time signature and key
signature; one named track per part with its General MIDI program, drums on channel 10.
MusicXML: one part per pitched instrument, chord symbols above the first part, lyrics under a
part's notes when given, and drums on a percussion staff: every hit an unpitched note at the
drum's usual staff position (kick low, snare middle, cymbals on top with x noteheads), hits
that fall together stacked as one chord, on a 32nd-note grid.
"""

from __future__ import annotations

import io
from typing import Any

import mido

from .theory import Key
from .types import Composition, Part

TICKS_PER_BEAT = 480
DRUM_CHANNEL = 9
# mido key names for the key signature meta event (major / minor forms).
_SHARP_KEYS = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
_MINOR_KEYS = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "Bb", "B")


def key_signature_name(key: Key) -> str:
    """The key as mido writes it (``"Cm"``, ``"Eb"``); modes are written as their relative major/minor."""
    if key.scale in ("minor", "harmonic_minor", "melodic_minor", "minor_pentatonic", "blues"):
        return _MINOR_KEYS[key.tonic] + "m"
    if key.scale in ("major", "major_pentatonic"):
        return _SHARP_KEYS[key.tonic]
    from .theory import _parent_major_tonic

    return _SHARP_KEYS[_parent_major_tonic(key)]


def _ticks(beats: float) -> int:
    return max(0, round(beats * TICKS_PER_BEAT))


def _part_track(part: Part, channel: int) -> mido.MidiTrack:
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("track_name", name=part.name, time=0))
    if not part.is_drum:
        track.append(mido.Message("program_change", program=part.program, channel=channel, time=0))
    # (tick, note-offs before note-ons at the same tick, pitch, velocity): plain tuples sorted first,
    # then one mido message each, built with its delta time (no copies: mido validates every build).
    events: list[tuple[int, int, int, int]] = []
    for note in part.notes:
        start, end = _ticks(note.start), _ticks(note.end)
        end = max(end, start + 1)
        pitch = max(0, min(127, note.pitch))
        events.append((start, 1, pitch, max(1, min(127, note.velocity))))
        events.append((end, 0, pitch, 0))
    events.sort(key=lambda e: (e[0], e[1]))
    now = 0
    for tick, is_on, pitch, velocity in events:
        kind = "note_on" if is_on else "note_off"
        track.append(mido.Message(kind, note=pitch, velocity=velocity, channel=channel, time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=0))
    return track


def idea_to_midi_file(idea: Composition) -> mido.MidiFile:
    midi = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_BEAT)
    conductor = mido.MidiTrack()
    conductor.append(mido.MetaMessage("track_name", name="Co-Prod AI", time=0))
    conductor.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(idea.bpm), time=0))
    numerator, denominator = idea.time_signature
    conductor.append(mido.MetaMessage("time_signature", numerator=numerator, denominator=denominator, time=0))
    conductor.append(mido.MetaMessage("key_signature", key=key_signature_name(Key(idea.tonic, idea.scale)), time=0))
    conductor.append(mido.MetaMessage("end_of_track", time=_ticks(idea.total_beats)))
    midi.tracks.append(conductor)
    channel = 0
    for part in idea.parts:
        if part.is_drum:
            midi.tracks.append(_part_track(part, DRUM_CHANNEL))
            continue
        midi.tracks.append(_part_track(part, channel))
        channel = channel + 1 if channel + 1 != DRUM_CHANNEL else channel + 2
        channel %= 16
    return midi


def idea_to_midi(idea: Composition) -> bytes:
    """The idea as Standard MIDI File bytes."""
    buffer = io.BytesIO()
    idea_to_midi_file(idea).save(file=buffer)
    return buffer.getvalue()


def _spelled(pitch: int, engine_key: Key) -> Any:
    """A music21 pitch spelled as the key writes it, with no explicit natural sign.

    ``Note(67)`` would carry an explicit natural and MusicXML would fill with natural signs.
    """
    from music21 import pitch as m21pitch

    name = engine_key.spell(pitch % 12).replace("b", "-")
    spelled = m21pitch.Pitch(f"{name}{pitch // 12 - 1}")
    if spelled.midi != pitch:  # B#/Cb-style octave edge: fall back to the number
        spelled = m21pitch.Pitch(midi=pitch)
    if spelled.accidental is not None and spelled.accidental.name == "natural":
        spelled.accidental = None
    return spelled


# General MIDI drum key -> (staff position, notehead) in common drum-set notation.
DRUM_STAFF: dict[int, tuple[str, str]] = {
    35: ("F4", "normal"),
    36: ("F4", "normal"),
    37: ("C5", "x"),
    38: ("C5", "normal"),
    39: ("C5", "x"),
    40: ("C5", "normal"),
    41: ("A4", "normal"),
    42: ("G5", "x"),
    43: ("A4", "normal"),
    44: ("D4", "x"),
    45: ("D5", "normal"),
    46: ("G5", "circle-x"),
    47: ("D5", "normal"),
    48: ("E5", "normal"),
    49: ("A5", "x"),
    50: ("E5", "normal"),
    51: ("F5", "x"),
    53: ("F5", "diamond"),
    57: ("A5", "x"),
}
DRUM_GRID = 8  # steps per beat: 32nd notes keep trap hi-hat rolls apart
# Lengths one note head can show (quarter, dotted eighth ... 32nd). Another length (a swung hit's
# 5/8) is written as tied pieces, and each piece reads as one more hit.
DRUM_NOTE_LENGTHS = (1.0, 0.75, 0.5, 0.375, 0.25, 0.1875, 0.125)


def drum_hits(part: Part) -> dict[float, list[int]]:
    """The part's hits by onset on the drum grid (quarter lengths), each drum once per onset.

    A hit that rounds onto a step its drum already has (a triplet or humanised hi-hat roll, closer
    than a 32nd: a trap pattern lost 3 of its 75 hits) takes the next step after it, so every hit
    is written; two notes of one drum at the same instant are one hit.
    """
    hits: dict[float, list[int]] = {}
    last: dict[int, tuple[float, int]] = {}  # drum -> (start, step) of its previous hit
    for n in sorted(part.notes, key=lambda n: (n.start, n.pitch)):
        step = round(n.start * DRUM_GRID)
        previous = last.get(n.pitch)
        if previous is not None:
            if abs(n.start - previous[0]) < 1e-9:
                continue
            step = max(step, previous[1] + 1)
        last[n.pitch] = (n.start, step)
        hits.setdefault(step / DRUM_GRID, []).append(n.pitch)
    return hits


def _drum_part(part: Part, idea: Composition) -> Any:
    from music21 import clef, instrument, meter, note, percussion, stream

    m21_part = stream.Part(id=part.name)  # type: ignore[no-untyped-call]
    m21_part.partName = part.name
    m21_part.insert(0, instrument.UnpitchedPercussion())  # type: ignore[no-untyped-call]
    m21_part.insert(0, clef.PercussionClef())  # type: ignore[no-untyped-call]
    m21_part.insert(0, meter.TimeSignature(f"{idea.time_signature[0]}/{idea.time_signature[1]}"))
    hits = drum_hits(part)
    onsets = sorted(hits)
    bar = idea.time_signature[0] * 4 / idea.time_signature[1]
    for index, onset in enumerate(onsets):
        following = onsets[index + 1] if index + 1 < len(onsets) else max(onset + 1 / DRUM_GRID, idea.total_beats)
        # A drum hit has no length worth writing: the longest single head that fits before the next
        # hit and the barline (never tied, so every hit is written once; rests fill the rest).
        room = min(following - onset, (onset // bar + 1) * bar - onset)
        duration = next((length for length in DRUM_NOTE_LENGTHS if length <= room + 1e-9), 1 / DRUM_GRID)
        heads = []
        for key in sorted(hits[onset]):
            position, head = DRUM_STAFF.get(key, ("E4", "triangle"))
            hit = note.Unpitched(displayName=position)
            hit.notehead = head
            heads.append(hit)
        element: Any = heads[0] if len(heads) == 1 else percussion.PercussionChord(heads)
        element.quarterLength = duration
        m21_part.insert(onset, element)
    return m21_part


def idea_to_musicxml(idea: Composition, lyrics: dict[str, list[str | None]] | None = None) -> bytes:
    """The idea as MusicXML (pitched parts, chord symbols, optional lyrics per part)."""
    from music21 import chord, harmony, key, metadata, meter, note, stream, tempo

    from .harmony import chord_on_degree  # noqa: F401 - keeps symbol spelling consistent with the engine

    score = stream.Score()
    score.metadata = metadata.Metadata(title=str(idea.metadata.get("title", "Co-Prod AI idea")))
    engine_key = Key(idea.tonic, idea.scale)
    mode = "minor" if engine_key.is_minor else "major"
    for index, part in enumerate(p for p in idea.parts if not p.is_drum and p.notes):
        m21_part = stream.Part(id=part.name)  # type: ignore[no-untyped-call]
        m21_part.partName = part.name
        m21_part.insert(0, meter.TimeSignature(f"{idea.time_signature[0]}/{idea.time_signature[1]}"))
        m21_part.insert(0, key.Key(engine_key.tonic_name.replace("b", "-"), mode))
        if index == 0:
            m21_part.insert(0, tempo.MetronomeMark(number=idea.bpm))
            for event in idea.chords:
                try:
                    symbol = harmony.ChordSymbol(
                        event.symbol.replace("b", "-", 1)
                        if len(event.symbol) > 1 and event.symbol[1] == "b"
                        else event.symbol
                    )
                except Exception:  # noqa: BLE001, S112 - an exotic symbol is skipped, the notes still print
                    continue
                symbol.writeAsChord = False
                m21_part.insert(event.start_bar * 4, symbol)
        part_lyrics = (lyrics or {}).get(part.name)
        grouped: dict[float, list[Any]] = {}
        for i, n in enumerate(part.notes):
            grouped.setdefault(round(n.start * 4) / 4, []).append((i, n))
        for onset, group in sorted(grouped.items()):
            duration = max(0.25, round(max(n.duration for _, n in group) * 4) / 4)
            if len(group) == 1:
                i, n = group[0]
                element: Any = note.Note(_spelled(n.pitch, engine_key), quarterLength=duration)
                if part_lyrics and i < len(part_lyrics) and part_lyrics[i]:
                    element.lyric = part_lyrics[i]
            else:
                element = chord.Chord([_spelled(n.pitch, engine_key) for _, n in group], quarterLength=duration)
            m21_part.insert(onset, element)
        score.insert(0, m21_part)
    for part in idea.parts:
        if part.is_drum and part.notes:
            score.insert(0, _drum_part(part, idea))
    if not score.parts:
        # Nothing sounds (e.g. an empty drum part): MusicXML needs at least one part, so the idea's
        # bars are written as one part of rests rather than an empty, invalid score.
        silent = stream.Part(id="music")  # type: ignore[no-untyped-call]
        silent.insert(0, meter.TimeSignature(f"{idea.time_signature[0]}/{idea.time_signature[1]}"))
        silent.insert(0, key.Key(engine_key.tonic_name.replace("b", "-"), mode))
        silent.insert(0, note.Rest(quarterLength=idea.total_beats))
        score.insert(0, silent)
    score = score.makeNotation()  # type: ignore[no-untyped-call]
    from music21.musicxml.m21ToXml import GeneralObjectExporter

    return bytes(GeneralObjectExporter(score).parse())
