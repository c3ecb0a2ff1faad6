"""One continuous mix of a playlist's tracks, in play order, with the chosen transitions.

:func:`plan_transitions` is the arithmetic alone (where each track starts, where each transition
starts and ends), so the points are known and documented before any audio is touched;
:func:`mix_playlist` streams the mix chunk by chunk, holding at most two tracks' audio at once (a
30-minute mix never sits in memory whole), and :func:`encode_mix_mp3` writes it as MP3 as it comes.

**Transitions** between track *A* (tempo *tA*, its music lasting *mA* seconds, then its reverb
tail) and the next track *B*:

* ``abrupt``: *B* starts where *A*'s music ends; *A*'s tail is cut (with a 5 ms fade, so no click).
* ``smooth``: a 1-bar blend: *A*'s last bar fades out while *B*'s first bar fades in.
* ``crossfade``: the same over 4 bars.

A blend lasts its bars at *A*'s tempo and uses equal-power curves (cos / sin), so the loudness holds
through it. It is **tempo-matched** when the tempos are within :data:`MAX_MATCH_RATIO` (8 %, a DJ's
pitch-fader range): *B*'s first bars are time-stretched (WSOLA, pitch kept) to *A*'s tempo and start
on *A*'s bar line, so the beats coincide; *B* then carries on at its own tempo. Further apart, the
blend is a plain crossfade over the same span. A blend never takes more than half of either
track's bars. The transition starts at ``A's start + mA - blend`` and ends at ``A's start + mA``.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

from ..errors import EngineParameterError
from .playlist_plan import TRANSITION_BARS

MAX_MATCH_RATIO = 0.08
DECLICK_SECONDS = 0.005
# WSOLA: frame, hop and how far a frame may slide to line up with the previous one (samples at 44.1 kHz).
STRETCH_FRAME = 2048
STRETCH_TOLERANCE = 512
STRETCH_DECIMATE = 8
CHUNK_SECONDS = 10.0
BLEND_CEILING = 0.98
BLEND_RAMP_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class MixTrack:
    """What the mix needs to know of a track before loading it: tempo, music length, audio length."""

    tempo: float
    music_seconds: float
    audio_seconds: float


@dataclass(frozen=True, slots=True)
class Transition:
    """A transition from the track at play position ``index`` to the next, in mix seconds."""

    index: int
    start: float
    end: float
    style: str
    tempo_matched: bool
    stretch: float

    def to_dict(self) -> dict[str, object]:
        return {
            "from_position": self.index + 1,
            "to_position": self.index + 2,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "style": self.style,
            "tempo_matched": self.tempo_matched,
            "stretch": round(self.stretch, 5),
        }


@dataclass(frozen=True, slots=True)
class MixPlan:
    """Where every track starts in the mix, every transition, and the mix's length (seconds)."""

    starts: list[float]
    transitions: list[Transition]
    duration: float
    # Per track: source seconds of its head that the previous blend plays (stretched or not).
    heads: list[float]


def plan_transitions(tracks: list[MixTrack], style: str) -> MixPlan:
    """The mix's timeline for ``tracks`` (in play order) and ``style``. Raises on an unknown style."""
    if style not in TRANSITION_BARS:
        raise EngineParameterError.choice("transition_style", style, TRANSITION_BARS)
    if not tracks:
        return MixPlan([], [], 0.0, [])
    starts = [0.0]
    heads = [0.0]
    transitions: list[Transition] = []
    # Mix time at which the current track's source time ``heads[i]`` plays.
    body_at = 0.0
    for i, (a, b) in enumerate(zip(tracks, tracks[1:], strict=False)):
        a_music_end = body_at + (a.music_seconds - heads[i])
        bar_a, bar_b = 240.0 / a.tempo, 240.0 / b.tempo
        bars = min(
            TRANSITION_BARS[style], int(a.music_seconds / bar_a + 1e-6) // 2, int(b.music_seconds / bar_b + 1e-6) // 2
        )
        ratio = b.tempo / a.tempo
        matched = bars > 0 and abs(ratio - 1.0) <= MAX_MATCH_RATIO
        if not matched:  # B's head then plays bars of A's length: keep it within half of B's music
            bars = min(bars, int(b.music_seconds / 2 / bar_a + 1e-6))
        blend = bars * bar_a
        head = bars * bar_b if matched else blend
        start = a_music_end - blend
        transitions.append(Transition(i, start, a_music_end, style, matched, ratio if matched else 1.0))
        starts.append(start)
        heads.append(head)
        body_at = a_music_end
    last = tracks[-1]
    duration = body_at + (last.audio_seconds - heads[-1])
    return MixPlan(starts, transitions, duration, heads)


def time_stretch(samples: np.ndarray, factor: float) -> np.ndarray:
    """``samples`` (frames, channels) made ``factor`` times as long with the pitch kept (WSOLA).

    Each output frame is the input frame near its nominal position that best continues the previous
    one (cross-correlation on a decimated mono copy), overlap-added under a Hann window at half a
    frame's hop. The output has exactly ``round(len(samples) * factor)`` frames.
    """
    frames = samples.shape[0]
    out_frames = round(frames * factor)
    if frames == 0 or out_frames == 0:
        return np.zeros((out_frames, samples.shape[1]), dtype=np.float32)
    if abs(factor - 1.0) < 1e-6:
        return samples.astype(np.float32, copy=True)
    n, hop, tol = STRETCH_FRAME, STRETCH_FRAME // 2, STRETCH_TOLERANCE
    padded = np.concatenate(
        [np.zeros((tol, samples.shape[1]), np.float32), samples, np.zeros((n + 2 * tol, samples.shape[1]), np.float32)]
    )
    mono = padded.mean(axis=1)
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)).astype(np.float32)  # periodic Hann: sums to 1
    out = np.zeros((out_frames + n, samples.shape[1]), dtype=np.float32)
    previous = tol  # where the previous frame was taken from (in the padded input)
    for j in range(out_frames // hop + 1):
        nominal = tol + round(j * hop / factor)
        if j == 0:
            chosen = nominal
        else:
            target = mono[previous + hop : previous + hop + n : STRETCH_DECIMATE]
            low = max(0, nominal - tol)
            region = mono[low : nominal + tol + n : STRETCH_DECIMATE]
            if len(region) >= len(target) and float(np.dot(target, target)) > 1e-12:
                scores = np.correlate(region, target, mode="valid")
                chosen = low + int(np.argmax(scores)) * STRETCH_DECIMATE
            else:
                chosen = nominal
        at = j * hop
        if at >= out_frames:
            break
        out[at : at + n] += padded[chosen : chosen + n] * window[:, None]
        previous = chosen
    return out[:out_frames]


def _fade(length: int, out: bool) -> np.ndarray:
    x = (np.arange(length, dtype=np.float32) + 0.5) / max(1, length)
    curve = np.cos(x * np.pi / 2) if out else np.sin(x * np.pi / 2)
    return curve.astype(np.float32)[:, None]


def _frames(seconds: float, sample_rate: int) -> int:
    return round(seconds * sample_rate)


def _take(samples: np.ndarray, start: int, length: int) -> np.ndarray:
    """``length`` frames from ``start``, padded with silence past the end."""
    piece = samples[start : start + length]
    if piece.shape[0] < length:
        piece = np.concatenate([piece, np.zeros((length - piece.shape[0], samples.shape[1]), np.float32)])
    return piece.astype(np.float32, copy=False)


def mix_playlist(
    tracks: list[MixTrack], style: str, load: Callable[[int], np.ndarray], sample_rate: int
) -> Iterator[np.ndarray]:
    """The mix of ``tracks`` (play order) as consecutive stereo float32 chunks.

    ``load(i)`` returns track ``i``'s audio (frames, 2); it is called once per track, in order, and
    at most two tracks are held at a time. The chunks add up to :func:`plan_transitions`' duration
    (to the frame).
    """
    plan = plan_transitions(tracks, style)
    if not tracks:
        return
    current = load(0)
    cursor = 0  # next source frame of ``current`` to play
    declick = _frames(DECLICK_SECONDS, sample_rate)
    written = 0
    for i, transition in enumerate(plan.transitions):
        # The body: from the cursor up to where the transition starts.
        mix_start = _frames(transition.start, sample_rate)
        body = _take(current, cursor, max(0, mix_start - written))
        body_end = cursor + body.shape[0]
        if style == "abrupt" and body.shape[0] >= declick:
            body = body.copy()
            body[-declick:] *= _fade(declick, out=True)
        yield from _chunks(body, sample_rate)
        written += body.shape[0]
        following = load(i + 1)
        blend = _frames(transition.end, sample_rate) - written
        head = _frames(plan.heads[i + 1], sample_rate)
        if blend > 0:
            outgoing = _take(current, body_end, blend) * _fade(blend, out=True)
            incoming = _take(following, 0, head)
            if transition.tempo_matched:
                incoming = time_stretch(incoming, blend / max(1, head))
            incoming = _take(incoming, 0, blend) * _fade(blend, out=False)
            yield from _chunks(_headroom(outgoing + incoming, sample_rate), sample_rate)
            written += blend
        current, cursor = following, head
    tail = current[cursor:].astype(np.float32, copy=False)
    end = _frames(plan.duration, sample_rate)
    yield from _chunks(_take(tail, 0, max(0, end - written)), sample_rate)


def _headroom(blend: np.ndarray, sample_rate: int) -> np.ndarray:
    """Turn a blend down if two loud tracks sum past :data:`BLEND_CEILING` (in phase, equal power adds up to 3 dB).

    One gain for the blend, reached over :data:`BLEND_RAMP_SECONDS` at its edges, where one track
    is almost alone and under its own limiter's ceiling.
    """
    peak = float(np.max(np.abs(blend))) if blend.size else 0.0
    if peak <= BLEND_CEILING:
        return blend
    gain = np.full((blend.shape[0], 1), BLEND_CEILING / peak, dtype=np.float32)
    ramp = min(blend.shape[0] // 2, _frames(BLEND_RAMP_SECONDS, sample_rate))
    if ramp > 0:
        edge = np.linspace(1.0, BLEND_CEILING / peak, ramp, dtype=np.float32)[:, None]
        gain[:ramp] = edge
        gain[-ramp:] = edge[::-1]
    return blend * gain


def _chunks(samples: np.ndarray, sample_rate: int) -> Iterator[np.ndarray]:
    step = max(1, _frames(CHUNK_SECONDS, sample_rate))
    for start in range(0, samples.shape[0], step):
        yield samples[start : start + step]


def wav_samples(data: bytes) -> np.ndarray:
    """A 16- or 24-bit PCM WAV file as float32 (frames, 2) in [-1, 1] (mono is doubled)."""
    with wave.open(io.BytesIO(data)) as reader:
        width, channels = reader.getsampwidth(), reader.getnchannels()
        frames = reader.readframes(reader.getnframes())
    if width == 3:
        raw = np.frombuffer(frames, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        values = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        values = np.where(values >= 2**23, values - 2**24, values)
        samples = (values / 2**23).astype(np.float32)
    elif width == 2:
        samples = (np.frombuffer(frames, dtype="<i2") / 2**15).astype(np.float32)
    else:
        raise EngineParameterError("wav", width * 8, "16- or 24-bit PCM")
    samples = samples.reshape(-1, channels)
    return np.repeat(samples, 2, axis=1) if channels == 1 else samples[:, :2]


def encode_mix_mp3(chunks: Iterator[np.ndarray], out: BinaryIO, sample_rate: int, kbps: int = 320) -> float:
    """Encode the chunks as one MP3 stream into ``out`` (LAME, as the track encoder); returns the seconds written."""
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(kbps)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(2)
    encoder.set_quality(7)
    frames = 0
    for chunk in chunks:
        pcm = (np.clip(chunk, -1.0, 1.0) * 32767).astype("<i2")
        out.write(bytes(encoder.encode(pcm.tobytes())))
        frames += chunk.shape[0]
    out.write(bytes(encoder.flush()))
    return frames / sample_rate
