"""Integrated loudness (ITU-R BS.1770-4), vectorised: K-weighting, 400 ms gating blocks, two gates.

The K-weighting pre-filter (a high shelf, then a high-pass) is designed for any sample rate from
the analogue parameters that reproduce the standard's 48 kHz coefficients (as libebur128 does).
The blocks overlap by 75 %: the mean square of each 100 ms hop is computed once and a block is the
mean of four hops, so no Python loop runs over blocks or samples. It agrees with pyloudnorm to
within 0.1 LU (a test checks it) in a fraction of the time.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import signal

BLOCK_SECONDS = 0.4
HOPS_PER_BLOCK = 4
ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
_OFFSET = -0.691


def k_weighting(sample_rate: int) -> np.ndarray:
    """The BS.1770 pre-filter and RLB high-pass as second-order sections for ``scipy.signal.sosfilt``."""
    # Stage 1: the head's acoustic effect, a high shelf of about +4 dB above ~1.7 kHz.
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / sample_rate)
    vh = 10 ** (gain_db / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf = [
        (vh + vb * k / q + k * k) / a0,
        2 * (k * k - vh) / a0,
        (vh - vb * k / q + k * k) / a0,
        1.0,
        2 * (k * k - 1) / a0,
        (1 - k / q + k * k) / a0,
    ]
    # Stage 2: the revised low-frequency B-curve, a high-pass at ~38 Hz.
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / sample_rate)
    a0 = 1 + k / q + k * k
    high_pass = [1.0, -2.0, 1.0, 1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]
    return np.array([shelf, high_pass])


def integrated_loudness(samples: np.ndarray | list[np.ndarray], sample_rate: int) -> float:
    """LUFS of ``samples``: (frames, channels) or (frames,), or a list of 1-D channels (no copy made).

    ``-inf`` for silence or anything shorter than one 400 ms block.
    """
    if isinstance(samples, list):
        channels = samples
    else:
        interleaved = samples.reshape(samples.shape[0], -1)
        channels = [interleaved[:, index] for index in range(interleaved.shape[1])]
    hop = round(BLOCK_SECONDS / HOPS_PER_BLOCK * sample_rate)
    hops = channels[0].shape[0] // hop
    if hops < HOPS_PER_BLOCK:
        return -math.inf
    hop_power = np.zeros(hops)
    for channel in channels:
        # float32 in, float32 out: the filter's rounding moves the result by under 0.01 LU.
        sos = k_weighting(sample_rate).astype(np.float32 if channel.dtype == np.float32 else np.float64)
        weighted = signal.sosfilt(sos, channel[: hops * hop])
        np.square(weighted, out=weighted)
        # Mean square per hop (accumulated in float64), summed over channels (front channels all weigh 1.0).
        hop_power += weighted.reshape(hops, hop).mean(axis=1, dtype=np.float64)
    windows = np.lib.stride_tricks.sliding_window_view(hop_power, HOPS_PER_BLOCK)
    block_power = windows.mean(axis=1)
    with np.errstate(divide="ignore"):
        block_loudness = _OFFSET + 10 * np.log10(block_power)
    gated = block_power[block_loudness >= ABSOLUTE_GATE_LUFS]
    if gated.size == 0:
        return -math.inf
    relative_gate = _OFFSET + 10 * math.log10(float(gated.mean())) + RELATIVE_GATE_LU
    kept = block_power[(block_loudness >= ABSOLUTE_GATE_LUFS) & (block_loudness > relative_gate)]
    if kept.size == 0:
        return -math.inf
    return _OFFSET + 10 * math.log10(float(kept.mean()))
