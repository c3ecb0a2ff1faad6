"""Checking each challenge constraint from the notes, with a reason a producer can act on."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..analysis import KeyReading, pitch_class_durations, read_key
from ..chord_roots import HARMONIC_PART_NAMES, harmonic_parts, window_roots
from ..errors import EngineParameterError
from ..genres import get_genre
from ..harmony import chord_from_figure
from ..roles import top_line
from ..theory import Key, _parent_major_tonic, pitch_class_name
from ..types import BEATS_PER_BAR, MELODIC_PART_NAMES, Composition, Part
from .constraints import (
    CONSTRAINT_NAMES,
    IN_SCALE_MIN,
    PROGRESSION_WIDTHS,
    ChallengeConstraints,
    ConstraintResult,
    constraints_from_data,
    intervals_text,
    part_name,
    range_text,
)


def _inside(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low - 1e-9) and (high is None or value <= high + 1e-9)


def check_genre(constraints: ChallengeConstraints, declared: str | None) -> tuple[bool, str]:
    """The declared genre, aliases resolved; a fusion (``"trap+lofi"``) counts as each of its genres."""
    if not declared:
        return False, f"No genre was given with the music; {constraints.genre} is required"
    genres = []
    for name in declared.split("+")[:4]:
        try:
            genres.append(get_genre(name).name)
        except EngineParameterError:
            return False, f"'{declared[:32]}' is not a genre we know; {constraints.genre} is required"
    heard = "+".join(dict.fromkeys(genres))
    if constraints.genre not in genres:
        return False, f"The music is {heard}, not {constraints.genre}"
    return True, f"The music is {heard}"


def check_bpm(constraints: ChallengeConstraints, music: Composition) -> tuple[bool, str]:
    wanted = range_text(constraints.bpm_min, constraints.bpm_max, "BPM")
    verdict = "inside" if _inside(music.bpm, constraints.bpm_min, constraints.bpm_max) else "outside"
    return verdict == "inside", f"The tempo is {music.bpm:g} BPM, {verdict} {wanted}"


def _tonic_votes(music: Composition, candidates: list[Key], found: KeyReading) -> dict[int, list[str]]:
    """For each candidate tonic, the cues that point at it (see :func:`check_key`); ``found``: the notes' key."""
    votes: dict[int, list[str]] = {k.tonic: [] for k in candidates}
    # Chord roots only say something when the music has harmony (a lone melody's "chords" do not).
    has_harmony = any(p.name in HARMONIC_PART_NAMES and p.notes and not p.is_drum for p in music.parts)
    roots = [r for r in window_roots(music, 2)[::2] if r is not None] if has_harmony else []
    if roots:
        if roots[0] in votes:
            votes[roots[0]].append("the first chord")
        if roots[-1] in votes:
            votes[roots[-1]].append("the last chord")
        ranked = Counter(roots).most_common(2)
        if ranked[0][0] in votes and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            votes[ranked[0][0]].append("the most frequent chord")
    lead = music.lead_part()
    if lead is not None:
        last = max(lead.notes, key=lambda n: (n.end, -n.pitch)).pitch % 12
        if last in votes:
            votes[last].append(f"the {lead.name}'s last note")
    for key in candidates:
        family = "minor" if key.is_minor else "major"
        if (found.tonic, found.mode) == (key.tonic, family):
            votes[key.tonic].append("the key profile of the notes")
    return votes


def check_key(key: Key, music: Composition) -> tuple[bool, str]:
    weights = pitch_class_durations(music.parts)
    total = sum(weights)
    if total <= 0:
        return False, "There are no pitched notes to read a key from"
    in_scale = sum(weights[pc] for pc in key.pitch_classes) / total
    share = f"{in_scale:.0%} of the notes' duration is in {key.name}"
    found = read_key(music)
    centre = found.key.name
    if in_scale < IN_SCALE_MIN:
        return False, f"Only {share} (at least {IN_SCALE_MIN:.0%} needed); the notes centre on {centre}"
    parent = _parent_major_tonic(key)
    rivals = [k for k in (Key(parent, "major"), Key((parent + 9) % 12, "minor")) if k.tonic != key.tonic]
    votes = _tonic_votes(music, [key, *rivals], found)
    mine = votes[key.tonic]
    beaten_by = [k for k in rivals if len(votes[k.tonic]) > len(mine)]
    if not mine:
        return False, (
            f"{share}, but nothing marks {key.tonic_name} as the tonic (the notes centre on {centre}): "
            f"start or end on a {key.tonic_name} chord, or end the lead on {key.tonic_name}"
        )
    if beaten_by:
        rival = beaten_by[0]
        return False, (
            f"{share}, but the music centres on {rival.tonic_name} rather than {key.tonic_name} "
            f"({', '.join(votes[rival.tonic])} point there): start or end on a {key.tonic_name} chord"
        )
    return True, f"{share}; {key.tonic_name} sounds like the tonic: {', '.join(mine)}"


def check_parts(constraints: ChallengeConstraints, music: Composition) -> tuple[bool, str]:
    present = list(dict.fromkeys(part_name(p.name) for p in music.parts if p.notes))
    missing = [p for p in constraints.parts if p not in present]
    have = ", ".join(present) or "none"
    if missing:
        return False, f"Missing {', '.join(missing)} (the music has: {have})"
    return True, f"All required parts are there (the music has: {have})"


def check_bars(constraints: ChallengeConstraints, music: Composition) -> tuple[bool, str]:
    wanted = range_text(constraints.bars_min, constraints.bars_max, "bars")
    verdict = "inside" if _inside(music.bars, constraints.bars_min, constraints.bars_max) else "outside"
    return verdict == "inside", f"The music is {music.bars} bars long, {verdict} {wanted}"


def _slot_text(slot: int) -> str:
    return f"bar {slot // 2 + 1}" + (" (half way)" if slot % 2 else "")


def check_progression(constraints: ChallengeConstraints, music: Composition) -> tuple[bool, str]:
    key = constraints.key
    assert key is not None  # noqa: S101 - constraints_from_data requires a key with a progression
    wanted = [chord_from_figure(key, figure).root for figure in constraints.progression]
    names = "–".join(key.spell(r) for r in wanted)
    count = len(wanted)
    best: tuple[int, int, int, list[int | None]] = (-1, 0, 0, [])
    for width in PROGRESSION_WIDTHS:
        roots = window_roots(music, width)
        for start in range(0, len(roots) - (count - 1) * width):
            heard = [roots[start + i * width] for i in range(count)]
            matches = sum(1 for h, w in zip(heard, wanted, strict=True) if h == w)
            if matches == count:
                return True, f"From {_slot_text(start)} the chords play {names} ({' – '.join(constraints.progression)})"
            if matches > best[0]:
                best = (matches, start, width, heard)
    if best[0] < 0:
        return False, f"The music is too short for {count} chords"
    matches, start, _, heard = best
    heard_names = "–".join("rest" if r is None else pitch_class_name(r, key.prefers_flats) for r in heard)
    return (
        False,
        f"No run of chords plays {names}; closest: from {_slot_text(start)}, {heard_names} ({matches} of {count})",
    )


def _top_line(part: Part) -> tuple[np.ndarray[Any, np.dtype[np.int64]], np.ndarray[Any, np.dtype[np.float64]]]:
    """(pitches, onsets) of a part's highest note at each onset (:func:`generation.engine.roles.top_line`)."""
    line = top_line(part.notes)
    return np.array([n.pitch for n in line], dtype=np.int64), np.array([n.start for n in line], dtype=np.float64)


def _beat_text(beat: float) -> str:
    return f"bar {int(beat // BEATS_PER_BAR) + 1}, beat {round(beat % BEATS_PER_BAR + 1, 2):g}"


def check_motif(constraints: ChallengeConstraints, music: Composition) -> tuple[bool, str]:
    motif = constraints.motif
    intervals = np.diff(np.array([n.pitch for n in motif], dtype=np.int64))
    gaps = np.diff(np.array([n.start for n in motif], dtype=np.float64))
    size = len(intervals)
    best: tuple[int, str] = (-1, "")
    pitched = [p for p in music.parts if not p.is_drum and len(p.notes) > size]
    order = {name: i for i, name in enumerate(MELODIC_PART_NAMES)}
    for part in sorted(pitched, key=lambda p: order.get(p.name, 9)):
        pitches, onsets = _top_line(part)
        if len(pitches) <= size:
            continue
        same_intervals = sliding_window_view(np.diff(pitches), size) == intervals
        close_rhythm = np.abs(sliding_window_view(np.diff(onsets), size) - gaps) <= constraints.rhythm_tolerance + 1e-9
        both = same_intervals & close_rhythm
        found = np.flatnonzero(both.all(axis=1))
        if found.size:
            index = int(found[0])
            shift = int(pitches[index]) - motif[0].pitch
            return (
                True,
                f"The motif plays in the {part.name} at {_beat_text(float(onsets[index]))} (transposed {shift:+d})",
            )
        scores = both.sum(axis=1)
        index = int(np.argmax(scores))
        if int(scores[index]) > best[0]:
            best = (int(scores[index]), f"{part.name} at {_beat_text(float(onsets[index]))}")
    if best[0] < 0:
        return False, f"No part has the {len(motif)} notes of the motif"
    return False, (
        f"The motif (intervals {intervals_text(motif)}) does not play in any part; "
        f"closest: the {best[1]} ({best[0]} of {size} steps)"
    )


def check_constraints(
    constraints: ChallengeConstraints, music: Composition, *, declared_genre: str | None = None
) -> list[ConstraintResult]:
    """One result per constraint set, in :data:`CONSTRAINT_NAMES` order."""
    results = []
    for name, label in constraints.labels():
        if name == "genre":
            passed, reason = check_genre(constraints, declared_genre)
        elif name == "bpm":
            passed, reason = check_bpm(constraints, music)
        elif name == "key":
            assert constraints.key is not None  # noqa: S101 - labels() lists it only when set
            passed, reason = check_key(constraints.key, music)
        elif name == "parts":
            passed, reason = check_parts(constraints, music)
        elif name == "bars":
            passed, reason = check_bars(constraints, music)
        elif name == "progression":
            passed, reason = check_progression(constraints, music)
        else:
            passed, reason = check_motif(constraints, music)
        results.append(ConstraintResult(name, label, passed, reason))
    return results


__all__ = [
    "CONSTRAINT_NAMES",
    "ChallengeConstraints",
    "ConstraintResult",
    "check_constraints",
    "constraints_from_data",
    "harmonic_parts",
    "part_name",
]
