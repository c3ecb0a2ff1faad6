"""What a piece of music is: key and mode (with confidence), tempo, metre, bars, each part's role and
the chord progression under it.

* **Key**: music21's Aarden-Essen key-profile analysis (``music21.analysis.discrete.AardenEssen``,
  the algorithm behind ``stream.analyze("key")``) over the pitched parts' pitch classes, each
  weighted by how long it sounds. music21 is given a twelve-note summary of the piece (one note per
  pitch class, as long as that class sounds in all), which gives exactly the analysis of the whole
  score at a fraction of the cost. The piece's final bass note, when it is held a beat or more,
  adds 10% of the piece's weight to its pitch class (pieces that stop, rather than loop, end on their
  tonic far more often than not; on a sample of Bach chorales
  this settles relative major/minor confusions: 35 of 45 right against 31). This is the product's one
  key finder (the challenge checks read keys with it too): on the 410 Bach pieces of music21's corpus
  that declare their key, written to MIDI, it reads 336 right (82%) where a plain Krumhansl-Schmuckler
  profile read 284 (69%); 31 of the tests' 35 against 28. ``confidence`` is
  music21's correlation coefficient of the best key (-1..1); ``margin`` how far it stands above
  the runner-up; ``alternatives`` the next three. The file's key signature (if any) is reported
  beside it, never used in place of it.
* **Tempo, metre, bars**: the idea's (for a MIDI file, its first tempo and time signature).
* **Roles**: :mod:`generation.engine.roles` (channel 10, polyphony, register, density).
* **Progression**: :mod:`generation.engine.chord_reading` (per bar, or per half bar where the
  harmony changes inside the bar), roman numerals relative to the key found.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .chord_reading import read_progression
from .roles import PartReading, read_roles
from .theory import Key, pitch_class_name
from .types import Composition, Part

ANALYSIS_VERSION = 1
_GRID = 1 / 16


@dataclass(frozen=True, slots=True)
class KeyReading:
    tonic: int
    mode: str  # major or minor
    confidence: float
    margin: float
    alternatives: tuple[tuple[int, str, float], ...]

    @property
    def key(self) -> Key:
        return Key(self.tonic, self.mode)


@dataclass(frozen=True, slots=True)
class Analysis:
    key: KeyReading
    roles: list[PartReading]
    idea: Composition  # the idea in its key, with the progression read under it

    def to_dict(self) -> dict[str, Any]:
        key = self.key.key
        numerator, denominator = self.idea.time_signature
        bpm = self.idea.bpm
        return {
            "version": ANALYSIS_VERSION,
            "key": key.tonic_name,
            "mode": self.key.mode,
            "scale": self.key.mode,
            "key_name": key.name,
            "confidence": round(self.key.confidence, 3),
            "margin": round(self.key.margin, 3),
            "alternatives": [
                {"key": Key(t, m).tonic_name, "mode": m, "correlation": round(c, 3)}
                for t, m, c in self.key.alternatives
            ],
            "key_signature": self.idea.metadata.get("key_signature"),
            "bpm": int(bpm) if float(bpm).is_integer() else bpm,
            "time_signature": f"{numerator}/{denominator}",
            "bars": self.idea.bars,
            "duration_seconds": round(self.idea.duration_seconds, 3),
            "tracks": [r.to_dict() for r in self.roles],
            "progression": [c.to_dict() for c in self.idea.chords],
        }


FINAL_BASS_WEIGHT = 0.1


def pitch_class_durations(parts: list[Part]) -> list[float]:
    """How long (beats) each pitch class sounds over the pitched notes of ``parts``."""
    weights = [0.0] * 12
    for part in parts:
        if part.is_drum:
            continue
        for note in part.notes:
            weights[note.pitch % 12] += note.duration
    return weights


def key_weights(idea: Composition) -> list[float]:
    """The pitch-class durations the key is read from: the pitched notes' plus the final bass note's extra weight."""
    weights = pitch_class_durations(idea.parts)
    pitched = [n for p in idea.parts if not p.is_drum for n in p.notes]
    if pitched:
        end = max(n.end for n in pitched)
        final_bass = min((n for n in pitched if n.end >= end - 1e-3), key=lambda n: n.pitch)
        if final_bass.duration >= 1.0:
            weights[final_bass.pitch % 12] += FINAL_BASS_WEIGHT * sum(weights)
    return weights


def read_key(idea: Composition) -> KeyReading:
    """The key of ``idea``'s pitched notes by music21's key analysis (C major for a piece with none)."""
    weights = key_weights(idea)
    if sum(weights) <= 0:
        return KeyReading(0, "major", 0.0, 0.0, ())
    from music21 import note, stream
    from music21.analysis.discrete import AardenEssen

    summary: Any = stream.Stream()
    for pitch_class, weight in enumerate(weights):
        # Durations on a 1/16-beat grid keep music21's exact fractions small.
        length = round(weight / _GRID) * _GRID
        if length > 0:
            summary.append(note.Note(60 + pitch_class, quarterLength=length))
    if not summary.notes:
        return KeyReading(0, "major", 0.0, 0.0, ())
    # process() rather than getSolution(): the same analysis without building 24 music21 Key objects
    # (each builds a scale network: 7 ms apiece).
    analyser: Any = AardenEssen()  # type: ignore[no-untyped-call]
    (tonic, mode, coefficient), _ = analyser.process(summary, storeAlternatives=True)
    best = (tonic.pitchClass, mode, float(coefficient))
    others = [(p.pitchClass, m, float(c)) for p, m, c in analyser.alternativeSolutions]
    others.sort(key=lambda item: -item[2])
    margin = best[2] - others[0][2] if others else best[2]
    return KeyReading(best[0], best[1], best[2], margin, tuple(others[:3]))


def analyse(idea: Composition) -> Analysis:
    """The analysis of ``idea``: its key read from the notes, roles, and the progression in that key."""
    key = read_key(idea)
    in_key = replace(idea, tonic=key.tonic, scale=key.mode)
    in_key = replace(in_key, chords=read_progression(in_key, key.key))
    return Analysis(key=key, roles=read_roles(idea), idea=in_key)


def describe_key(tonic: int, mode: str) -> str:
    return f"{pitch_class_name(tonic)} {mode}"
