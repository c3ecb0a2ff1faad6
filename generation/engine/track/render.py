"""The track's instrument stems, rendered in time slices so that both cores finish together.

:func:`..audio.render.render_stems` gives each part to one render thread. A full track has one
part that costs far more than the others (a synthwave chord part on General MIDI's Polysynth,
eighth-note comping with a long release, keeps FluidSynth busy for about 10 of a song's 12
CPU-seconds), so one thread works alone long after the other is done. Here every part is cut into
slices of :data:`SLICE_BARS` bars (a note belongs to the slice where it starts, and is rendered
whole), each slice is rendered from its own start on the renderer's thread pool
(:func:`..audio.render.render_pool`, :func:`..audio.synth.render_part`), and the slices are added
back at their offsets. A slice renders past its last note's end for as long as the renderer reckons
a released note rings (:data:`..audio.synth.MELODIC_RING_SECONDS`, ``DRUM_RING_SECONDS`` for drums),
so released notes ring out as in one long render (the renderer's own 1 s release comes on top).

Voices in FluidSynth are independent, so the sum of the slices is the part: the difference is
that a slice starts on its own 64-frame block (note onsets move by under 1.5 ms).
"""

from __future__ import annotations

import math
from concurrent.futures import Future

import numpy as np

from ..audio.render import render_pool
from ..audio.synth import DRUM_RING_SECONDS, MELODIC_RING_SECONDS, RELEASE_SECONDS, SAMPLE_RATE, render_part
from ..types import BEATS_PER_BAR, Composition, Note, Part

SLICE_BARS = 16


def _slices(part: Part, bars: int) -> list[tuple[float, Part]]:
    """(offset in beats, the part's notes starting in that slice moved to start at 0)."""
    slice_beats = SLICE_BARS * BEATS_PER_BAR
    groups: dict[int, list[Note]] = {}
    for note in part.notes:
        index = min(max(0, int(note.start // slice_beats)), max(0, math.ceil(bars / SLICE_BARS) - 1))
        groups.setdefault(index, []).append(note)
    slices = []
    for index in sorted(groups):
        offset = index * slice_beats
        notes = [Note(n.pitch, n.start - offset, n.duration, n.velocity) for n in groups[index]]
        slices.append((float(offset), Part(part.name, part.program, notes, part.is_drum)))
    return slices


def render_track_stems(idea: Composition) -> dict[str, np.ndarray]:
    """Each part of ``idea`` with notes as float32 stereo samples, all the song's length plus the release."""
    frames = round((idea.duration_seconds + RELEASE_SECONDS) * SAMPLE_RATE)
    seconds_per_beat = 60.0 / idea.bpm
    pool = render_pool()
    jobs: list[tuple[str, int, Future[np.ndarray]]] = []
    # Costly slices first (most notes), so the last jobs to start are short ones.
    work = [(part, offset, piece) for part in idea.parts if part.notes for offset, piece in _slices(part, idea.bars)]
    work.sort(key=lambda item: -len(item[2].notes))
    for part, offset, piece in work:
        end = max(n.end for n in piece.notes) * seconds_per_beat
        start_frame = round(offset * seconds_per_beat * SAMPLE_RATE)
        ring = DRUM_RING_SECONDS if part.is_drum else MELODIC_RING_SECONDS
        jobs.append((part.name, start_frame, pool.submit(render_part, piece, idea.bpm, end + ring)))
    stems: dict[str, np.ndarray] = {}
    for name, start_frame, future in jobs:
        samples = future.result()
        stem = stems.setdefault(name, np.zeros((frames, 2), dtype=np.float32))
        length = min(samples.shape[0], frames - start_frame)
        if length > 0:
            stem[start_frame : start_frame + length] += samples[:length]
    return stems


VOCAL_OVER_BED_DB = 0.0
BLOCK_SECONDS = 0.1
DECIMATE = 4
VOICED_BLOCK_DB = -30.0  # a block is sung if it is within 30 dB of the voice's loudest block


def balance_vocals(vocals: np.ndarray, instruments: dict[str, np.ndarray]) -> np.ndarray:
    """The vocal stem scaled to sit level with the instruments where it sings.

    Festival's voice comes normalised to a 0.8 peak while FluidSynth's parts sit 15-20 dB lower,
    so unbalanced the mix would be all voice. Over 100 ms blocks where the voice sounds, the
    voice's RMS is set to the RMS of the instruments' sum (+ :data:`VOCAL_OVER_BED_DB`); the
    mixer's role gains then apply to both as to any stem.
    """
    # Block powers from every DECIMATE-th frame: a level estimate, at a quarter of the memory traffic.
    block = round(BLOCK_SECONDS * SAMPLE_RATE) // DECIMATE
    blocks = vocals.shape[0] // DECIMATE // block
    if blocks == 0 or not instruments:
        return vocals
    used = blocks * block * DECIMATE
    bed = np.zeros(blocks * block, dtype=np.float32)
    for stem in instruments.values():
        usable = min(stem.shape[0], used)
        bed[: -(-usable // DECIMATE)] += stem[:usable:DECIMATE, 0] + stem[:usable:DECIMATE, 1]
    voice = vocals[:used:DECIMATE, 0] + vocals[:used:DECIMATE, 1]
    voice_power = np.square(voice, dtype=np.float64).reshape(blocks, block).mean(axis=1)
    bed_power = np.square(bed, dtype=np.float64).reshape(blocks, block).mean(axis=1)
    loudest = float(voice_power.max())
    if loudest <= 0:
        return vocals
    sung = voice_power >= loudest * 10 ** (VOICED_BLOCK_DB / 10)
    bed_level = float(bed_power[sung].mean())
    if bed_level <= 0:
        return vocals
    gain = math.sqrt(bed_level / float(voice_power[sung].mean())) * 10 ** (VOCAL_OVER_BED_DB / 20)
    return (vocals * np.float32(gain)).astype(np.float32)
