"""Pitch estimation for checking sung vocals: autocorrelation on short windows (numpy only)."""

from __future__ import annotations

import numpy as np

MIN_HZ, MAX_HZ = 70.0, 1000.0


def estimate_pitch(window: np.ndarray, sample_rate: int) -> float | None:
    """Fundamental frequency of a mono window by normalised autocorrelation, or None if unvoiced."""
    window = window - window.mean()
    if np.sqrt(np.mean(window**2)) < 1e-3:
        return None
    n = len(window)
    spectrum = np.fft.rfft(window * np.hanning(n), n=2 * n)
    correlation = np.fft.irfft(spectrum * np.conj(spectrum))[:n]
    correlation /= correlation[0] + 1e-12
    low, high = int(sample_rate / MAX_HZ), int(sample_rate / MIN_HZ)
    if high >= n:
        high = n - 1
    lag = low + int(np.argmax(correlation[low:high]))
    if correlation[lag] < 0.3:
        return None
    # Parabolic interpolation around the peak for sub-sample precision.
    if 0 < lag < n - 1:
        a, b, c = correlation[lag - 1], correlation[lag], correlation[lag + 1]
        shift = 0.5 * (a - c) / (a - 2 * b + c + 1e-12)
        return float(sample_rate / (lag + shift))
    return float(sample_rate / lag)


def semitones_between(a: float, b: float) -> float:
    return float(12 * np.log2(a / b))
