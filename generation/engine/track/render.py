"""The track's instrument stems and the level of its sung vocal against them.

:func:`render_track_stems` renders every part with notes through the renderer
(:func:`..audio.render.render_stems`: each distinct note synthesised once, heavy parts dealt out
over the render threads so that both cores finish together); every stem has the song's length
plus the release tail. :func:`balance_vocals` sets the voice's level against the instruments.
"""

from __future__ import annotations

import math

import numpy as np

from ..audio.render import render_stems
from ..audio.synth import SAMPLE_RATE
from ..types import Composition


def render_track_stems(idea: Composition) -> dict[str, np.ndarray]:
    """Each part of ``idea`` with notes as float32 stereo samples, all the song's length plus the release."""
    return render_stems(idea)


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
