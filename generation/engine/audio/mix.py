"""The mixer: gain staging, constant-power pan, loudness normalisation and a limiter, in numpy.

Each stem gets a gain by role and a pan; the sum is normalised to :data:`TARGET_LUFS` integrated
loudness (ITU-R BS.1770-4, measured with pyloudnorm) and then limited to :data:`CEILING_DBFS`
with a smooth gain-reduction envelope (10 ms blocks, instant attack, 100 ms release). The
normalisation gain and the limiter's envelope are applied to every stem as well, so the returned
stems add up exactly to the mix: a producer can rebuild the mix from the stems.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TARGET_LUFS = -14.0
CEILING_DBFS = -1.0
ROLE_GAIN_DB = {
    "mix": 0.0,
    "drums": 0.0,
    "bass": -1.0,
    "chords": -6.0,
    "pad": -9.0,
    "melody": -3.0,
    "arp": -8.0,
    "counter_melody": -7.0,
    "vocals": -1.0,
}
ROLE_PAN = {
    "drums": 0.0,
    "bass": 0.0,
    "chords": -0.25,
    "pad": 0.3,
    "melody": 0.1,
    "arp": 0.35,
    "counter_melody": -0.35,
    "vocals": 0.0,
}
BLOCK_SECONDS = 0.01
RELEASE_SECONDS = 0.1


@dataclass(slots=True)
class Mix:
    mix: np.ndarray
    stems: dict[str, np.ndarray]
    loudness_lufs: float
    peak_dbfs: float


def _pan_and_gain(stem: np.ndarray, position: float, gain: float, length: int) -> np.ndarray:
    """The stem folded to mono and placed at ``position`` (-1 left ... +1 right) with constant power."""
    angle = (position + 1) * np.pi / 4
    mono = np.zeros(length, dtype=np.float32)
    mono[: stem.shape[0]] = stem[:, 0]
    mono[: stem.shape[0]] += stem[:, 1]
    mono *= np.float32(0.5 * gain * np.sqrt(2))
    out = np.empty((length, 2), dtype=np.float32)
    np.multiply(mono, np.float32(np.cos(angle)), out=out[:, 0])
    np.multiply(mono, np.float32(np.sin(angle)), out=out[:, 1])
    return out


def _limiter_envelope(signal: np.ndarray, sample_rate: int, ceiling: float) -> np.ndarray:
    block = max(1, int(BLOCK_SECONDS * sample_rate))
    frames = signal.shape[0]
    blocks = -(-frames // block)
    padded = np.zeros((blocks * block,), dtype=np.float32)
    padded[:frames] = np.abs(signal).max(axis=1)
    peaks = padded.reshape(blocks, block).max(axis=1)
    gains = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-9))
    # Instant attack (a block sees its neighbours' reduction), exponential release.
    gains = np.minimum(gains, np.concatenate([gains[1:], [1.0]]))
    release = np.exp(-BLOCK_SECONDS / RELEASE_SECONDS)
    smoothed = gains.copy()
    for i in range(1, len(smoothed)):
        smoothed[i] = min(gains[i], smoothed[i - 1] * release + (1 - release) * gains[i])
    envelope = np.repeat(smoothed, block)[:frames]
    return envelope.astype(np.float32)


def mix_stems(stems: dict[str, np.ndarray], sample_rate: int) -> Mix:
    """Stems (name -> (frames, 2) float32) in, processed stems and their sum out."""
    import pyloudnorm

    length = max(s.shape[0] for s in stems.values())
    staged = {
        name: _pan_and_gain(stem, ROLE_PAN.get(name, 0.0), 10 ** (ROLE_GAIN_DB.get(name, -4.0) / 20), length)
        for name, stem in stems.items()
    }
    total = np.zeros((length, 2), dtype=np.float32)
    for stem in staged.values():
        total += stem
    meter = pyloudnorm.Meter(sample_rate)
    loudness = meter.integrated_loudness(total) if np.abs(total).max() > 0 else -np.inf
    normalise = 10 ** ((TARGET_LUFS - loudness) / 20) if np.isfinite(loudness) else 1.0
    ceiling = 10 ** (CEILING_DBFS / 20)
    total *= np.float32(normalise)
    envelope = _limiter_envelope(total, sample_rate, ceiling)
    # The same gain curve on every stem and on the mix: the processed stems still add up to the mix.
    total *= envelope[:, None]
    for stem in staged.values():
        stem *= (envelope * np.float32(normalise))[:, None]
    mixed = total
    peak = float(np.abs(mixed).max()) if mixed.size else 0.0
    # The limiter only touches peaks; the normalised loudness stands for the mix's (within a fraction of a LU).
    final_loudness = TARGET_LUFS if np.isfinite(loudness) else -np.inf
    processed = staged
    return Mix(
        mix=mixed,
        stems=processed,
        loudness_lufs=float(final_loudness),
        peak_dbfs=float(20 * np.log10(peak)) if peak > 0 else -np.inf,
    )
