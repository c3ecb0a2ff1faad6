"""Full v1 tracks (issue 13): v1 ``parameters`` in, a finished track out (audio, stems, lyrics, scores, metrics).

``validate_track_parameters(raw)`` checks a v1 ``parameters`` object into plain JSON, then
``build_track(params, seed=..., progress=..., title=...)`` makes a :class:`TrackBuild`. Pure Python
with system programs (FluidSynth, Festival, rsvg-convert); nothing from Django, no storage.
"""

from .build import TrackBuild, TrackStem, build_track
from .files import TrackFile
from .params import validate_track_parameters

__all__ = ["TrackBuild", "TrackFile", "TrackStem", "build_track", "validate_track_parameters"]
