"""Audio is rendered and decoded for real: headers, durations, loudness, no clipping, stems summing to the mix."""

from __future__ import annotations

import io
import json
import subprocess
import wave

import numpy as np
import pytest

from generation.engine import results, tools
from generation.engine.audio import render_idea, render_preview
from generation.engine.audio.mix import CEILING_DBFS, TARGET_LUFS
from generation.engine.audio.synth import RELEASE_SECONDS, SAMPLE_RATE
from generation.engine.errors import EngineDependencyError


@pytest.fixture(scope="module")
def idea():
    result = tools.generate("surprise_me", tools.validate_parameters("surprise_me", {"length": 4}), seed=11)
    return results.idea_from_result(result)


@pytest.fixture(scope="module")
def rendered(idea):
    return render_idea(idea, formats=("wav", "wav24", "mp3", "flac", "ogg"), title="test")


def _probe(data: bytes, suffix: str) -> dict:
    completed = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=sample_rate,channels,bit_rate:format=duration",
            "-of",
            "json",
            "-i",
            "pipe:0",
        ],
        input=data,
        capture_output=True,
        check=True,
    )
    return json.loads(completed.stdout)


def _decode(data: bytes) -> np.ndarray:
    completed = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "s16le", "-ac", "2", "-ar", "44100", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return np.frombuffer(completed.stdout, dtype="<i2").reshape(-1, 2).astype(np.float32) / 32768


@pytest.mark.parametrize(("fmt", "width"), [("wav", 2), ("wav24", 3)])
def test_wav_headers_and_duration(rendered, idea, fmt, width):
    with wave.open(io.BytesIO(rendered.encoded[fmt])) as wav:
        assert (wav.getnchannels(), wav.getframerate(), wav.getsampwidth()) == (2, SAMPLE_RATE, width)
        duration = wav.getnframes() / wav.getframerate()
    assert duration == pytest.approx(idea.duration_seconds + RELEASE_SECONDS, abs=0.01)


@pytest.mark.parametrize("fmt", ["mp3", "flac", "ogg"])
def test_compressed_formats_decode_to_the_right_duration(rendered, idea, fmt):
    decoded = _decode(rendered.encoded[fmt])
    assert decoded.shape[0] / SAMPLE_RATE == pytest.approx(idea.duration_seconds + RELEASE_SECONDS, abs=0.1)
    assert np.sqrt(np.mean(decoded**2)) > 0.02
    if fmt == "mp3":
        assert int(_probe(rendered.encoded[fmt], "mp3")["streams"][0]["bit_rate"]) == 320_000


def test_the_mix_is_loud_enough_does_not_clip_and_is_the_sum_of_the_stems(rendered):
    mix = rendered.mix
    assert np.sqrt(np.mean(mix**2)) > 0.03
    assert np.abs(mix).max() <= 10 ** (CEILING_DBFS / 20) + 1e-4
    import pyloudnorm

    measured = pyloudnorm.Meter(SAMPLE_RATE).integrated_loudness(mix.astype(np.float64))
    assert measured == pytest.approx(TARGET_LUFS, abs=1.0)
    assert set(rendered.stems) == {"melody", "chords", "bass", "drums"}
    assert np.abs(sum(rendered.stems.values()) - mix).max() < 1e-4
    for name, stem in rendered.stems.items():
        assert np.sqrt(np.mean(stem**2)) > 1e-3, f"{name} stem is silent"


def test_extra_stems_join_the_mix(idea):
    frames = int((idea.duration_seconds + RELEASE_SECONDS) * SAMPLE_RATE)
    tone = (0.2 * np.sin(np.arange(frames) * 2 * np.pi * 440 / SAMPLE_RATE)).astype(np.float32)
    result = render_idea(idea, formats=(), extra_stems={"vocals": np.stack([tone, tone], axis=1)})
    assert "vocals" in result.stems
    assert np.abs(sum(result.stems.values()) - result.mix).max() < 1e-4


def test_preview_is_an_mp3_of_the_first_bars(idea):
    preview = render_preview(idea, bars=2)
    decoded = _decode(preview)
    expected = 2 * 4 * 60 / idea.bpm + RELEASE_SECONDS
    assert decoded.shape[0] / SAMPLE_RATE == pytest.approx(expected, abs=0.1)
    assert np.sqrt(np.mean(decoded**2)) > 0.02


def test_a_missing_soundfont_is_a_clear_error(idea, monkeypatch, tmp_path):
    monkeypatch.setenv("COPROD_SOUNDFONT", str(tmp_path / "nope.sf2"))
    with pytest.raises(EngineDependencyError, match="COPROD_SOUNDFONT"):
        render_idea(idea, formats=())


def test_stems_can_be_encoded_with_the_mix(idea):
    from generation.engine.audio.encode import encode

    result = render_idea(idea, formats=("mp3",), stem_formats=("wav", "flac"))

    assert list(result.encoded) == ["mp3"]
    assert set(result.encoded_stems) == {"melody", "chords", "bass", "drums"}
    for name, stem in result.stems.items():
        assert result.encoded_stems[name]["wav"] == encode(stem, SAMPLE_RATE, "wav")
        assert _decode(result.encoded_stems[name]["flac"]).shape == stem.shape
