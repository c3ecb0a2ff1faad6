"""A track's files as bytes with their facts: size, sample rate, bit depth, bitrate, duration, tracks, pages.

The facts are read from what was made, not assumed: a WAV's rate, width and frame count from its
own header; an MP3's bitrate is the constant bitrate LAME was given and its duration that of the
samples it encoded; FLAC's and OGG's bitrate is their average (size x 8 / duration); a MIDI file's
track count is its header's (the conductor track included); a PDF's page count is the
chart's. :func:`file_facts` is the v1 ``audio_files`` entry without its URL, for a file just made
(:class:`TrackFile`) and for one stored (the ``generation.models.TrackFile`` row has the same fields).
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from typing import Any, Protocol

CONTENT_TYPES = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "flac": "audio/flac",
    "ogg": "audio/ogg",
    "midi": "audio/midi",
    "musicxml": "application/vnd.recordare.musicxml+xml",
    "pdf": "application/pdf",
}
EXTENSIONS = {
    "wav": "wav",
    "mp3": "mp3",
    "flac": "flac",
    "ogg": "ogg",
    "midi": "mid",
    "musicxml": "musicxml",
    "pdf": "pdf",
}
FLAC_BIT_DEPTH = 16  # the encoder feeds FLAC 16-bit PCM
# The facts a file may have, in the order the API lists them; one that does not apply is left out.
FACT_NAMES = ("bit_depth", "sample_rate", "bitrate_kbps", "channels", "duration", "track_count", "page_count")


class FileWithFacts(Protocol):
    """What :func:`file_facts` reads: a format, a size and the optional facts of :data:`FACT_NAMES`."""

    @property
    def format(self) -> str: ...

    @property
    def size_bytes(self) -> int: ...


def file_facts(file: FileWithFacts) -> dict[str, Any]:
    """``format``, ``size_bytes`` and every fact of :data:`FACT_NAMES` that applies (not ``None``): JSON for the API."""
    facts: dict[str, Any] = {"format": file.format, "size_bytes": file.size_bytes}
    for name in FACT_NAMES:
        value = getattr(file, name)
        if value is not None:
            facts[name] = value
    return facts


@dataclass(frozen=True, slots=True)
class TrackFile:
    """One file of a track: its bytes and what a client is told about it."""

    format: str
    data: bytes
    duration: float | None = None
    sample_rate: int | None = None
    bit_depth: int | None = None
    bitrate_kbps: int | None = None
    channels: int | None = None
    track_count: int | None = None
    page_count: int | None = None

    @property
    def size_bytes(self) -> int:
        return len(self.data)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    def facts(self) -> dict[str, Any]:
        """This file's :func:`file_facts`."""
        return file_facts(self)


def wav_file(data: bytes) -> TrackFile:
    """A WAV file with the facts of its own header."""
    with wave.open(io.BytesIO(data)) as reader:
        rate, width, channels, frames = (
            reader.getframerate(),
            reader.getsampwidth(),
            reader.getnchannels(),
            reader.getnframes(),
        )
    return TrackFile(
        "wav",
        data,
        duration=round(frames / rate, 3),
        sample_rate=rate,
        bit_depth=8 * width,
        bitrate_kbps=round(rate * channels * 8 * width / 1000),
        channels=channels,
    )


def compressed_file(audio_format: str, data: bytes, *, duration: float, sample_rate: int, mp3_kbps: int) -> TrackFile:
    """An MP3 (constant bitrate ``mp3_kbps``), FLAC or OGG of ``duration`` seconds."""
    average = round(len(data) * 8 / duration / 1000) if duration > 0 else 0
    return TrackFile(
        audio_format,
        data,
        duration=round(duration, 3),
        sample_rate=sample_rate,
        bit_depth=FLAC_BIT_DEPTH if audio_format == "flac" else None,
        bitrate_kbps=mp3_kbps if audio_format == "mp3" else average,
        channels=2,
    )


def midi_file(data: bytes, duration: float) -> TrackFile:
    """A Standard MIDI File; its track count is the header's (``MThd``: format, tracks, division)."""
    if data[:4] != b"MThd":
        raise ValueError("not a Standard MIDI File")
    return TrackFile("midi", data, duration=round(duration, 3), track_count=int.from_bytes(data[10:12], "big"))
