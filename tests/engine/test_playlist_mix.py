"""The continuous mix: its length, the transitions at the documented points, tempo matching, and the
time stretch that keeps pitch. Tracks here are pure tones, so who is playing when can be measured."""

from __future__ import annotations

import io

import numpy as np
import pytest

from generation.engine.track.playlist_mix import (
    MixTrack,
    encode_mix_mp3,
    mix_playlist,
    plan_transitions,
    time_stretch,
    wav_samples,
)

SR = 8000
FREQS = (200.0, 300.0, 450.0)


def _tone(freq: float, seconds: float) -> np.ndarray:
    t = np.arange(round(seconds * SR)) / SR
    x = (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
    return np.stack([x, x], axis=1)


def _level(mix: np.ndarray, freq: float, at: float, width: float = 0.25) -> float:
    """Amplitude of ``freq`` in ``mix`` around ``at`` seconds (a single-bin DFT)."""
    start, end = round((at - width / 2) * SR), round((at + width / 2) * SR)
    x = mix[start:end, 0].astype(np.float64)
    t = np.arange(len(x)) / SR
    return float(2 * abs(np.sum(x * np.exp(-2j * np.pi * freq * t))) / len(x))


def _mix(tracks, style):
    audio = [_tone(f, t.audio_seconds) for f, t in zip(FREQS, tracks, strict=False)]
    loads: list[int] = []

    def load(i):
        loads.append(i)
        return audio[i]

    chunks = list(mix_playlist(tracks, style, load, SR))
    return np.concatenate(chunks), loads


TRACKS = [MixTrack(120, 16.0, 17.0), MixTrack(123, 16.0, 17.0), MixTrack(90, 16.0, 17.0)]


def test_abrupt_cuts_at_each_tracks_music_end():
    plan = plan_transitions(TRACKS, "abrupt")
    mix, loads = _mix(TRACKS, "abrupt")

    assert [(t.start, t.end) for t in plan.transitions] == [(16.0, 16.0), (32.0, 32.0)]
    assert plan.duration == 16 + 16 + 17 and mix.shape[0] == 49 * SR
    assert loads == [0, 1, 2]
    assert _level(mix, FREQS[0], 15.8) == pytest.approx(0.5, abs=0.02)
    assert _level(mix, FREQS[1], 15.8) < 0.01
    assert _level(mix, FREQS[1], 16.2) == pytest.approx(0.5, abs=0.02)
    assert _level(mix, FREQS[0], 16.2) < 0.01  # A's tail is cut


@pytest.mark.parametrize(("style", "bars"), [("smooth", 1), ("crossfade", 4)])
def test_blends_sit_on_the_last_bars_and_hold_equal_power(style, bars):
    plan = plan_transitions(TRACKS, style)
    mix, _ = _mix(TRACKS, style)

    first, second = plan.transitions
    assert (first.start, first.end) == pytest.approx((16 - bars * 2.0, 16.0))
    assert first.tempo_matched is True and first.stretch == pytest.approx(123 / 120)
    # 123 -> 90 BPM is past the 8 % a match allows: a plain blend of the same bars at 123 BPM.
    assert second.tempo_matched is False
    assert second.end - second.start == pytest.approx(min(bars, 3) * 240 / 123)
    assert mix.shape[0] == round(plan.duration * SR)
    # Before the blend only A, after it only B, in the middle both at -3 dB (equal power).
    assert _level(mix, FREQS[0], first.start - 0.3) == pytest.approx(0.5, abs=0.02)
    assert _level(mix, FREQS[1], first.start - 0.3) < 0.01
    assert _level(mix, FREQS[1], first.end + 0.3) == pytest.approx(0.5, abs=0.03)
    assert _level(mix, FREQS[0], first.end + 0.3) < 0.01
    middle = (first.start + first.end) / 2
    assert _level(mix, FREQS[0], middle, 0.1) == pytest.approx(0.5 * np.sqrt(0.5), abs=0.03)
    assert _level(mix, FREQS[1], middle, 0.1) == pytest.approx(0.5 * np.sqrt(0.5), abs=0.05)


def test_the_mix_is_the_tracks_minus_the_overlaps_plus_the_last_tail():
    plan = plan_transitions(TRACKS, "crossfade")
    # Each next track's head (its source seconds, stretched when tempo-matched) plays inside a blend.
    assert plan.heads[1] == pytest.approx(4 * 240 / 123) and plan.heads[2] == pytest.approx(3 * 240 / 123)
    assert plan.duration == pytest.approx(16 + 16 + 16 - plan.heads[1] - plan.heads[2] + 1.0)
    assert plan.starts == [0.0, plan.transitions[0].start, plan.transitions[1].start]


def test_blends_never_take_more_than_half_a_track():
    short = [MixTrack(120, 4.0, 5.0), MixTrack(120, 4.0, 5.0)]  # two bars each
    plan = plan_transitions(short, "crossfade")
    assert plan.transitions[0].end - plan.transitions[0].start == pytest.approx(2.0)  # one bar


def test_time_stretch_keeps_pitch_and_sets_length():
    tone = _tone(440.0, 2.0)
    stretched = time_stretch(tone, 1.05)
    assert stretched.shape == (round(2.0 * SR * 1.05), 2)
    crossings = np.sum(np.diff(np.sign(stretched[SR // 4 : -SR // 4, 0])) != 0)
    seconds = (stretched.shape[0] - SR // 2) / SR
    assert crossings / seconds / 2 == pytest.approx(440.0, rel=0.01)


def test_the_mp3_holds_the_whole_mix_and_wav_reads_back():
    import subprocess
    import tempfile
    import wave

    mix, _ = _mix(TRACKS, "smooth")
    out = io.BytesIO()
    seconds = encode_mix_mp3(iter([mix[: SR * 10], mix[SR * 10 :]]), out, SR, 128)
    assert seconds == pytest.approx(mix.shape[0] / SR)
    with tempfile.NamedTemporaryFile(suffix=".mp3") as handle:
        handle.write(out.getvalue())
        handle.flush()
        decoded = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", handle.name, "-f", "s16le", "-ac", "1", "-ar", "8000", "-"],
            capture_output=True,
            check=True,
        ).stdout
    # LAME adds its encoder delay and pads the last frame: up to two 1152-sample frames at 8 kHz.
    assert len(decoded) / 2 / 8000 == pytest.approx(seconds, abs=2 * 1152 / SR)

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(SR)
        writer.writeframes((mix[:SR] * 32767).astype("<i2").tobytes())
    assert np.max(np.abs(wav_samples(buffer.getvalue()) - mix[:SR])) < 1e-3
