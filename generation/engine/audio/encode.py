"""Encoders: float stereo samples to WAV (16/24-bit), MP3, FLAC and OGG Vorbis bytes, all in-process.

The fastest well-kept encoder for each format, measured on the bench's 3-minute mix (see the README):

- WAV: the standard library's ``wave``.
- MP3: LAME through ``lameenc``, in LAME's fast mode (``-q 7``): at 320 kbit/s the bit budget leaves
  quantisation noise far under masking, and it encodes in half the time of the default mode.
- FLAC and OGG Vorbis: libsndfile through ``soundfile`` (libFLAC at its default level 5; libvorbis
  at quality 0.6, ffmpeg's ``-q:a 6``). The wheel's own libvorbis build takes about 20 % less CPU
  than Debian's (which ffmpeg, or a ctypes binding to the system library, would use), and no
  process is started and no 64 MB of samples go through a pipe: on the bench's mix (A/B at the same
  load) OGG 2.5 CPU-s against ffmpeg's 4.0, FLAC 0.4 against 0.9. The samples go to libsndfile in
  blocks of :data:`WRITE_FRAMES` frames: libvorbis's analysis costs twice as much when handed a
  million frames at once (and libsndfile 1.2.2 crashes on a whole song in one write).
  libsndfile gives each Ogg stream a random serial number; it is set to :data:`OGG_SERIAL` (page
  checksums recomputed), so the same samples give the same file.

Every encoder releases the GIL while it works (LAME's binding, and cffi around libsndfile's calls), so
:func:`encode_many` runs one thread per format and uses every core; the Vorbis encoder, the slowest,
starts first.
"""

from __future__ import annotations

import io
import struct
import threading
import wave
import zlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..errors import EngineParameterError

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
VORBIS_QUALITY = 0.6
FLAC_LEVEL = 5
WRITE_FRAMES = 65536
OGG_SERIAL = 0x436F5072  # "CoPr"
PCM_BLOCK_FRAMES = 16384
# Slowest first, so that when they share two cores the longest one starts at once.
_ENCODE_ORDER = ("ogg", "mp3", "flac", "wav24", "wav")


def _pcm16(samples: np.ndarray) -> np.ndarray:
    """(frames, 2) int16 PCM.

    Worked through in blocks that stay in the CPU's cache: one pass over the song instead of four
    full-length temporaries (0.07 s for 3 minutes instead of 0.4 s on this machine).
    """
    out = np.empty(samples.shape, dtype="<i2")
    for start in range(0, samples.shape[0], PCM_BLOCK_FRAMES):
        block = np.clip(samples[start : start + PCM_BLOCK_FRAMES], -1.0, 1.0)
        block *= np.float32(32767)
        out[start : start + PCM_BLOCK_FRAMES] = block  # truncated toward zero, as astype does
    return out


def _pcm24(samples: np.ndarray) -> bytes:
    """Little-endian 24-bit PCM (rounded), interleaved, made block by block like :func:`_pcm16`."""
    out = np.empty((samples.shape[0] * 2, 3), dtype=np.uint8)
    for start in range(0, samples.shape[0], PCM_BLOCK_FRAMES):
        block = np.clip(samples[start : start + PCM_BLOCK_FRAMES], -1.0, 1.0)
        block *= np.float32(8388607)
        ints = np.round(block).astype("<i4")
        out[2 * start : 2 * start + ints.size] = ints.view(np.uint8).reshape(-1, 4)[:, :3]
    return out.tobytes()


def _wav(pcm: bytes | memoryview, sample_rate: int, width: int) -> bytes:
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


def _mp3(pcm16: np.ndarray, sample_rate: int, bitrate: str, title: str | None) -> bytes:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(int(bitrate.rstrip("kK")))
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(2)
    encoder.set_quality(LAME_QUALITY)
    stream = bytes(encoder.encode(pcm16.tobytes())) + bytes(encoder.flush())
    return (_id3_title(title) if title else b"") + stream


_BIT_REVERSED = bytes(int(f"{value:08b}"[::-1], 2) for value in range(256))


def _ogg_crc(page: bytes) -> int:
    """The Ogg page checksum (CRC-32, polynomial 0x04C11DB7, MSB first, no initial or final XOR).

    zlib computes the bit-reflected CRC-32 with both XORs in C: on bit-reversed bytes, with the XORs
    cancelled by the CRC of as many zero bytes (CRC is affine), it gives the bit-reversed checksum.
    """
    reflected = zlib.crc32(page.translate(_BIT_REVERSED)) ^ zlib.crc32(bytes(len(page)))
    return int(f"{reflected:032b}"[::-1], 2)


def _with_serial(ogg: bytes, serial: int) -> bytes:
    """The Ogg stream ``ogg`` with every page's serial number set to ``serial`` and its checksum redone."""
    pages, offset = [], 0
    while offset < len(ogg):
        if ogg[offset : offset + 4] != b"OggS":
            raise ValueError("not an Ogg page")
        segments = ogg[offset + 26]
        size = 27 + segments + sum(ogg[offset + 27 : offset + 27 + segments])
        page = bytearray(ogg[offset : offset + size])
        page[14:18] = struct.pack("<I", serial)
        page[22:26] = bytes(4)
        page[22:26] = struct.pack("<I", _ogg_crc(bytes(page)))
        pages.append(bytes(page))
        offset += size
    return b"".join(pages)


def _soundfile(samples: np.ndarray, sample_rate: int, audio_format: str, title: str | None) -> bytes:
    import soundfile

    if audio_format == "flac":
        # 16-bit PCM, as WAV and MP3 get it: FLAC is lossless, so it keeps what the WAV holds.
        options = {"format": "FLAC", "subtype": "PCM_16", "compression_level": FLAC_LEVEL / 8}
    else:
        options = {"format": "OGG", "subtype": "VORBIS", "compression_level": 1.0 - VORBIS_QUALITY}
    buffer = io.BytesIO()
    with soundfile.SoundFile(buffer, "w", sample_rate, 2, **options) as sink:
        if title:
            sink.title = title  # before the first write: the header with the tags is written then
        for start in range(0, samples.shape[0], WRITE_FRAMES):
            sink.write(samples[start : start + WRITE_FRAMES])
    data = buffer.getvalue()
    return _with_serial(data, OGG_SERIAL) if audio_format == "ogg" else data


def _check(audio_format: str) -> None:
    if audio_format not in FORMATS:
        raise EngineParameterError.choice("format", audio_format, FORMATS)


class _Source:
    """The samples to encode, and their 16-bit PCM made once for every encoder that wants it."""

    def __init__(self, samples: np.ndarray) -> None:
        self.samples = samples
        self._pcm16: np.ndarray | None = None
        self._lock = threading.Lock()

    def pcm16(self) -> np.ndarray:
        """(frames, 2) int16."""
        with self._lock:
            if self._pcm16 is None:
                self._pcm16 = _pcm16(self.samples)
            return self._pcm16


def _encode_one(source: _Source, sample_rate: int, fmt: str, title: str | None, bitrate: str) -> bytes:
    if fmt == "wav24":
        return _wav(_pcm24(source.samples), sample_rate, 3)
    if fmt == "wav":
        return _wav(source.pcm16().data.cast("B"), sample_rate, 2)
    if fmt == "mp3":
        return _mp3(source.pcm16(), sample_rate, bitrate, title)
    if fmt == "ogg":
        # Vorbis codes floats: it gets the mix itself, and starts without waiting for the 16-bit copy.
        return _soundfile(source.samples, sample_rate, fmt, title)
    return _soundfile(source.pcm16(), sample_rate, fmt, title)


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

    Every encoder releases the GIL, so a thread per format is enough to use every core. Raises like
    :func:`encode`, before any encoder starts.
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
