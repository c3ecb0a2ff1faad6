"""Bass groove variation: a bassline repeats its groove and varies it the way bass players do.

Applied to a bassline after its style wrote it (never to the chord roots on the chords'
downbeats, which stay where they are):

* an approach note into a chord change: the last note before the change becomes a scale step
  (or the fifth) next to the new root, or a short note is added in the last half beat;
* a fill at each phrase end (the last bar of every four, and the last bar): the second half of the
  bar becomes a run of eighths and sixteenths through root, fifth, octave and an approach note;
* octave and fifth moves on some off-beat notes;
* rests: now and then an off-beat note is left out.
"""

from __future__ import annotations

import random

from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Note

PHRASE_BARS = 4
TOP = 60


def _chord_at(chords: list[ChordEvent], beat: float) -> ChordEvent:
    bar = beat / BEATS_PER_BAR
    for event in chords:
        if event.start_bar <= bar + 1e-9 < event.start_bar + event.duration_bars:
            return event
    return chords[-1]


def _near(pitch_class: int, around: int) -> int:
    """The pitch of ``pitch_class`` nearest to ``around``."""
    return around + ((pitch_class - around + 6) % 12) - 6


def _approach(key: Key, target: int, rng: random.Random) -> int:
    """A scale tone a step above or below ``target``, or its fifth below."""
    scale = key.scale_pitches(target - 8, target + 8)
    below = [p for p in scale if p < target]
    above = [p for p in scale if p > target]
    options = [below[-1] if below else target - 2, above[0] if above else target + 2, target - 5]
    pitch = options[rng.choices((0, 1, 2), weights=(0.5, 0.3, 0.2))[0]]
    return pitch if key.contains(pitch) else target


def _fill(key: Key, chord: ChordEvent, next_root: int, start: float, rng: random.Random) -> list[Note]:
    root = _near(chord.root, next_root)
    scale = key.scale_pitches(root - 12, root + 13)
    tones = [root, root + 7 if key.contains(root + 7) else root, root + 12, _approach(key, next_root, rng)]
    rhythm = rng.choice(((0.5, 0.5, 0.5, 0.5), (0.75, 0.25, 0.5, 0.5), (0.5, 0.25, 0.25, 0.5, 0.5)))
    body = tones[:-1]
    pitches = [body[i] if i < len(body) else rng.choice(scale) for i in range(len(rhythm) - 1)] + [tones[-1]]
    notes, position = [], start
    for i, (pitch, length) in enumerate(zip(pitches, rhythm, strict=True)):
        notes.append(Note(pitch, round(position, 4), round(length * 0.85, 4), 96 if i == 0 else 88))
        position += length
    return notes


def _fit(pitch: int, low: int) -> int:
    while pitch > TOP:
        pitch -= 12
    while pitch < low:
        pitch += 12
    return pitch


def vary_groove(
    notes: list[Note], *, key: Key, chords: list[ChordEvent], total: float, energy: float, rng: random.Random
) -> list[Note]:
    """``notes`` with approaches, phrase-end fills, octave/fifth moves and rests (chord downbeats kept)."""
    if not notes or not chords:
        return notes
    low = min(n.pitch for n in notes)
    starts = {round(c.start_bar * BEATS_PER_BAR, 4) for c in chords}
    bars = int(total // BEATS_PER_BAR)
    result = sorted(notes, key=lambda n: n.start)
    for bar in range(bars):
        if not (bar % PHRASE_BARS == PHRASE_BARS - 1 or bar == bars - 1) or (bar == 0 and bars < 2):
            continue
        fill_start = bar * BEATS_PER_BAR + 2.0
        fill_end = (bar + 1) * BEATS_PER_BAR
        if any(fill_start < s < fill_end for s in starts) or fill_start in starts:
            continue  # a chord changes inside the would-be fill: its root comes first
        next_root = _near(_chord_at(chords, min(fill_end, total - 0.01)).root, low + 5)
        result = [n for n in result if not fill_start <= n.start < fill_end]
        result = [
            Note(n.pitch, n.start, round(min(n.duration, fill_start - n.start), 4), n.velocity)
            if n.start < fill_start < n.end
            else n
            for n in result
        ]
        # A fill may dip a fourth under the line's lowest note, not an octave (G0 is felt, not heard).
        fill = _fill(key, _chord_at(chords, fill_start), next_root, fill_start, rng)
        result += [Note(_fit(n.pitch, low - 5), n.start, n.duration, n.velocity) for n in fill]
    result.sort(key=lambda n: n.start)
    varied: list[Note] = []
    for i, note in enumerate(result):
        start = round(note.start, 4)
        if start in starts:
            varied.append(note)
            continue
        following = next((s for s in sorted(starts) if s > start), None)
        is_last_before_change = (
            following is not None
            and following - start <= 1.0
            and (i + 1 == len(result) or result[i + 1].start >= following - 1e-9)
        )
        if is_last_before_change and following is not None and rng.random() < 0.5:
            # The last note before a chord change: an approach into the new root, half the time.
            target = _near(_chord_at(chords, following).root, note.pitch)
            varied.append(Note(_fit(_approach(key, target, rng), low), note.start, note.duration, note.velocity))
            continue
        if note.start % 1 and rng.random() < 0.12:
            continue  # a rest where an off-beat note was
        if rng.random() < 0.1 + 0.15 * energy:
            chord = _chord_at(chords, note.start)
            if note.pitch % 12 == chord.root:
                up = note.pitch + rng.choice((12, 7))
                if up <= TOP and key.contains(up):
                    varied.append(Note(up, note.start, note.duration, note.velocity))
                    continue
        varied.append(note)
    return varied
