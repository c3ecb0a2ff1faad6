"""Encoders: all formats at once give the same bytes as one at a time; tags and stream lengths are written."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest

from generation.engine.audio import encode as encoders
from generation.engine.audio.encode import FORMATS, encode, encode_many
from generation.engine.errors import EngineParameterError

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


def _ogg_pages(data: bytes) -> list[bytes]:
    pages, offset = [], 0
    while offset < len(data):
        assert data[offset : offset + 4] == b"OggS"
        segments = data[offset + 26]
        size = 27 + segments + sum(data[offset + 27 : offset + 27 + segments])
        pages.append(data[offset : offset + size])
        offset += size
    return pages


def _crc_bitwise(data: bytes) -> int:
    """The Ogg checksum the slow, obvious way (polynomial 0x04C11DB7, MSB first, no XORs)."""
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if crc & 0x80000000 else (crc << 1) & 0xFFFFFFFF
    return crc


def test_ogg_pages_carry_the_fixed_serial_and_valid_checksums(samples):
    # libsndfile draws a random serial number per stream; the encoder sets a fixed one and redoes the checksums.
    pages = _ogg_pages(encode(samples[: RATE // 2], RATE, "ogg"))
    assert len(pages) >= 3
    for page in pages:
        assert int.from_bytes(page[14:18], "little") == encoders.OGG_SERIAL
        assert int.from_bytes(page[22:26], "little") == _crc_bitwise(page[:22] + bytes(4) + page[26:])


def test_the_ogg_checksum_matches_the_reference_on_a_known_page():
    page = bytes.fromhex("4f67675300020000000000000000efbeadde000000000000000001") + bytes([30]) + bytes(30)
    assert encoders._ogg_crc(page) == _crc_bitwise(page)


def test_every_format_decodes_to_the_samples(samples):
    for fmt in ("flac", "ogg", "mp3"):
        decoded = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "f32le", "-ac", "2", "-"],
            input=encode(samples, RATE, fmt),
            capture_output=True,
            check=True,
        ).stdout
        audio = np.frombuffer(decoded, dtype="<f4").reshape(-1, 2)
        if fmt == "flac":  # lossless: the 16-bit samples exactly
            assert audio.shape == samples.shape
            assert np.abs(audio - samples).max() < 2 / 32768
        else:  # lossy, and MP3 adds the encoder's delay: compare levels
            level = 10 * np.log10(np.mean(audio.astype(np.float64) ** 2) / np.mean(samples.astype(np.float64) ** 2))
            assert abs(level) < 0.5, fmt
            assert abs(audio.shape[0] - samples.shape[0]) < RATE // 10, fmt
