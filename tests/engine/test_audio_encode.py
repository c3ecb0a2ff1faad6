"""Encoders: all formats at once give the same bytes as one at a time; tags and stream lengths are written."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest

from generation.engine.audio import encode as encoders
from generation.engine.audio.encode import FORMATS, encode, encode_many
from generation.engine.errors import EngineDependencyError, EngineParameterError

RATE = 44100


@pytest.fixture(scope="module")
def samples() -> np.ndarray:
    t = np.arange(3 * RATE) / RATE
    tone = 0.4 * np.sin(2 * np.pi * 440 * t) * np.exp(-t)
    return np.stack([tone, -tone], 1).astype(np.float32)


def _probe(data: bytes) -> dict:
    completed = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=duration_ts:stream_tags=title:format_tags=title",
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


def test_encoding_every_format_at_once_gives_the_same_files(samples):
    together = encode_many(samples, RATE, FORMATS, title="Night Drive")

    assert list(together) == list(FORMATS)
    for fmt in FORMATS:
        assert together[fmt] == encode(samples, RATE, fmt, title="Night Drive"), fmt


@pytest.mark.parametrize("fmt", ["mp3", "flac", "ogg"])
def test_the_title_is_tagged(samples, fmt):
    probed = _probe(encode(samples, RATE, fmt, title="Night Drive é"))
    # Vorbis comments belong to the stream; ID3 and FLAC tags to the file.
    tags = probed["streams"][0]["tags"] if fmt == "ogg" else probed["format"]["tags"]
    assert {key.lower(): value for key, value in tags.items()} == {"title": "Night Drive é"}


def test_flac_carries_its_length_in_the_header(samples):
    # Written to a seekable file, so the STREAMINFO block has the sample count (players show a duration).
    assert _probe(encode(samples, RATE, "flac"))["streams"][0]["duration_ts"] == 3 * RATE


def test_an_unknown_format_fails_before_any_encoder_runs(samples, monkeypatch):
    started = []
    monkeypatch.setattr(encoders, "_encode_one", lambda *args: started.append(args))
    with pytest.raises(EngineParameterError, match="one of: flac, mp3, ogg, wav, wav24"):
        encode_many(samples, RATE, ("mp3", "aiff"))
    assert started == []


def test_flac_and_ogg_without_ffmpeg_is_a_clear_error(samples, monkeypatch):
    monkeypatch.setattr(encoders.shutil, "which", lambda name: None)
    with pytest.raises(EngineDependencyError, match="apt-get install ffmpeg"):
        encode_many(samples, RATE, ("wav", "ogg"))
    assert len(encode(samples, RATE, "mp3")) > 0  # LAME runs in-process: MP3 needs no ffmpeg
