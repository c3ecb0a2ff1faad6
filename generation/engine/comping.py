"""Comping patterns: how a keyboard or guitar player performs a progression, genre by genre.

A pattern is one bar of hits plus a phrase-end bar (the last bar of every four, and the last bar
of the part), each hit ``(onset, length, velocity, voice)``. Voices: ``"low"`` the left hand's
bass note (the chord's root under the voicing), ``"chord"`` the right hand's voicing, ``"inner"``
the voicing without its top note, ``"up"`` the voicing's next inversion up (its lowest note an octave
higher, so the top voice moves), ``"both"`` the two together, ``"l5"``, ``"l8"`` and ``"l10"`` the left
hand's fifth, octave and tenth above its root, ``"power"`` a power chord (root,
fifth, octave) and an integer ``i`` the i-th note of the broken chord (left-hand root, then the
voicing upwards). The left hand under the voicing spreads a part over about two octaves.

Bars vary inside a part (seeded): a hit dropped or an extra push now and then, so a part grooves
without looping one bar. Patterns by name (:data:`PATTERNS`); each genre has a default
(:data:`GENRE_DEFAULT_PATTERN`) and the chords tool's ``pattern`` parameter picks another.
"""

from __future__ import annotations

import random

from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Note

Hit = tuple[float, float, int, "str | int"]

PATTERNS: dict[str, tuple[tuple[Hit, ...], tuple[Hit, ...]]] = {
    # Held chords: pads and strings.
    "block": (
        ((0.0, 4.0, 78, "both"),),
        ((0.0, 2.0, 78, "both"), (2.0, 2.0, 72, "chord")),
    ),
    # Pop piano: the bass note on 1 and 3, the voicing in eighths, a push into the next bar at phrase ends.
    "pop_eighths": (
        (
            (0.0, 1.9, 90, "low"),
            (0.0, 0.45, 88, "chord"),
            (0.5, 0.45, 70, "inner"),
            (1.0, 0.45, 80, "chord"),
            (1.5, 0.45, 70, "inner"),
            (2.0, 1.9, 84, "low"),
            (2.0, 0.45, 86, "chord"),
            (2.5, 0.45, 70, "inner"),
            (3.0, 0.45, 80, "chord"),
            (3.5, 0.45, 72, "chord"),
        ),
        (
            (0.0, 1.9, 90, "low"),
            (0.0, 0.45, 88, "chord"),
            (1.0, 0.45, 80, "chord"),
            (1.5, 0.95, 84, "chord"),
            (2.5, 1.4, 86, "both"),
        ),
    ),
    # Broken chords: the left-hand root, then the voicing note by note in eighths.
    "broken": (
        (
            (0.0, 0.5, 88, 0),
            (0.5, 0.5, 70, 1),
            (1.0, 0.5, 76, 2),
            (1.5, 0.5, 70, 3),
            (2.0, 0.5, 84, 0),
            (2.5, 0.5, 70, 2),
            (3.0, 0.5, 76, 3),
            (3.5, 0.5, 72, 1),
        ),
        ((0.0, 0.5, 88, 0), (0.5, 0.5, 70, 1), (1.0, 0.5, 76, 2), (1.5, 0.5, 70, 3), (2.0, 2.0, 84, "both")),
    ),
    # R&B: syncopated stabs of sevenths and ninths over a held bass note.
    "rnb_stabs": (
        (
            (0.0, 2.4, 84, "low"),
            (0.0, 0.6, 86, "chord"),
            (1.5, 0.35, 74, "chord"),
            (2.5, 0.6, 80, "both"),
            (3.75, 0.25, 70, "chord"),
        ),
        ((0.0, 2.4, 84, "low"), (0.0, 0.6, 86, "chord"), (1.75, 0.4, 76, "chord"), (2.5, 1.4, 82, "both")),
    ),
    # Lo-fi: rootless voicings, lazy swung stabs, the root alone in the left hand.
    "lofi_swing": (
        ((0.0, 1.5, 76, "low"), (0.0, 1.3, 74, "chord"), (1.66, 0.6, 64, "chord"), (2.66, 1.2, 70, "chord")),
        ((0.0, 1.5, 76, "low"), (0.0, 1.3, 74, "chord"), (2.0, 0.6, 66, "chord"), (3.33, 0.6, 62, "chord")),
    ),
    # House: off-beat stabs.
    "house_offbeat": (
        ((0.5, 0.35, 92, "chord"), (1.5, 0.35, 86, "chord"), (2.5, 0.35, 92, "chord"), (3.5, 0.35, 86, "chord")),
        (
            (0.5, 0.35, 92, "chord"),
            (1.5, 0.35, 86, "chord"),
            (2.5, 0.35, 92, "chord"),
            (3.25, 0.25, 84, "chord"),
            (3.75, 0.25, 88, "chord"),
        ),
    ),
    # Trap: a sustained pad over the root, re-struck softly at half bar.
    "trap_pad": (
        ((0.0, 3.9, 80, "both"),),
        ((0.0, 2.9, 80, "both"), (3.0, 0.9, 70, "chord")),
    ),
    # Rock: power chords in eighths, accents on the beats.
    "power_eighths": (
        tuple((i * 0.5, 0.45, 100 if i % 2 == 0 else 82, "power") for i in range(8)),
        (*((i * 0.5, 0.45, 100 if i % 2 == 0 else 82, "power") for i in range(5)), (2.5, 1.4, 108, "power")),
    ),
    # Syncopated comping for the grooves of afrobeat, reggaeton, amapiano, boom bap, jazz, EDM and techno.
    "groove": (
        (
            (0.0, 0.7, 88, "both"),
            (0.75, 0.5, 74, "chord"),
            (1.5, 0.5, 80, "chord"),
            (2.5, 0.7, 84, "chord"),
            (3.25, 0.5, 72, "chord"),
        ),
        ((0.0, 0.7, 88, "both"), (1.5, 0.5, 80, "chord"), (2.5, 1.4, 84, "chord")),
    ),
}
# Two-handed patterns: a part picks one left-hand and one right-hand bar for its groove and, bar by bar,
# now and then plays another of the lists (a player varies the figure, the hands stay in one style).
# The left hand arpeggiates under the chord (root, fifth, octave, tenth) and the right hand strikes
# the voicing between, so the part's top line moves between the hands as a real piano part does.
LAYERED: dict[str, tuple[tuple[tuple[Hit, ...], ...], tuple[tuple[Hit, ...], ...], tuple[Hit, ...]]] = {
    # Pop piano: broken left-hand eighths or half notes, right-hand chords on the beats or backbeats.
    "pop_piano": (
        (
            (
                (0.0, 1.0, 86, "low"),
                (0.5, 0.5, 64, "l5"),
                (1.0, 0.5, 66, "l8"),
                (1.5, 0.5, 62, "l5"),
                (2.0, 1.0, 80, "low"),
                (2.5, 0.5, 64, "l5"),
                (3.0, 0.5, 66, "l8"),
                (3.5, 0.5, 62, "l10"),
            ),
            ((0.0, 1.5, 86, "low"), (1.5, 0.5, 66, "l5"), (2.0, 1.0, 78, "l8"), (3.0, 1.0, 70, "l5")),
            ((0.0, 1.9, 88, "low"), (1.5, 0.5, 64, "l8"), (2.0, 1.9, 82, "low"), (3.5, 0.5, 64, "l5")),
            (
                (0.0, 1.4, 86, "low"),
                (1.5, 0.5, 68, "low"),
                (2.0, 1.0, 78, "l5"),
                (3.0, 0.5, 70, "l8"),
                (3.5, 0.5, 64, "l5"),
            ),
            (
                (0.0, 0.75, 86, "low"),
                (0.75, 0.25, 60, "l5"),
                (1.0, 0.5, 66, "l8"),
                (1.5, 0.5, 62, "l10"),
                (2.0, 0.75, 80, "low"),
                (2.75, 0.25, 60, "l5"),
                (3.0, 0.5, 66, "l8"),
                (3.5, 0.5, 62, "l5"),
            ),
            (
                (0.0, 0.5, 86, "low"),
                (0.5, 0.25, 60, "l5"),
                (0.75, 0.25, 62, "l8"),
                (1.0, 0.5, 64, "l10"),
                (1.5, 0.5, 60, "l8"),
                (2.0, 0.5, 80, "low"),
                (2.5, 0.25, 60, "l5"),
                (2.75, 0.25, 62, "l8"),
                (3.0, 0.5, 64, "l10"),
                (3.5, 0.5, 60, "l8"),
            ),
        ),
        (
            ((1.0, 0.9, 78, "chord"), (3.0, 0.9, 76, "up")),
            ((0.0, 1.9, 84, "chord"), (2.0, 1.9, 80, "up")),
            (
                (0.0, 0.45, 84, "chord"),
                (1.0, 0.45, 76, "up"),
                (1.5, 0.45, 70, "inner"),
                (2.0, 0.45, 80, "chord"),
                (3.0, 0.45, 74, "up"),
                (3.5, 0.45, 70, "inner"),
            ),
            ((0.0, 1.4, 84, "chord"), (1.5, 0.9, 76, "inner"), (2.5, 1.4, 80, "chord")),
            ((0.5, 0.45, 74, "inner"), (1.5, 0.45, 76, "chord"), (2.5, 0.45, 72, "inner"), (3.5, 0.45, 76, "chord")),
            ((1.0, 0.45, 78, "chord"), (1.75, 0.25, 66, "inner"), (3.0, 0.45, 76, "chord"), (3.75, 0.25, 66, "inner")),
        ),
        ((0.0, 1.9, 88, "low"), (0.0, 1.4, 84, "chord"), (1.5, 0.9, 78, "chord"), (2.5, 1.4, 82, "both")),
    ),
    # R&B keys: a syncopated left hand (root, octave, fifth) under stabs of sevenths and ninths.
    "rnb_keys": (
        (
            (
                (0.0, 1.4, 84, "low"),
                (1.5, 0.4, 66, "l8"),
                (2.0, 0.9, 74, "l5"),
                (3.0, 0.7, 70, "low"),
                (3.5, 0.5, 64, "l8"),
            ),
            ((0.0, 2.4, 84, "low"), (2.5, 1.0, 72, "l8"), (3.5, 0.5, 66, "l5")),
            (
                (0.0, 1.0, 84, "low"),
                (1.0, 0.5, 66, "l5"),
                (1.5, 0.5, 64, "l8"),
                (2.0, 1.5, 76, "low"),
                (3.5, 0.5, 66, "l10"),
            ),
            (
                (0.0, 0.75, 84, "low"),
                (0.75, 0.75, 64, "l8"),
                (1.5, 0.5, 66, "l5"),
                (2.0, 1.0, 76, "low"),
                (3.0, 0.5, 66, "l5"),
                (3.5, 0.5, 64, "l8"),
            ),
        ),
        (
            ((0.0, 0.9, 84, "chord"), (1.5, 0.4, 72, "inner"), (2.5, 0.9, 80, "up")),
            ((1.0, 0.6, 76, "chord"), (2.75, 0.6, 74, "up"), (3.5, 0.4, 70, "inner")),
            ((0.0, 1.9, 84, "chord"), (2.0, 0.5, 74, "inner"), (3.0, 0.9, 78, "up")),
            ((0.5, 0.4, 74, "inner"), (1.0, 0.9, 80, "chord"), (2.5, 0.4, 72, "inner"), (3.0, 0.9, 78, "up")),
            (
                (0.0, 0.45, 82, "chord"),
                (0.5, 0.4, 70, "inner"),
                (1.0, 0.45, 76, "up"),
                (2.0, 0.45, 80, "chord"),
                (2.5, 0.4, 70, "inner"),
                (3.0, 0.45, 76, "up"),
                (3.5, 0.4, 70, "inner"),
            ),
        ),
        ((0.0, 2.4, 84, "low"), (0.0, 0.6, 86, "chord"), (1.75, 0.4, 76, "chord"), (2.5, 1.4, 82, "both")),
    ),
}
PATTERN_NAMES = (*PATTERNS, *LAYERED)
GENRE_DEFAULT_PATTERN = {
    "pop": "pop_piano",
    "synthwave": "pop_eighths",
    "rnb": "rnb_keys",
    "lofi": "lofi_swing",
    "jazz": "lofi_swing",
    "house": "house_offbeat",
    "techno": "house_offbeat",
    "trap": "trap_pad",
    "drill": "trap_pad",
    "rock": "power_eighths",
    "ambient": "block",
    "cinematic": "block",
}
PHRASE_BARS = 4


def default_pattern(genre_name: str) -> str:
    """The genre's comping (a fused genre "a+b" takes the first's)."""
    return GENRE_DEFAULT_PATTERN.get(genre_name.split("+")[0], "groove")


def _voicing(event: ChordEvent, pattern: str, key: Key | None) -> tuple[int, list[int]]:
    """(left-hand root, right-hand voicing) for the pattern: ninths for R&B, rootless for lo-fi."""
    pitches = sorted(event.pitches)
    bottom = pitches[0] if pitches else 60
    # The root an octave under the voicing's bass region: the hands together span about two octaves.
    gap = (bottom - event.root) % 12 or 12
    low = bottom - (gap + 12 if gap < 7 else gap)
    low += 12 if low < 33 else 0
    upper = list(pitches)
    ninth = pitches[0] - (pitches[0] - event.root) % 12 + 14 if pitches else None
    adds_ninth = pattern in ("rnb_stabs", "rnb_keys", "lofi_swing")
    if adds_ninth and ninth is not None and key is not None and key.contains(ninth):
        upper.append(ninth if ninth > upper[-1] - 12 else ninth + 12)
    if pattern == "lofi_swing" and len(upper) >= 4:
        upper = [p for p in upper if p % 12 != event.root]  # the left hand has the root
    return low, sorted(set(upper))


def _vary_bar(hits: tuple[Hit, ...], rng: random.Random) -> list[Hit]:
    """A bar as played this time: now and then a weak hit left out or an off-beat push added."""
    played = list(hits)
    if len(played) > 3 and rng.random() < 0.35:
        weak = [h for h in played if h[0] % 1 and h[3] not in ("low", "both")]
        if weak:
            played.remove(rng.choice(weak))
    if rng.random() < 0.25:
        onset = rng.choice((1.75, 3.25))
        if all(abs(h[0] - onset) > 0.2 for h in played):
            voice = next((h[3] for h in played if h[3] not in ("low",)), "chord")
            played.append((onset, 0.25, 68, voice))
    return sorted(played, key=lambda h: h[0])


def perform(
    chords: list[ChordEvent],
    *,
    pattern: str,
    energy: float = 0.6,
    key: Key | None = None,
    seed: int = 0,
    solo: bool = False,
) -> list[Note]:
    """The notes of ``chords`` played in ``pattern`` (each chord's bars, cut where the chord changes).

    ``solo``: the part is heard on its own (the chords tool), with no melody above it to leave room for.
    """
    rng = random.Random(seed)
    if pattern in LAYERED:
        left_hands, right_hands, ending = LAYERED[pattern]
        # Busier left hands are the commoner groove (real pop piano parts strike about 7-8 times a bar).
        busy = [sum(1 for _ in figure) for figure in left_hands]
        groove = (rng.choices(range(len(left_hands)), weights=busy)[0], rng.randrange(len(right_hands)))
        # Players differ in how much they vary a figure: some loop it, some change it most bars.
        restless = rng.uniform(0.1, 0.6)
    else:
        main, ending = PATTERNS[pattern]
    level = 0.75 + 0.35 * energy
    total_bars = max((c.start_bar + c.duration_bars for c in chords), default=0.0)
    bar_hits: dict[int, list[Hit]] = {}

    def hits_of(bar: int) -> list[Hit]:
        """The bar's hits, decided once per bar (a chord change inside a bar plays the rest of the same bar)."""
        if bar in bar_hits:
            return bar_hits[bar]
        is_phrase_end = bar % PHRASE_BARS == PHRASE_BARS - 1 or bar + 1 >= total_bars - 1e-9
        if pattern == "block":
            hits = list(main)
        elif pattern in LAYERED:
            if is_phrase_end and rng.random() < 0.7:
                hits = _vary_bar(ending, rng)
            else:
                # Mostly the part's own groove; a bar in three or so plays another figure in one hand.
                left = groove[0] if rng.random() > restless * 0.8 else rng.randrange(len(left_hands))
                right = groove[1] if rng.random() > restless else rng.randrange(len(right_hands))
                hits = _vary_bar((*left_hands[left], *right_hands[right]), rng)
        else:
            hits = _vary_bar(ending if is_phrase_end else main, rng)
        bar_hits[bar] = hits
        return hits

    # Heard alone, pop piano opens its right hand up to the octave above middle C (the voice-led
    # voicings sit around middle C, close on the left hand's arpeggio), one shift for the whole part;
    # under a melody it stays low, where it leaves the melody its register.
    tops = [max(c.pitches) for c in chords if c.pitches]
    lift = 12 if solo and pattern == "pop_piano" and tops and sum(tops) / len(tops) < 65 else 0
    notes: list[Note] = []
    for event in chords:
        start = event.start_bar * BEATS_PER_BAR
        end = start + event.duration_bars * BEATS_PER_BAR
        low, upper = _voicing(event, pattern, key)
        upper = [p + lift for p in upper]
        broken = [low, *upper]
        # The chord's own fifth (diminished on a diminished chord), so power chords stay in key.
        fifth = next((i for i in (7, 6, 8) if any((p - event.root) % 12 == i for p in event.pitches)), 7)
        third = next((i for i in (4, 3, 2, 5) if any((p - event.root) % 12 == i for p in event.pitches)), 7)
        bar_start = start - (start % BEATS_PER_BAR)
        while bar_start < end - 1e-9:
            bar = round(bar_start / BEATS_PER_BAR)
            hits = hits_of(bar)
            for onset_in_bar, length, velocity, voice in hits:
                onset = bar_start + onset_in_bar
                if onset < start - 1e-9 or onset >= end - 1e-9:
                    continue
                duration = round(min(length, end - onset), 4)
                if voice == "low":
                    pitches = [low]
                elif voice == "both":
                    pitches = [low, *upper]
                elif voice == "chord" or (voice == "up" and len(upper) <= 2):
                    pitches = upper
                elif voice == "inner":
                    pitches = upper[:-1] if len(upper) > 2 else upper
                elif voice == "up" and len(upper) > 2:
                    # The lowest note that, an octave up, clears the top moves there: the top voice rises
                    # to a new chord tone (a wide voicing with an added ninth raises its second note).
                    moved = next((p for p in upper if p + 12 > upper[-1]), upper[-1])
                    pitches = sorted([*(p for p in upper if p != moved), moved + 12])
                elif voice == "l5":
                    pitches = [low + fifth]
                elif voice == "l8":
                    pitches = [low + 12]
                elif voice == "l10":
                    pitches = [low + 12 + third]
                elif voice == "power":
                    root = low + 12
                    pitches = [root, root + fifth, root + 12]
                else:
                    pitches = [broken[int(voice) % len(broken)]]
                for pitch in pitches:
                    notes.append(Note(pitch, round(onset, 4), duration, max(1, min(127, int(velocity * level)))))
            bar_start += BEATS_PER_BAR
    return sorted(notes, key=lambda n: (n.start, n.pitch))
