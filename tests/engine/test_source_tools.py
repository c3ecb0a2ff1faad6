"""continue, reharmonize, drumify and groove on music written elsewhere, judged as music."""

from __future__ import annotations

import pytest

from generation.engine import tools
from generation.engine.analysis import analyse
from generation.engine.boundary import idea_from_data
from generation.engine.chord_reading import slots_per_bar
from generation.engine.drumify import KICK_COINCIDENCE
from generation.engine.genres import DRUM_KEYS
from generation.engine.midi_reader import read_midi
from generation.engine.results import idea_result
from generation.engine.roles import melody_line, part_with_role
from generation.engine.types import ChordEvent, Composition, Note, Part
from tests.engine.known_midi import c_minor_song, corpus_midi

# Pieces in major and minor, in 4/4 and 3/4 (bwv67.4 is in 3/4), read right by the analysis.
PIECES = ["bach/bwv66.6", "bach/bwv1.6", "bach/bwv14.5", "bach/bwv267", "bach/bwv178.7", "bach/bwv84.5"]


def source_of(data: bytes) -> dict:
    return idea_result(read_midi(data), "upload", {})


def run(tool: str, raw: dict, seed: int = 3) -> dict:
    return tools.generate(tool, tools.validate_parameters(tool, raw), seed=seed)


def strong_beat_share(line: list[Note], chords: list[ChordEvent], beats_per_bar: float, slots: int) -> float:
    """Share of the line's notes starting on a harmonic slot's first beat whose pitch class is in the chord then."""
    slot_beats = beats_per_bar / slots
    hits = counted = 0
    for note in line:
        if abs(note.start / slot_beats - round(note.start / slot_beats)) > 1e-6:
            continue
        bar = note.start / beats_per_bar
        chord = next((c for c in chords if c.start_bar <= bar + 1e-9 < c.start_bar + c.duration_bars), None)
        if chord is None:
            continue
        counted += 1
        hits += note.pitch % 12 in {p % 12 for p in chord.pitches}
    return hits / counted


@pytest.mark.parametrize("piece", [*PIECES, "bach/bwv67.4", "c_minor_song"])
def test_a_continuation_keeps_key_and_metre_and_ends_on_the_tonic(piece):
    data = c_minor_song() if piece == "c_minor_song" else corpus_midi(piece)[0]
    before = analyse(read_midi(data))
    result = run("continue", {"source": source_of(data), "bars": 4})
    idea = idea_from_data(result)
    after = analyse(idea)
    assert (after.key.tonic, after.key.mode) == (before.key.tonic, before.key.mode)
    assert idea.time_signature == before.idea.time_signature
    assert idea.bars == before.idea.bars + 4
    # The tracks keep their names; the metrics read them by role, so every metric applies.
    assert [p["name"] for p in result["parts"]] == [p.name for p in before.idea.parts]
    assert result["metrics"]["not_applicable"] == {}
    tonic = before.key.tonic
    melody, line = melody_line(idea, after.roles)
    bass = part_with_role(idea, after.roles, "bass")
    assert line[-1].pitch % 12 == tonic
    assert line[-1].end == pytest.approx(idea.total_beats)
    assert max(bass.notes, key=lambda n: n.start).pitch % 12 == tonic
    assert [c["roman_numeral"] for c in result["progression"][-2:]] == ["V", "I" if before.key.mode == "major" else "i"]
    # The notes before the continuation are the source's, untouched.
    source_notes = {(n.pitch, n.start) for p in before.idea.parts for n in p.notes}
    kept = {(n.pitch, n.start) for p in idea.parts for n in p.notes if n.start < before.idea.total_beats - 1e-6}
    assert kept == source_notes


def test_a_continuation_is_the_same_for_a_seed_and_differs_between_seeds():
    source = source_of(corpus_midi("bach/bwv1.6")[0])
    first, again, other = (run("continue", {"source": source, "bars": 4}, seed) for seed in (5, 5, 6))
    assert first["parts"] == again["parts"]
    assert first["parts"] != other["parts"]


@pytest.mark.parametrize("piece", [*PIECES, "bach/bwv67.4", "c_minor_song"])
def test_a_reharmonisation_puts_strong_beat_notes_in_its_chords_at_least_as_often_as_the_original(piece):
    data = c_minor_song() if piece == "c_minor_song" else corpus_midi(piece)[0]
    original = analyse(read_midi(data))
    _, line = melody_line(original.idea, original.roles)
    result = run("reharmonize", {"source": source_of(data), "mood": "neutral"})
    idea = idea_from_data(result)
    slots = slots_per_bar(idea.time_signature)
    before = strong_beat_share(line, original.idea.chords, original.idea.beats_per_bar, slots)
    after = strong_beat_share(line, idea.chords, idea.beats_per_bar, slots)
    assert after >= before
    assert after == 1.0
    assert [p.name for p in idea.parts[:3]] == ["melody", "chords", "bass"]
    assert [(n.pitch, n.start) for n in idea.parts[0].notes] == [(n.pitch, n.start) for n in line]


def test_the_mood_steers_the_reharmonisation():
    source = source_of(corpus_midi("bach/bwv1.6")[0])
    dark = run("reharmonize", {"source": source, "mood": "dark"})
    happy = run("reharmonize", {"source": source, "mood": "happy"})
    minor = [sum(c["roman_numeral"][:1].islower() for c in r["progression"]) for r in (dark, happy)]
    assert minor[0] > minor[1]


def _kicks_on_onsets(drums: Part, bass: Part) -> tuple[float, bool]:
    kicks = [n.start for n in drums.notes if n.pitch == DRUM_KEYS["kick"]]
    onsets = [n.start for n in bass.notes]
    on = sum(1 for k in kicks if any(abs(k - o) <= 1 / 32 + 0.02 for o in onsets))
    downbeats = [o for o in onsets if abs(o / 4 - round(o / 4)) < 1e-6]
    every_downbeat = all(any(abs(k - o) <= 1 / 32 + 0.02 for k in kicks) for o in downbeats)
    return on / len(kicks), every_downbeat


@pytest.mark.parametrize(
    ("piece", "genre"), [("c_minor_song", "trap"), ("bach/bwv66.6", "pop"), ("bach/bwv267", "house")]
)
def test_drumify_kicks_coincide_with_the_bass_onsets_as_documented(piece, genre):
    data = c_minor_song() if piece == "c_minor_song" else corpus_midi(piece)[0]
    result = run("drumify", {"source": source_of(data), "genre": genre})
    idea = idea_from_data(result)
    analysis = analyse(idea)
    drums = next(p for p in idea.parts if p.is_drum)
    bass = part_with_role(idea, analysis.roles, "bass")
    share, every_downbeat = _kicks_on_onsets(drums, bass)
    assert share >= KICK_COINCIDENCE
    assert every_downbeat
    assert result["kick_coincidence"] == pytest.approx(share, abs=1e-3)
    assert sum(1 for n in drums.notes if n.pitch in (DRUM_KEYS["snare"], DRUM_KEYS["clap"])) >= idea.bars


def _idea(notes: list[Note], bpm: float = 120) -> dict:
    idea = Composition(bpm=bpm, tonic=0, scale="major", bars=2, parts=[Part("melody", 0, notes)])
    return idea_result(idea, "x", {})


EIGHTHS = [Note(60 + (i % 3) * 2, i * 0.5 + (0.03 if i % 3 == 1 else 0.0), 0.25, 90) for i in range(16)]


def test_groove_quantises_swings_and_pushes():
    source = _idea(EIGHTHS)
    quantised = run("groove", {"source": source, "feel": "quantize"})
    assert [n["start_time"] for n in quantised["parts"][0]["notes"]] == [i * 0.5 for i in range(16)]
    shuffled = run("groove", {"source": source, "feel": "shuffle", "humanize": 0})
    starts = [n["start_time"] for n in shuffled["parts"][0]["notes"]]
    assert starts == [round(i * 0.5 + (1 / 6 if i % 2 else 0), 4) for i in range(16)]
    pushed = run("groove", {"source": source, "feel": "straight", "timing_ms": -15})
    assert [n["start_time"] for n in pushed["parts"][0]["notes"]][1:3] == [0.47, 0.97]


def test_groove_applies_the_groove_of_one_idea_to_another():
    swung = run("groove", {"source": _idea(EIGHTHS), "feel": "shuffle", "humanize": 0})
    straight = _idea([Note(64, i * 0.5, 0.25, 80) for i in range(16)])
    grooved = run("groove", {"source": straight, "template": swung, "amount": 1.0})
    starts = [n["start_time"] for n in grooved["parts"][0]["notes"]]
    assert starts == [round(i * 0.5 + (1 / 6 if i % 2 else 0), 4) for i in range(16)]
    half = run("groove", {"source": straight, "template": swung, "amount": 0.5})
    assert [n["start_time"] for n in half["parts"][0]["notes"]][1] == round(0.5 + 1 / 12, 4)
