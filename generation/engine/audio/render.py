"""One call from an idea to finished audio: stems, mix, encodings; and the quick MP3 preview.

Stems are rendered once each. Long renders split the parts over two worker processes (this
machine's cores) because FluidSynth renders one part at a time on one core.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

from ..types import Idea, Part
from .encode import encode
from .mix import mix_stems
from .synth import SAMPLE_RATE, render_part, render_parts

PARALLEL_FROM_SECONDS = 30.0


@dataclass(slots=True)
class RenderResult:
    sample_rate: int
    stems: dict[str, np.ndarray]
    mix: np.ndarray
    encoded: dict[str, bytes] = field(default_factory=dict)
    loudness_lufs: float = 0.0
    peak_dbfs: float = 0.0

    @property
    def duration_seconds(self) -> float:
        return float(self.mix.shape[0] / self.sample_rate)


def _render_one(args: tuple[Part, float, float]) -> np.ndarray:
    part, bpm, seconds = args
    return render_part(part, bpm, seconds)


def render_stems(idea: Idea) -> dict[str, np.ndarray]:
    """Each part of ``idea`` as a stem (parts of the same name are rendered together)."""
    seconds = idea.duration_seconds
    parts = [p for p in idea.parts if p.notes]
    jobs = [(p, idea.bpm, seconds) for p in parts]
    if seconds * len(parts) >= PARALLEL_FROM_SECONDS * 2 and len(parts) > 1:
        with ProcessPoolExecutor(max_workers=2) as pool:
            audio = list(pool.map(_render_one, jobs))
    else:
        audio = [_render_one(job) for job in jobs]
    stems: dict[str, np.ndarray] = {}
    for part, samples in zip(parts, audio, strict=True):
        stems[part.name] = stems[part.name] + samples if part.name in stems else samples
    return stems


def render_idea(
    idea: Idea,
    *,
    formats: tuple[str, ...] = ("wav", "mp3"),
    extra_stems: dict[str, np.ndarray] | None = None,
    title: str | None = None,
) -> RenderResult:
    """Stems, their mix and the mix encoded in ``formats``; ``extra_stems`` (e.g. vocals) join the mix."""
    stems = render_stems(idea)
    stems.update(extra_stems or {})
    mixed = mix_stems(stems, SAMPLE_RATE)
    encoded = {fmt: encode(mixed.mix, SAMPLE_RATE, fmt, title) for fmt in formats}
    return RenderResult(SAMPLE_RATE, mixed.stems, mixed.mix, encoded, mixed.loudness_lufs, mixed.peak_dbfs)


PREVIEW_BITRATE = "192k"


def render_preview(idea: Idea, *, bars: int = 8) -> bytes:
    """The first ``bars`` bars as an MP3 (what the studio plays).

    Quicker than :func:`render_idea`: all parts sound in one pass of the synthesiser (no stems),
    normalised and limited like a mix, encoded at 192 kbit/s.
    """
    beats = bars * idea.time_signature[0]
    parts = [replace(p, notes=[n for n in p.notes if n.start < beats]) for p in idea.parts if p.notes]
    short = replace(idea, parts=parts, bars=min(idea.bars, bars))
    together = render_parts(parts, short.bpm, short.duration_seconds)
    mixed = mix_stems({"mix": together}, SAMPLE_RATE)
    return encode(mixed.mix, SAMPLE_RATE, "mp3", bitrate=PREVIEW_BITRATE)
