"""A vocal melody fitted to lyrics: one note per syllable, in a voice's range, mostly stepwise.

Each lyric line gets a two-bar phrase starting on its phrase's downbeat: syllables on eighth notes
(quarters when the line is short, sixteenths when it is long), the last syllable held, and at least
half a beat of rest to breathe before the next line. Pitches stay within :data:`VOICE_RANGE`, move
by step with an occasional third, land on chord tones on beats 1 and 3, and end each line on a chord
tone (the tonic at the end of the song). Lines are laid into their sections' bars in order; a section
with more bars than lines leaves the rest instrumental.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from ..lyrics.writer import Lyrics
from ..theory import Key
from ..types import BEATS_PER_BAR, ChordEvent, Note, Part, Section

VOICE_RANGE = (57, 76)  # A3-E5
PHRASE_BARS = 2


@dataclass(slots=True)
class VocalLine:
    text: str
    section: str
    start: float  # beats
    end: float
    notes: list[Note]
    syllables: list[str]


@dataclass(slots=True)
class VocalPart:
    part: Part
    lines: list[VocalLine] = field(default_factory=list)
    bpm: float = 120.0

    @property
    def syllables(self) -> list[str | None]:
        """One entry per note of ``part`` (for the MusicXML writer's lyrics)."""
        return [s for line in self.lines for s in line.syllables]

    def timestamps(self) -> list[dict[str, Any]]:
        seconds = 60.0 / self.bpm
        return [
            {"start": round(line.start * seconds, 3), "end": round(line.end * seconds, 3), "text": line.text}
            for line in self.lines
        ]


def _rhythm(count: int) -> list[tuple[float, float]]:
    """Onsets and lengths (beats) of ``count`` syllables inside a two-bar phrase, ending held with a breath."""
    step = 1.0 if count <= 5 else (0.5 if count <= 12 else 0.25)
    onsets = [i * step for i in range(count)]
    last_end = min(PHRASE_BARS * BEATS_PER_BAR - 0.5, onsets[-1] + max(1.0, step * 2))
    return [(o, step * 0.95) for o in onsets[:-1]] + [(onsets[-1], last_end - onsets[-1])]


def _chord_at(chords: list[ChordEvent], beat: float) -> ChordEvent | None:
    bar = beat / BEATS_PER_BAR
    return next((c for c in chords if c.start_bar <= bar + 1e-9 < c.start_bar + c.duration_bars), None)


def fit_vocal_melody(
    *, lyrics: Lyrics, sections: list[Section], key: Key, bpm: float, chords: list[ChordEvent], seed: int
) -> VocalPart:
    """Place every lyric line in its section and sing it on a melody fitted to its syllables."""
    rng = random.Random(seed)
    scale = key.scale_pitches(*VOICE_RANGE)
    scale_pcs = {p % 12 for p in scale}
    # Lyric sections were written for the arrangement's sections in order (instrumental ones skipped).
    lines_by_section: dict[int, list[Any]] = {}
    pointer = 0
    for index, section in enumerate(sections):
        if pointer < len(lyrics.sections) and lyrics.sections[pointer].name == section.name:
            lines_by_section[index] = lyrics.sections[pointer].lines
            pointer += 1
    vocal_lines: list[VocalLine] = []
    position = len(scale) // 2
    for index, lines in lines_by_section.items():
        section = sections[index]
        for n, line in enumerate(lines):
            start = (section.start_bar + n * PHRASE_BARS) * BEATS_PER_BAR
            if n * PHRASE_BARS >= section.bars:
                break
            rhythm = _rhythm(len(line.syllables))
            notes: list[Note] = []
            direction = rng.choice((-1, 1))
            for i, (onset, length) in enumerate(rhythm):
                beat = start + onset
                if i:
                    move = direction * (2 if rng.random() < 0.15 else 1) if rng.random() < 0.8 else 0
                    if rng.random() < 0.3:
                        direction = -direction
                    position = max(0, min(len(scale) - 1, position + move))
                chord = _chord_at(chords, beat)
                is_strong = abs(onset % 2) < 1e-9
                if chord is not None and (is_strong or i == len(rhythm) - 1):
                    tones = {p % 12 for p in chord.pitches} & scale_pcs or {chord.root % 12}
                    if i == len(rhythm) - 1 and index == max(lines_by_section) and n == len(lines) - 1:
                        tones = {key.tonic}
                    candidates = [j for j, p in enumerate(scale) if p % 12 in tones]
                    if candidates:
                        position = min(candidates, key=lambda j: abs(j - position))
                if position in (0, len(scale) - 1):
                    direction = 1 if position == 0 else -1
                notes.append(Note(scale[position], round(beat, 4), round(length, 4), 96 if is_strong else 86))
            vocal_lines.append(VocalLine(line.text, section.name, start, notes[-1].end, notes, list(line.syllables)))
    part = Part(name="vocals", program=52, notes=[n for line in vocal_lines for n in line.notes])
    return VocalPart(part=part, lines=vocal_lines, bpm=bpm)
