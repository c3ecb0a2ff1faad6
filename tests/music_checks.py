"""Musical checks shared by the engine tests and the API tests: key, bars, chords, bass, drums, arpeggios.

Each check takes the engine's plain types (:class:`Note`, :class:`ChordEvent`, :class:`Part`) and
fails with an ``AssertionError`` saying what was wrong; :func:`parts_of` and :func:`progression_of`
read an API result into them. Scales come from music21, not from the engine's own table, so a
wrong scale table in the engine would show. No Django: the engine tests run without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from music21 import pitch, scale

from generation.engine.drums import MAX_TIMING_JITTER, _is_eighth_swing, swing_ratio, swung_offset
from generation.engine.genres import DRUM_KEYS, GENRES
from generation.engine.types import BEATS_PER_BAR, ChordEvent, Note, Part

_MUSIC21_SCALES = {
    "major": scale.MajorScale,
    "minor": scale.MinorScale,
    "harmonic_minor": scale.HarmonicMinorScale,
    "melodic_minor": scale.MelodicMinorScale,  # its ascending form, as the engine uses it
    "dorian": scale.DorianScale,
    "phrygian": scale.PhrygianScale,
    "lydian": scale.LydianScale,
    "mixolydian": scale.MixolydianScale,
    "locrian": scale.LocrianScale,
}
# General MIDI level 1 percussion keys: Acoustic Bass Drum (35) to Open Triangle (81).
GM_PERCUSSION_KEYS = range(35, 82)
_EPSILON = 1e-6


def scale_pitch_classes(tonic: int, scale_name: str) -> set[int]:
    """The pitch classes of ``scale_name`` on ``tonic`` (0 = C), per music21."""
    tonic_pitch = pitch.Pitch(midi=60 + tonic)
    octave_up = pitch.Pitch(midi=72 + tonic)
    return {p.pitchClass for p in _MUSIC21_SCALES[scale_name](tonic_pitch).getPitches(tonic_pitch, octave_up)}


def scale_steps(tonic: int, scale_name: str) -> list[int]:
    """The scale's semitone steps above the tonic, ascending (``[0, 2, 3, 5, 7, 8, 10]`` for minor)."""
    return sorted((pc - tonic) % 12 for pc in scale_pitch_classes(tonic, scale_name))


def assert_in_key(notes: Iterable[Note], tonic: int, scale_name: str) -> None:
    allowed = scale_pitch_classes(tonic, scale_name)
    outside = [n for n in notes if n.pitch % 12 not in allowed]
    assert not outside, f"notes outside {tonic} {scale_name}: {outside[:5]}"


def assert_chords_cover_bars(chords: list[ChordEvent], bars: float) -> None:
    """The progression starts at bar 0, each chord follows the last without gap or overlap, and it fills ``bars``."""
    assert chords, "no chords"
    assert chords[0].start_bar == 0
    for a, b in zip(chords, chords[1:], strict=False):
        assert abs(a.start_bar + a.duration_bars - b.start_bar) < _EPSILON, (a, b)
    assert abs(sum(c.duration_bars for c in chords) - bars) < _EPSILON


def assert_chords_in_key(chords: list[ChordEvent], tonic: int, scale_name: str) -> None:
    """Every chord is diatonic, except the one documented borrowing: the major dominant in a
    minor-family key (a ``V`` chord whose only outside note is the raised seventh, a semitone below the tonic)."""
    allowed = scale_pitch_classes(tonic, scale_name)
    leading_tone = (tonic + 11) % 12
    for chord in chords:
        outside = {p % 12 for p in chord.pitches} - allowed
        borrowed_dominant = chord.roman_numeral.startswith("V") and outside == {leading_tone}
        assert not outside or borrowed_dominant, f"{chord.symbol} ({chord.roman_numeral}) leaves the key: {outside}"


def assert_chord_part_plays_the_progression(
    part: Part, chords: list[ChordEvent], tonic: int, scale_name: str, *, strikes_on_changes: bool
) -> None:
    """The chord part plays only the sounding chord's tones (or an added ninth or fifth in key),
    never past the progression's end; with ``strikes_on_changes``, it strikes on every chord change
    (patterns that push or stab off the beat, as house does, need not)."""
    allowed = scale_pitch_classes(tonic, scale_name)
    onsets = {round(n.start, 4) for n in part.notes}
    for chord in chords:
        on_change = round(chord.start_bar * BEATS_PER_BAR, 4) in onsets
        assert on_change or not strikes_on_changes, f"no strike on the change to {chord.symbol}"
    end = (chords[-1].start_bar + chords[-1].duration_bars) * BEATS_PER_BAR
    assert max(n.end for n in part.notes) <= end + _EPSILON
    for note in part.notes:
        chord = next(
            c
            for c in chords
            if c.start_bar * BEATS_PER_BAR <= note.start + _EPSILON < (c.start_bar + c.duration_bars) * BEATS_PER_BAR
        )
        added = {(chord.root + 2) % 12, (chord.root + 7) % 12}
        tones = {p % 12 for p in chord.pitches}
        assert note.pitch % 12 in tones or (note.pitch % 12 in added and note.pitch % 12 in allowed), (note, chord)


def assert_chord_tones(notes: list[Note], chords: list[ChordEvent]) -> None:
    """Every note is a tone of the chord sounding at its onset."""
    for note in notes:
        chord = next(
            c
            for c in chords
            if c.start_bar * BEATS_PER_BAR <= note.start + _EPSILON < (c.start_bar + c.duration_bars) * BEATS_PER_BAR
        )
        assert note.pitch % 12 in {p % 12 for p in chord.pitches}, (note, chord)


def assert_bass_follows_roots(bass: list[Note], chords: list[ChordEvent]) -> None:
    """On every chord change the bass strikes, and its lowest note there is the chord's root."""
    for chord in chords:
        downbeat = chord.start_bar * BEATS_PER_BAR
        struck = [n for n in bass if abs(n.start - downbeat) < _EPSILON]
        assert struck, f"no bass note on the change to {chord.symbol} (beat {downbeat})"
        assert min(n.pitch for n in struck) % 12 == chord.root, (chord, struck)


def assert_drums_on_grid(drums: Part, genre: str, swing: float | None, humanization: float) -> None:
    """Every hit is a General MIDI percussion key of the kit, on the genre's (swung) sixteenth grid or a
    roll's subdivision (1/32 or sixteenth triplet), moved by at most the humanisation's jitter."""
    assert drums.is_drum
    kit = set(DRUM_KEYS.values())
    assert {n.pitch for n in drums.notes} <= kit & set(GM_PERCUSSION_KEYS)
    profile = GENRES[genre]
    ratio = swing_ratio(profile, swing)
    grid = {round(swung_offset(step, ratio, _is_eighth_swing(profile)), 4) for step in range(16)}
    rolls = {round(beat + i / d, 4) for beat in range(4) for d in (8, 6) for i in range(d)}
    allowed = grid | rolls | {float(BEATS_PER_BAR)}
    tolerance = MAX_TIMING_JITTER * humanization + _EPSILON
    for note in drums.notes:
        within = note.start % BEATS_PER_BAR
        assert min(abs(within - g) for g in allowed) <= tolerance, (genre, note)


def assert_arpeggio_of(notes: list[Note], tonic: int, chord_offsets: list[int], rate: float) -> None:
    """Only the chord's pitch classes, all of them, one note per step of ``rate`` beats."""
    assert {n.pitch % 12 for n in notes} == {(tonic + o) % 12 for o in chord_offsets}
    assert [n.start for n in notes] == [i * rate for i in range(len(notes))]


def parts_of(data: dict[str, Any]) -> dict[str, Part]:
    """An API result's parts by name."""
    return {p["name"]: Part.from_dict(p) for p in data["parts"]}


def progression_of(data: dict[str, Any]) -> list[ChordEvent]:
    return [ChordEvent.from_dict(c) for c in data["progression"]]


def notes_of(items: list[dict[str, Any]]) -> list[Note]:
    return [Note.from_dict(n) for n in items]


def tonic_of(key_name: str) -> int:
    """The pitch class of a key name as the API writes it (``C``, ``F#``, ``Eb``), per music21."""
    return int(pitch.Pitch(key_name[0] + key_name[1:].replace("b", "-")).pitchClass)
