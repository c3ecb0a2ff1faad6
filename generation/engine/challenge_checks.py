"""Challenge constraints and the checks that decide, from the notes, whether music meets them.

A challenge sets any of seven constraints (the JSON shape of :func:`constraints_from_data`)::

    {"genre": "trap", "bpm": {"min": 130, "max": 150}, "key": "C minor",
     "parts": ["melody", "bass", "drums"], "bars": {"min": 8, "max": 16},
     "progression": ["i", "VI", "III", "VII"],
     "motif": {"notes": [{"note": 60, "start_time": 0, "duration": 0.5}, ...], "rhythm_tolerance": 0.25}}

and :func:`check_constraints` answers one :class:`ConstraintResult` per constraint set, passed or
not, with a reason a producer can act on. The rules (also in the README, "Challenges and XP"):

* **genre**: the genre declared with the music (a generation's own, or the one sent with a MIDI
  upload), aliases accepted (``hip hop`` is ``boom_bap``).
* **bpm**: the music's tempo inside the range, ends included.
* **key**: read from the notes, never from a label: at least 85% of the pitched notes' duration is
  in the key's scale, and no other tonic of the same notes (C minor's rival is Eb major, D
  dorian's C major and A minor) has more of five cues pointing at it: the first chord's root,
  the last chord's root, the most frequent chord root, the lead's last note, and the
  Krumhansl-Schmuckler estimate (:mod:`.harmony_analysis`). At least one cue must point
  at the key's tonic; ties go to the key asked for.
* **parts**: each required part is present with notes (part names as the engine names them; a
  MIDI upload's parts are named by :mod:`.midi_read`).
* **bars**: the music's length in 4/4 bars inside the range.
* **progression**: the roman numerals, read in the challenge's key, as chord roots: some run of
  consecutive windows plays exactly these roots, one chord per half bar, bar or two bars.
* **motif**: transposition-invariant: some part's top line plays the motif's interval sequence
  exactly, each inter-onset time within ``rhythm_tolerance`` beats of the motif's.

Pure Python on the engine's types; no Django.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .boundary import notes_from_data, short_name
from .errors import EngineParameterError
from .genres import get_genre
from .harmony import chord_from_figure
from .harmony_analysis import (
    HARMONIC_PART_NAMES,
    estimate_key,
    harmonic_parts,
    pitch_class_weights,
    window_roots,
)
from .limits import MAX_IDEA_BARS, MAX_IDEA_BPM, MIN_IDEA_BPM
from .midi_read import ROLE_NAMES
from .theory import Key, _parent_major_tonic, parse_key, pitch_class_name
from .types import BEATS_PER_BAR, Composition, Note, Part

CONSTRAINT_NAMES = ("genre", "bpm", "key", "parts", "bars", "progression", "motif")
PART_ALIASES = {
    "bassline": "bass",
    "808": "bass",
    "chord": "chords",
    "drum": "drums",
    "arpeggio": "arp",
    "arpeggiator": "arp",
    "counter": "counter_melody",
    "countermelody": "counter_melody",
    "counter-melody": "counter_melody",
    "lead": "melody",
    "vocal": "vocals",
}
IN_SCALE_MIN = 0.85
MAX_PROGRESSION_CHORDS = 16
MAX_MOTIF_NOTES = 16
DEFAULT_RHYTHM_TOLERANCE = 0.25
# Chord lengths searched for a progression, in half-bar slots: half a bar, a bar, two bars.
PROGRESSION_WIDTHS = (2, 1, 4)


@dataclass(frozen=True, slots=True)
class ChallengeConstraints:
    """What a challenge asks for; ``None`` or empty means the constraint is not set."""

    genre: str | None = None
    bpm_min: float | None = None
    bpm_max: float | None = None
    key: Key | None = None
    parts: tuple[str, ...] = ()
    bars_min: int | None = None
    bars_max: int | None = None
    progression: tuple[str, ...] = ()
    motif: tuple[Note, ...] = ()
    rhythm_tolerance: float = DEFAULT_RHYTHM_TOLERANCE

    def to_data(self) -> dict[str, Any]:
        """The canonical JSON shape (the input of :func:`constraints_from_data`), set constraints only."""
        data: dict[str, Any] = {}
        if self.genre:
            data["genre"] = self.genre
        if self.bpm_min is not None or self.bpm_max is not None:
            data["bpm"] = {"min": self.bpm_min, "max": self.bpm_max}
        if self.key is not None:
            data["key"] = self.key.name
        if self.parts:
            data["parts"] = list(self.parts)
        if self.bars_min is not None or self.bars_max is not None:
            data["bars"] = {"min": self.bars_min, "max": self.bars_max}
        if self.progression:
            data["progression"] = list(self.progression)
        if self.motif:
            data["motif"] = {"notes": [n.to_dict() for n in self.motif], "rhythm_tolerance": self.rhythm_tolerance}
        return data

    def labels(self) -> list[tuple[str, str]]:
        """(constraint, checklist text) for each constraint set, in :data:`CONSTRAINT_NAMES` order."""
        labels = []
        if self.genre:
            labels.append(("genre", f"Genre: {self.genre}"))
        if self.bpm_min is not None or self.bpm_max is not None:
            labels.append(("bpm", f"Tempo: {_range_text(self.bpm_min, self.bpm_max, 'BPM')}"))
        if self.key is not None:
            labels.append(("key", f"Key: {self.key.name}"))
        if self.parts:
            labels.append(("parts", f"Parts: {', '.join(self.parts)}"))
        if self.bars_min is not None or self.bars_max is not None:
            labels.append(("bars", f"Length: {_range_text(self.bars_min, self.bars_max, 'bars')}"))
        if self.progression:
            labels.append(("progression", f"Chord progression: {' – '.join(self.progression)}"))
        if self.motif:
            labels.append(("motif", f"Motif: {len(self.motif)} notes, intervals {_intervals_text(self.motif)}"))
        return labels


@dataclass(frozen=True, slots=True)
class ConstraintResult:
    name: str
    label: str
    passed: bool
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"constraint": self.name, "label": self.label, "passed": self.passed, "reason": self.reason}


def _range_text(low: float | None, high: float | None, unit: str) -> str:
    if low is not None and high is not None:
        return f"{low:g}-{high:g} {unit}"
    return f"at least {low:g} {unit}" if low is not None else f"at most {high or 0:g} {unit}"


def _intervals_text(notes: tuple[Note, ...] | list[Note]) -> str:
    return " ".join(f"{b.pitch - a.pitch:+d}" for a, b in zip(notes, notes[1:], strict=False))


def _number(value: Any, parameter: str, low: float, high: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise EngineParameterError.range(parameter, value, low, high)
    return float(value)


def _range(data: Any, parameter: str, low: float, high: float) -> tuple[float | None, float | None]:
    if not isinstance(data, dict) or not set(data) <= {"min", "max"}:
        raise EngineParameterError(parameter, data, "an object {min, max}")
    minimum = _number(data.get("min"), f"{parameter}.min", low, high)
    maximum = _number(data.get("max"), f"{parameter}.max", low, high)
    if (minimum is None and maximum is None) or (minimum is not None and maximum is not None and minimum > maximum):
        raise EngineParameterError(parameter, data, "a range with min <= max (one of them may be left out)")
    return minimum, maximum


def part_name(value: str) -> str:
    """A part name as the engine spells it (``"Bassline"`` -> ``"bass"``), or the text lower-cased."""
    text = value.strip().lower().replace(" ", "_")
    return PART_ALIASES.get(text, text)


def constraints_from_data(data: Any, parameter: str = "constraints") -> ChallengeConstraints:
    """Parse and check a challenge's constraints. Raises :class:`EngineParameterError` naming the field."""
    if not isinstance(data, dict):
        raise EngineParameterError(parameter, data, "an object of constraints")
    unknown = sorted(set(data) - set(CONSTRAINT_NAMES))
    if unknown:
        raise EngineParameterError.choice(f"{parameter}.{unknown[0]}", unknown[0], CONSTRAINT_NAMES)
    genre = None
    if data.get("genre") is not None:
        genre = get_genre(short_name(data["genre"], f"{parameter}.genre"), f"{parameter}.genre").name
    bpm_min, bpm_max = (
        _range(data["bpm"], f"{parameter}.bpm", MIN_IDEA_BPM, MAX_IDEA_BPM) if "bpm" in data else (None, None)
    )
    key = parse_key(data["key"], parameter=f"{parameter}.key") if data.get("key") is not None else None
    parts: tuple[str, ...] = ()
    if data.get("parts") is not None:
        raw = data["parts"]
        if not isinstance(raw, list) or not 0 < len(raw) <= len(ROLE_NAMES):
            raise EngineParameterError(f"{parameter}.parts", raw, f"a list of 1-{len(ROLE_NAMES)} part names")
        names = [part_name(str(short_name(p, f"{parameter}.parts"))) for p in raw]
        bad = [n for n in names if n not in ROLE_NAMES]
        if bad:
            raise EngineParameterError.choice(f"{parameter}.parts", bad[0], ROLE_NAMES)
        parts = tuple(dict.fromkeys(names))
    bars = _range(data["bars"], f"{parameter}.bars", 1, MAX_IDEA_BARS) if "bars" in data else (None, None)
    progression: tuple[str, ...] = ()
    if data.get("progression") is not None:
        raw = data["progression"]
        if key is None:
            raise EngineParameterError(
                f"{parameter}.progression", raw, "set together with a key (numerals are read in it)"
            )
        if not isinstance(raw, list) or not 0 < len(raw) <= MAX_PROGRESSION_CHORDS:
            raise EngineParameterError(
                f"{parameter}.progression", raw, f"a list of 1-{MAX_PROGRESSION_CHORDS} roman numerals"
            )
        for figure in raw:
            chord_from_figure(key, str(short_name(figure, f"{parameter}.progression")))
        progression = tuple(str(f).strip() for f in raw)
    motif: tuple[Note, ...] = ()
    tolerance = DEFAULT_RHYTHM_TOLERANCE
    if data.get("motif") is not None:
        raw = data["motif"]
        if not isinstance(raw, dict) or not set(raw) <= {"notes", "rhythm_tolerance"}:
            raise EngineParameterError(f"{parameter}.motif", raw, "an object {notes, rhythm_tolerance}")
        notes = notes_from_data(raw.get("notes"), f"{parameter}.motif.notes", max_notes=MAX_MOTIF_NOTES)
        if len(notes) < 2:
            raise EngineParameterError(f"{parameter}.motif.notes", len(notes), "2 or more notes")
        motif = tuple(sorted(notes, key=lambda n: n.start))
        tolerance = (
            _number(raw.get("rhythm_tolerance", DEFAULT_RHYTHM_TOLERANCE), f"{parameter}.motif.rhythm_tolerance", 0, 2)
            or 0.0
        )
    return ChallengeConstraints(
        genre=genre,
        bpm_min=bpm_min,
        bpm_max=bpm_max,
        key=key,
        parts=parts,
        bars_min=None if bars[0] is None else int(bars[0]),
        bars_max=None if bars[1] is None else int(bars[1]),
        progression=progression,
        motif=motif,
        rhythm_tolerance=tolerance,
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
    wanted = _range_text(constraints.bpm_min, constraints.bpm_max, "BPM")
    verdict = "inside" if _inside(music.bpm, constraints.bpm_min, constraints.bpm_max) else "outside"
    return verdict == "inside", f"The tempo is {music.bpm:g} BPM, {verdict} {wanted}"


def _tonic_votes(music: Composition, candidates: list[Key]) -> dict[int, list[str]]:
    """For each candidate tonic, the cues that point at it (see :func:`check_key`)."""
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
    estimate = estimate_key(music)
    if estimate is not None:
        for key in candidates:
            family = "minor" if key.is_minor else "major"
            if (estimate.tonic, estimate.mode) == (key.tonic, family):
                votes[key.tonic].append("the key profile of the notes")
    return votes


def check_key(key: Key, music: Composition) -> tuple[bool, str]:
    weights = pitch_class_weights(music.parts)
    total = float(weights.sum())
    estimate = estimate_key(music)
    if total <= 0 or estimate is None:
        return False, "There are no pitched notes to read a key from"
    in_scale = float(weights[list(key.pitch_classes)].sum()) / total
    share = f"{in_scale:.0%} of the notes' duration is in {key.name}"
    centre = Key(estimate.tonic, estimate.mode).name
    if in_scale < IN_SCALE_MIN:
        return False, f"Only {share} (at least {IN_SCALE_MIN:.0%} needed); the notes centre on {centre}"
    parent = _parent_major_tonic(key)
    rivals = [k for k in (Key(parent, "major"), Key((parent + 9) % 12, "minor")) if k.tonic != key.tonic]
    votes = _tonic_votes(music, [key, *rivals])
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
    wanted = _range_text(constraints.bars_min, constraints.bars_max, "bars")
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
    """(pitches, onsets) of a part's highest note at each onset."""
    top: dict[float, int] = {}
    for note in part.notes:
        onset = round(note.start, 3)
        if note.pitch > top.get(onset, -1):
            top[onset] = note.pitch
    onsets = sorted(top)
    return np.array([top[o] for o in onsets], dtype=np.int64), np.array(onsets, dtype=np.float64)


def _beat_text(beat: float) -> str:
    return f"bar {int(beat // BEATS_PER_BAR) + 1}, beat {round(beat % BEATS_PER_BAR + 1, 2):g}"


def check_motif(constraints: ChallengeConstraints, music: Composition) -> tuple[bool, str]:
    motif = constraints.motif
    intervals = np.diff(np.array([n.pitch for n in motif], dtype=np.int64))
    gaps = np.diff(np.array([n.start for n in motif], dtype=np.float64))
    size = len(intervals)
    best: tuple[int, str] = (-1, "")
    pitched = [p for p in music.parts if not p.is_drum and len(p.notes) > size]
    order = {name: i for i, name in enumerate(("melody", "vocals", "counter_melody", "arp"))}
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
        f"The motif (intervals {_intervals_text(motif)}) does not play in any part; "
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
