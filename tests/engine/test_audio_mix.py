"""The mixer's pieces against references: loudness against pyloudnorm, the limiter's ceiling and release."""

from __future__ import annotations

import math

import numpy as np
import pyloudnorm
import pytest

from generation.engine.audio.loudness import integrated_loudness
from generation.engine.audio.mix import (
    BLOCK_SECONDS,
    CEILING_DBFS,
    RELEASE_DB_PER_SECOND,
    TARGET_LUFS,
    limiter_envelope,
    mix_stems,
)

RATE = 44100


def _noise_song(seconds: float, seed: int = 3) -> np.ndarray:
    """Stereo noise with a 110 Hz tone whose level changes every second: something for the gates to do."""
    rng = np.random.default_rng(seed)
    frames = int(seconds * RATE)
    t = np.arange(frames) / RATE
    level = np.repeat(rng.uniform(0.01, 0.5, int(seconds) + 1), RATE)[:frames]
    tone = 0.3 * np.sin(2 * np.pi * 110 * t)
    return np.stack([level * rng.standard_normal(frames) * 0.2 + tone, level * rng.standard_normal(frames) * 0.2], 1)


@pytest.mark.parametrize("seconds", [0.5, 3.0, 30.0])
def test_loudness_agrees_with_pyloudnorm(seconds):
    song = _noise_song(seconds)

    ours = integrated_loudness(song.astype(np.float32), RATE)
    reference = pyloudnorm.Meter(RATE).integrated_loudness(song)

    assert ours == pytest.approx(reference, abs=0.1)


def test_loudness_of_silence_and_of_too_short_a_signal_is_minus_infinity():
    assert integrated_loudness(np.zeros((RATE, 2), dtype=np.float32), RATE) == -math.inf
    assert integrated_loudness(np.ones((RATE // 4, 2), dtype=np.float32), RATE) == -math.inf


def test_the_limiter_holds_the_ceiling_and_releases_at_its_rate():
    ceiling = 0.5
    frames = 2 * RATE
    signal = np.full((frames, 2), 0.25, dtype=np.float32)
    burst = slice(RATE // 2, RATE // 2 + 441)  # one 10 ms block at twice the ceiling: 6.02 dB over
    signal[burst] = 1.0

    envelope = limiter_envelope([signal[:, 0], signal[:, 1]], RATE, ceiling)

    assert envelope.dtype == np.float32
    assert float(np.max(np.abs(signal) * envelope[:, None])) <= ceiling * (1 + 1e-6)
    assert envelope[burst].max() == pytest.approx(0.5, abs=1e-6)
    # Before the burst's neighbouring block and once released, the gain is exactly 1.
    assert envelope[: RATE // 2 - 441].min() == 1.0
    release_seconds = 20 * math.log10(2) / RELEASE_DB_PER_SECOND
    released_from = RATE // 2 + 441 * (2 + math.ceil(release_seconds / BLOCK_SECONDS))
    assert envelope[released_from:].min() == 1.0
    # 50 ms after the burst's block, 2 dB of the 6.02 dB reduction are given back.
    block_edge = RATE // 2 + 441 * 6
    assert 20 * math.log10(envelope[block_edge]) == pytest.approx(-(20 * math.log10(2) - 2.0), abs=1e-4)
    # No steps: the gain moves at most one block's release (or attack) per 10 ms, linearly.
    assert float(np.abs(np.diff(envelope)).max()) < 0.5 / 441 + 1e-6


def test_the_mix_is_normalised_limited_float32_and_the_sum_of_its_stems():
    t = np.arange(20 * RATE) / RATE
    chord = sum(0.1 * np.sin(2 * np.pi * f * t) for f in (220.0, 277.18, 329.63))
    song = np.stack([chord, chord * 0.8], 1).astype(np.float32)
    kick = np.zeros_like(song)
    kick[:: RATE // 2] = 0.5  # sharp peaks for the limiter
    mixed = mix_stems({"drums": kick, "chords": song, "mystery": song[::-1].copy()}, RATE)

    assert mixed.mix.dtype == np.float32
    assert all(stem.dtype == np.float32 for stem in mixed.stems.values())
    assert float(np.abs(mixed.mix).max()) <= 10 ** (CEILING_DBFS / 20) + 1e-6
    assert mixed.peak_dbfs == pytest.approx(CEILING_DBFS, abs=0.01)
    assert pyloudnorm.Meter(RATE).integrated_loudness(mixed.mix.astype(np.float64)) == pytest.approx(
        TARGET_LUFS, abs=0.5
    )
    assert float(np.abs(sum(mixed.stems.values()) - mixed.mix).max()) < 1e-5
    # Constant-power pan: the chords sit left of centre (-0.25), the unknown role in the centre.
    chords, mystery = mixed.stems["chords"], mixed.stems["mystery"]
    assert float(np.sum(chords[:, 0] ** 2) / np.sum(chords[:, 1] ** 2)) == pytest.approx(
        (math.cos(0.75 * math.pi / 4) / math.sin(0.75 * math.pi / 4)) ** 2, rel=1e-4
    )
    assert np.array_equal(mystery[:, 0], mystery[:, 1])


def test_grouped_stems_are_the_sums_of_their_parts_and_threads_change_nothing(monkeypatch):
    """One stem per group (a track's 8 parts into 5 stems), equal to the per-part stems summed; the same
    samples whether the mixer's passes run on one thread or on four (spans that end mid-block)."""
    rng = np.random.default_rng(7)
    frames = 5 * RATE + 123  # not a whole number of blocks
    parts = {
        name: (rng.standard_normal((frames, 2)) * scale).astype(np.float32)
        for name, scale in (("drums", 0.3), ("bass", 0.2), ("chords", 0.1), ("pad", 0.05), ("arp", 0.08))
    }
    groups = {"drums": ("drums",), "bass": ("bass",), "chords": ("chords", "pad", "arp"), "vocals": ("vocals",)}

    monkeypatch.setenv("COPROD_RENDER_THREADS", "1")
    single = mix_stems(dict(parts), RATE)
    monkeypatch.setenv("COPROD_RENDER_THREADS", "4")
    grouped = mix_stems(dict(parts), RATE, groups=groups)

    assert set(grouped.stems) == {"drums", "bass", "chords"}  # no vocals part: no vocals stem
    assert np.array_equal(grouped.mix, single.mix)
    assert np.array_equal(grouped.stems["drums"], single.stems["drums"])
    summed = single.stems["chords"] + single.stems["pad"] + single.stems["arp"]
    assert float(np.abs(grouped.stems["chords"] - summed).max()) < 1e-6
    assert float(np.abs(sum(grouped.stems.values()) - grouped.mix).max()) < 1e-5
