"""Vocals: a singable melody fitted to the lyrics, the lyrics sung on it by Festival, and pitch checks."""

from .melody import VocalLine, VocalPart, fit_vocal_melody
from .sing import sing
from .song import VocalTrack, vocal_track

__all__ = ["VocalLine", "VocalPart", "VocalTrack", "fit_vocal_melody", "sing", "vocal_track"]
