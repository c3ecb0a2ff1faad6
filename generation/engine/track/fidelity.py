"""Quality measured from the track's audio (``audio_fidelity``) and the track's ``overall_quality``.

Let x be the final mix (float samples, full scale = 1.0), L its integrated loudness (ITU-R
BS.1770, :func:`..audio.loudness.integrated_loudness`), and S the stems whose song parts have
notes. Components, each in [0, 1]:

* ``no_clipping`` = max(0, 1 - r / 0.001), r the share of samples with |x| >= 0.999: a tenth of a
  percent of clipped samples scores 0 (the mixer's limiter holds peaks at -1 dBFS, so a clean
  render has r = 0).
* ``loudness_fit`` = max(0, 1 - |L - (-14)| / 6): the mixer's target is -14 LUFS (streaming
  level); 6 LU off scores 0, silence (L = -inf) scores 0.
* ``stems_audible`` = |{s in S : RMS(s) > -60 dBFS}| / |S|: a stem whose parts have notes must be
  heard (a render that lost an instrument scores less). Not applicable (``None``) when no stem has
  notes, and then left out of the weights.

``audio_fidelity`` = (0.40 no_clipping + 0.35 loudness_fit + 0.25 stems_audible) / (weights that apply).

``overall_quality`` = the mean of melodic_coherence, harmonic_consistency, rhythmic_stability
(:mod:`generation.engine.metrics`, from the notes) and audio_fidelity, over those that apply.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..audio.loudness import integrated_loudness
from ..audio.mix import TARGET_LUFS

CLIP_LEVEL = 0.999
CLIPPED_SHARE_FAIL = 0.001
LOUDNESS_TOLERANCE_LU = 6.0
SILENT_STEM_DBFS = -60.0
WEIGHTS = {"no_clipping": 0.40, "loudness_fit": 0.35, "stems_audible": 0.25}
OVERALL_PARTS = ("melodic_coherence", "harmonic_consistency", "rhythmic_stability", "audio_fidelity")


def rms_dbfs(samples: np.ndarray) -> float:
    """Root-mean-square level in dBFS (``-inf`` for silence)."""
    if samples.size == 0:
        return -math.inf
    flat = np.ascontiguousarray(samples).reshape(-1)
    power = float(np.dot(flat, flat)) / flat.size  # BLAS: no squared copy of a 64 MB stem
    return 10 * math.log10(power) if power > 0 else -math.inf


def peak_dbfs(samples: np.ndarray) -> float:
    peak = max(float(samples.max()), -float(samples.min())) if samples.size else 0.0
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def _finite(value: float) -> float | None:
    return round(value, 2) if math.isfinite(value) else None


def audio_fidelity(
    mix: np.ndarray, stems: dict[str, np.ndarray], stems_with_notes: set[str], sample_rate: int
) -> dict[str, Any]:
    """``audio_fidelity`` and its components and measurements (see the module docstring)."""
    clipped_share = float(np.count_nonzero(np.abs(mix) >= CLIP_LEVEL)) / mix.size if mix.size else 0.0
    loudness = integrated_loudness(mix, sample_rate)
    levels = {name: rms_dbfs(stems[name]) for name in sorted(stems_with_notes) if name in stems}
    silent = sorted(set(stems_with_notes) - {name for name, level in levels.items() if level > SILENT_STEM_DBFS})
    components: dict[str, float | None] = {
        "no_clipping": max(0.0, 1 - clipped_share / CLIPPED_SHARE_FAIL),
        "loudness_fit": max(0.0, 1 - abs(loudness - TARGET_LUFS) / LOUDNESS_TOLERANCE_LU)
        if math.isfinite(loudness)
        else 0.0,
        "stems_audible": 1 - len(silent) / len(stems_with_notes) if stems_with_notes else None,
    }
    applied = {name: value for name, value in components.items() if value is not None}
    score = sum(WEIGHTS[name] * value for name, value in applied.items()) / sum(WEIGHTS[name] for name in applied)
    return {
        "audio_fidelity": round(score, 3),
        "components": {name: None if value is None else round(value, 3) for name, value in components.items()},
        "clipped_sample_share": round(clipped_share, 6),
        "loudness_lufs": _finite(loudness),
        "peak_dbfs": _finite(peak_dbfs(mix)),
        "stem_rms_dbfs": {name: _finite(level) for name, level in levels.items()},
        "silent_stems": silent,
    }


def overall_quality(metrics: dict[str, Any]) -> float | None:
    """The mean of :data:`OVERALL_PARTS` that are not ``None`` (``None`` if none applies)."""
    values = [float(metrics[name]) for name in OVERALL_PARTS if metrics.get(name) is not None]
    return round(sum(values) / len(values), 3) if values else None
