"""Encoders: float stereo samples to WAV (16/24-bit), MP3 320 kbit/s, FLAC and OGG Vorbis bytes.

WAV is written with the standard library's ``wave`` (pydub widens 24-bit samples to 32); the
compressed formats go through pydub, which drives ffmpeg. A missing ffmpeg is an
:class:`EngineDependencyError` naming the package to install.
"""

from __future__ import annotations

import io
import shutil
import wave

import numpy as np

from ..errors import EngineDependencyError, EngineParameterError

FORMATS = ("wav", "wav24", "mp3", "flac", "ogg")
CONTENT_TYPES = {
    "wav": "audio/wav",
    "wav24": "audio/wav",
    "mp3": "audio/mpeg",
    "flac": "audio/flac",
    "ogg": "audio/ogg",
    "midi": "audio/midi",
}
EXTENSIONS = {"wav": "wav", "wav24": "wav", "mp3": "mp3", "flac": "flac", "ogg": "ogg"}


def _pcm(samples: np.ndarray, width: int) -> bytes:
    """Little-endian interleaved PCM of ``width`` bytes per sample."""
    clipped = np.clip(samples, -1.0, 1.0)
    if width == 2:
        return bytes((clipped * 32767).astype("<i2").tobytes())
    ints = np.round(clipped * 8388607).astype("<i4")
    return bytes(ints.view(np.uint8).reshape(-1, 4)[:, :3].tobytes())


def _segment(samples: np.ndarray, sample_rate: int, width: int):  # type: ignore[no-untyped-def]
    from pydub import AudioSegment

    return AudioSegment(data=_pcm(samples, width), sample_width=width, frame_rate=sample_rate, channels=2)


def encode(
    samples: np.ndarray, sample_rate: int, audio_format: str, title: str | None = None, bitrate: str = "320k"
) -> bytes:
    """``samples`` (frames, 2) float32 in [-1, 1] as a file of ``audio_format`` (see :data:`FORMATS`)."""
    if audio_format not in FORMATS:
        raise EngineParameterError.choice("format", audio_format, FORMATS)
    if audio_format != "wav" and audio_format != "wav24" and shutil.which("ffmpeg") is None:
        raise EngineDependencyError("ffmpeg is required to encode MP3, FLAC and OGG (apt-get install ffmpeg)")
    buffer = io.BytesIO()
    if audio_format in ("wav", "wav24"):
        width = 3 if audio_format == "wav24" else 2
        with wave.open(buffer, "wb") as out:
            out.setnchannels(2)
            out.setsampwidth(width)
            out.setframerate(sample_rate)
            out.writeframes(_pcm(samples, width))
        return buffer.getvalue()
    segment = _segment(samples, sample_rate, 2)
    tags = {"title": title} if title else None
    if audio_format == "mp3":
        segment.export(buffer, format="mp3", bitrate=bitrate, tags=tags)
    elif audio_format == "flac":
        segment.export(buffer, format="flac", tags=tags)
    else:
        segment.export(buffer, format="ogg", codec="libvorbis", parameters=["-q:a", "6"], tags=tags)
    return buffer.getvalue()
