"""Encoders: float stereo samples to WAV (16/24-bit), MP3, FLAC and OGG Vorbis bytes.

The fastest well-kept encoder for each format, measured on a 3-minute mix (see the README):

- WAV: the standard library's ``wave`` (0.1 s).
- MP3: LAME in-process through ``lameenc`` (it releases the GIL while it encodes, so it runs beside
  the other encoders; no ffmpeg start-up, which costs 0.1 s, a third of a preview's budget).
  LAME's fast mode (``-q 7``): at 320 kbit/s the bit budget leaves quantisation noise far under
  masking, and it encodes in half the time of the default mode.
- FLAC and OGG Vorbis: ffmpeg (its native FLAC encoder; libvorbis, the only Vorbis encoder, at
  ``-q 6``), as separate processes fed through a pipe: FLAC the 16-bit PCM, Vorbis the float
  samples themselves. The output goes to a temporary file so that ffmpeg can seek back and fill in
  the FLAC stream's length.

:func:`encode_many` runs the encoders of several formats at once; on two cores the OGG encoder
(about 2.3 s for 3 minutes) sets the pace. A missing ffmpeg is an :class:`EngineDependencyError`
naming the package to install.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import threading
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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
LAME_QUALITY = 7
VORBIS_QUALITY = "6"
# Slowest first, so that when they share two cores the longest one starts at once.
_ENCODE_ORDER = ("ogg", "mp3", "flac", "wav24", "wav")


def _pcm(samples: np.ndarray, width: int) -> bytes:
    """Little-endian interleaved PCM of ``width`` bytes per sample."""
    clipped = np.clip(samples, -1.0, 1.0)
    if width == 2:
        return bytes((clipped * 32767).astype("<i2").tobytes())
    ints = np.round(clipped * 8388607).astype("<i4")
    return bytes(ints.view(np.uint8).reshape(-1, 4)[:, :3].tobytes())


def _wav(pcm: bytes, sample_rate: int, width: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(width)
        out.setframerate(sample_rate)
        out.writeframes(pcm)
    return buffer.getvalue()


def _id3_title(title: str) -> bytes:
    """An ID3v2.4 tag holding only the title (TIT2, UTF-8), to put in front of an MP3 stream."""

    def syncsafe(size: int) -> bytes:
        return bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])

    text = b"\x03" + title.encode("utf-8")
    frame = b"TIT2" + syncsafe(len(text)) + b"\x00\x00" + text
    return b"ID3\x04\x00\x00" + syncsafe(len(frame)) + frame


def _mp3(pcm16: bytes, sample_rate: int, bitrate: str, title: str | None) -> bytes:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(int(bitrate.rstrip("kK")))
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(2)
    encoder.set_quality(LAME_QUALITY)
    stream = bytes(encoder.encode(pcm16)) + bytes(encoder.flush())
    return (_id3_title(title) if title else b"") + stream


def _ffmpeg(
    audio: bytes | memoryview, input_format: str, sample_rate: int, audio_format: str, title: str | None
) -> bytes:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise EngineDependencyError("ffmpeg is required to encode FLAC and OGG (apt-get install ffmpeg)")
    metadata = ["-metadata", f"title={title}"] if title else []
    codec = ["-c:a", "flac"] if audio_format == "flac" else ["-c:a", "libvorbis", "-q:a", VORBIS_QUALITY]
    with tempfile.TemporaryDirectory(prefix="coprod-encode-") as folder:
        target = Path(folder) / f"out.{audio_format}"
        command = [ffmpeg, "-nostdin", "-v", "error", "-f", input_format, "-ar", str(sample_rate), "-ac", "2"]
        # bitexact: a fixed Ogg serial number and no encoder-version tag, so the same audio gives the same file.
        command += ["-i", "pipe:0", *metadata, *codec, "-fflags", "+bitexact", "-flags:a", "+bitexact"]
        command += ["-y", str(target)]
        completed = subprocess.run(command, input=audio, capture_output=True, check=False)  # noqa: S603
        if completed.returncode != 0:
            message = completed.stderr.decode("utf-8", "replace").strip()[-500:]
            raise EngineDependencyError(f"ffmpeg could not encode {audio_format}: {message}")
        return target.read_bytes()


def _check(audio_format: str) -> None:
    if audio_format not in FORMATS:
        raise EngineParameterError.choice("format", audio_format, FORMATS)
    if audio_format in ("flac", "ogg") and shutil.which("ffmpeg") is None:
        raise EngineDependencyError("ffmpeg is required to encode FLAC and OGG (apt-get install ffmpeg)")


class _Source:
    """The samples to encode, and their 16-bit PCM made once for every encoder that wants it."""

    def __init__(self, samples: np.ndarray) -> None:
        self.samples = samples
        self._pcm16: bytes | None = None
        self._lock = threading.Lock()

    def pcm16(self) -> bytes:
        with self._lock:
            if self._pcm16 is None:
                self._pcm16 = _pcm(self.samples, 2)
            return self._pcm16

    def float32(self) -> memoryview:
        """Interleaved float32 bytes, without a copy when the samples already are that."""
        samples = np.ascontiguousarray(self.samples, dtype="<f4")
        return samples.data.cast("B")


def _encode_one(source: _Source, sample_rate: int, fmt: str, title: str | None, bitrate: str) -> bytes:
    if fmt == "wav24":
        return _wav(_pcm(source.samples, 3), sample_rate, 3)
    if fmt == "wav":
        return _wav(source.pcm16(), sample_rate, 2)
    if fmt == "mp3":
        return _mp3(source.pcm16(), sample_rate, bitrate, title)
    if fmt == "ogg":
        # Vorbis codes floats: it gets the mix itself, and starts without waiting for the 16-bit copy.
        return _ffmpeg(source.float32(), "f32le", sample_rate, fmt, title)
    return _ffmpeg(source.pcm16(), "s16le", sample_rate, fmt, title)


def encode(
    samples: np.ndarray, sample_rate: int, audio_format: str, title: str | None = None, bitrate: str = "320k"
) -> bytes:
    """``samples`` (frames, 2) float32 in [-1, 1] as a file of ``audio_format`` (see :data:`FORMATS`)."""
    _check(audio_format)
    return _encode_one(_Source(samples), sample_rate, audio_format, title, bitrate)


def encode_many(
    samples: np.ndarray,
    sample_rate: int,
    formats: tuple[str, ...],
    title: str | None = None,
    bitrate: str = "320k",
) -> dict[str, bytes]:
    """``samples`` in each of ``formats`` at once (format -> bytes), the encoders running side by side.

    The encoders run in ffmpeg processes or release the GIL, so a thread per format is enough to
    use every core. Raises like :func:`encode`, before any encoder starts.
    """
    for fmt in formats:
        _check(fmt)
    wanted = [fmt for fmt in _ENCODE_ORDER if fmt in formats]
    source = _Source(samples)
    if len(wanted) <= 1:
        return {fmt: _encode_one(source, sample_rate, fmt, title, bitrate) for fmt in wanted}
    with ThreadPoolExecutor(max_workers=len(wanted), thread_name_prefix="encode") as pool:
        futures = {fmt: pool.submit(_encode_one, source, sample_rate, fmt, title, bitrate) for fmt in wanted}
        return {fmt: futures[fmt].result() for fmt in formats if fmt in futures}
