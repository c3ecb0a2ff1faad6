"""MIDI written by other tools than the engine, for the tests of the reader, the analysis and the tools.

* :func:`corpus_midi`: a piece of music21's corpus written to a Standard MIDI File by music21, with
  its written key (the key the score declares, mode included).
* :func:`mido_file`: a file built note by note with mido (tracks of ``(pitch, start, length)`` in
  beats), for exact expectations.
"""

from __future__ import annotations

import io
import os
import tempfile
from functools import lru_cache

import mido

# Bach chorales whose scores declare their key with its mode (every 12th of music21's corpus).
CHORALE_SAMPLE_STEP = 12


@lru_cache(maxsize=64)
def corpus_midi(name: str) -> tuple[bytes, tuple[int, str] | None]:
    """The piece as MIDI bytes written by music21, and its written key as (tonic pitch class, mode)."""
    from music21 import corpus
    from music21 import key as m21key

    score = corpus.parse(name)
    written = score.recurse().getElementsByClass(m21key.Key).first()
    handle, path = tempfile.mkstemp(suffix=".mid")
    os.close(handle)
    try:
        score.write("midi", fp=path)
        with open(path, "rb") as file:
            data = file.read()
    finally:
        os.unlink(path)
    return data, (written.tonic.pitchClass, written.mode) if written is not None else None


def chorale_sample() -> list[str]:
    """A fixed sample of Bach chorales (music21's corpus) that declare a key with its mode."""
    from music21 import corpus

    paths = corpus.getComposer("bach")[::CHORALE_SAMPLE_STEP]
    return [str(p) for p in paths if str(p).endswith((".mxl", ".xml"))]


def mido_file(
    tracks: list[tuple[str, int, int, list[tuple[int, float, float]]]],
    *,
    bpm: float = 120,
    time_signature: tuple[int, int] = (4, 4),
    ticks_per_beat: int = 96,
    file_type: int = 1,
) -> bytes:
    """A Standard MIDI File: ``tracks`` of (name, channel, program, [(pitch, start beat, length beats)])."""
    midi = mido.MidiFile(type=file_type, ticks_per_beat=ticks_per_beat)
    conductor = mido.MidiTrack()
    conductor.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm)))
    conductor.append(mido.MetaMessage("time_signature", numerator=time_signature[0], denominator=time_signature[1]))
    midi.tracks.append(conductor)
    for name, channel, program, notes in tracks:
        track = mido.MidiTrack()
        track.append(mido.MetaMessage("track_name", name=name))
        track.append(mido.Message("program_change", program=program, channel=channel))
        events = []
        for pitch, start, length in notes:
            events.append((round(start * ticks_per_beat), 1, pitch))
            events.append((round((start + length) * ticks_per_beat), 0, pitch))
        events.sort(key=lambda e: (e[0], e[1]))
        now = 0
        for tick, is_on, pitch in events:
            kind = "note_on" if is_on else "note_off"
            track.append(mido.Message(kind, note=pitch, velocity=96 if is_on else 0, channel=channel, time=tick - now))
            now = tick
        midi.tracks.append(track)
    buffer = io.BytesIO()
    midi.save(file=buffer)
    return buffer.getvalue()


# A C-minor song sketch written by hand: i - VI - III - V under a tune that ends on the tonic.
C_MINOR_ROOTS = (48, 44, 51, 43)  # C, Ab, Eb, G
C_MINOR_TUNE = [
    (72, 0, 1), (70, 1, 0.5), (67, 1.5, 0.5), (68, 2, 1.5), (67, 3.5, 0.5),
    (68, 4, 1), (67, 5, 0.5), (65, 5.5, 0.5), (63, 6, 1.5), (65, 7.5, 0.5),
    (67, 8, 1), (70, 9, 0.5), (72, 9.5, 0.5), (70, 10, 1.5), (67, 11.5, 0.5),
    (71, 12, 1), (74, 13, 0.5), (72, 13.5, 0.5), (71, 14, 1.5), (67, 15.5, 0.5),
    (72, 16, 1), (70, 17, 0.5), (67, 17.5, 0.5), (68, 18, 1.5), (67, 19.5, 0.5),
    (68, 20, 1), (67, 21, 0.5), (65, 21.5, 0.5), (63, 22, 1.5), (62, 23.5, 0.5),
    (63, 24, 1), (67, 25, 0.5), (70, 25.5, 0.5), (67, 26, 1.5), (65, 27.5, 0.5),
    (62, 28, 1), (65, 29, 0.5), (67, 29.5, 0.5), (60, 30, 2),
]  # fmt: skip


def c_minor_song(*, with_drums: bool = False) -> bytes:
    """Eight bars in C minor at 96 BPM: lead (program 80), bass (33), block-chord piano (0)[, drums]."""
    bass, chords = [], []
    triads = {48: (60, 63, 67), 44: (60, 63, 68), 51: (58, 63, 67), 43: (59, 62, 67)}
    for bar in range(8):
        root = C_MINOR_ROOTS[bar % 4]
        for start, length in ((0, 0.75), (0.75, 0.25), (1.5, 0.5), (2.5, 1.0), (3.5, 0.5)):
            bass.append((root - 12 + (12 if start == 3.5 else 0), bar * 4 + start, length))
        chords += [(p, bar * 4, 4) for p in triads[48 if bar == 7 else root]]
    bass[-5:] = [(36, 28, 4)]  # the last bar holds the tonic
    tracks = [("Lead", 0, 80, C_MINOR_TUNE), ("Bass", 1, 33, bass), ("Piano", 2, 0, chords)]
    if with_drums:
        hits = [(36, b * 4 + s, 0.1) for b in range(8) for s in (0, 2.5)]
        hits += [(38, b * 4 + s, 0.1) for b in range(8) for s in (1, 3)]
        tracks.append(("Beat", 9, 0, hits))
    return mido_file(tracks, bpm=96)
