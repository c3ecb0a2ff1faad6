"""What issue 12 asks of the parts, one behaviour per test: varied melody rhythms, performed chord
parts, basslines that vary at phrase ends, songs whose sections differ; and the statistics' formulas."""

from __future__ import annotations

import random
from statistics import mean

import pytest

from generation.engine import tools as api
from generation.engine.bass import compose_bassline
from generation.engine.chords import chords_part, compose_chords
from generation.engine.comping import PATTERN_NAMES
from generation.engine.errors import EngineParameterError
from generation.engine.genres import DRUM_KEYS
from generation.engine.melody import compose_melody
from generation.engine.music_stats import window_stats
from generation.engine.rhythm import Event, anticipate, late_start, rest
from generation.engine.song import compose_song
from generation.engine.theory import Key
from generation.engine.types import Note
from tests.music_checks import assert_chord_part_plays_the_progression

C_MAJOR = Key(0, "major")


def test_window_statistics_follow_their_formulas():
    notes = [Note(60, 0.0, 0.5), Note(62, 0.5, 0.5), Note(62, 1.5, 1.0), Note(67, 4.0, 0.25), Note(60, 4.25, 0.25)]
    stats = window_stats(notes, 2)
    assert stats == {
        "rhythm_repetition": 0.0,
        "syncopation": 3 / 5,  # 0.5, 1.5 and 4.25: no onset on the beat after them
        "sixteenth_offbeats": 1 / 5,
        "silent_beats": 4 / 8,  # beats 4, 6, 7, 8; beats 2, 3 and 5 sound for half their length
        "notes_per_bar": 2.5,
        "pc_concentration": 1.0,
        "repeat_share": 0.25,
        "step_share": 0.25,
        "leap_share": 0.5,
        "register": 7.0,
        "sounding_bars": 2.0,
    }
    assert window_stats([Note(60, 4.0, 8.0)], 3)["sounding_bars"] == 1.0  # a held note starts in one bar


def test_rhythm_moves_keep_the_grid_and_the_order():
    events = [Event(0.0, 1.0, 0), Event(1.0, 1.0, 1), Event(2.0, 1.0, 2), Event(3.0, 1.0, 1)]
    pushed = anticipate(events, random.Random(1), amount=0.5)
    assert pushed == [Event(0.0, 1.0, 0), Event(1.0, 0.5, 1), Event(1.5, 1.5, 2), Event(3.0, 1.0, 1)]
    assert rest(events, random.Random(1)) in ([events[0], events[2], events[3]], [events[0], events[1], events[3]])
    late = late_start(events, random.Random(3))
    assert late[0].onset in (0.5, 1.0) and late[-1] == events[-1]


@pytest.mark.parametrize("genre", ["pop", "rnb", "trap"])
def test_a_melodys_phrases_do_not_all_share_one_rhythm(genre):
    distinct = []
    for seed in range(20):
        chords = compose_chords(key=C_MAJOR, genre=genre, bars=8, seed=seed)
        melody = compose_melody(key=C_MAJOR, genre=genre, chords=chords, bars=8, seed=seed)
        rhythms = {
            tuple(round(n.start - start, 2) for n in melody.notes if start <= round(n.start, 2) < start + 8)
            for start in (0, 8, 16, 24)
        }
        assert len(rhythms) >= 2, (genre, seed, rhythms)
        distinct.append(len(rhythms))
    assert mean(distinct) >= 3


def test_a_pop_chord_part_has_more_onsets_per_bar_than_chord_changes():
    params = api.validate_parameters("chords", {"genre": "pop", "length": 8})
    per_bar = []
    for seed in range(20):
        result = api.generate("chords", params, seed=seed)
        onsets = {n["start_time"] for n in result["parts"][0]["notes"]}
        # Real pop piano parts strike 5-13 times a bar (POP909, README): some parts sparse, most busy.
        assert len(onsets) / 8 >= 4 > len(result["progression"]) / 8
        per_bar.append(len(onsets) / 8)
        pitches = [n["note"] for n in result["parts"][0]["notes"]]
        assert max(pitches) - min(pitches) >= 19, "a left-hand root under the voicing"
    assert mean(per_bar) >= 6


def test_the_chords_tool_takes_a_pattern_and_block_strikes_once_per_chord():
    params = api.validate_parameters("chords", {"genre": "pop", "length": 4, "pattern": "block"})
    result = api.generate("chords", params, seed=3)
    onsets = sorted({n["start_time"] for n in result["parts"][0]["notes"]})
    assert onsets == [c["start_bar"] * 4 for c in result["progression"]]
    assert api.validate_parameters("chords", {"genre": "pop"})["pattern"] is None
    with pytest.raises(EngineParameterError):
        api.validate_parameters("chords", {"genre": "pop", "pattern": "polka"})


@pytest.mark.parametrize("pattern", PATTERN_NAMES)
def test_every_pattern_stays_in_key_and_inside_its_chords(pattern):
    key = Key(9, "minor")
    chords = compose_chords(key=key, genre="rnb", bars=8, seed=5)
    part = chords_part(chords=chords, genre="rnb", pattern=pattern, key=key, seed=5)
    assert part.notes
    assert chords[-1].start_bar + chords[-1].duration_bars == 8
    # Chord tones (the borrowed dominant's raised third included), else an added ninth or fifth in key.
    assert_chord_part_plays_the_progression(part, chords, key.tonic, key.scale, strikes_on_changes=False)


def test_rnb_stabs_add_ninths_and_lofi_drops_the_root_from_the_right_hand():
    key = Key(2, "dorian")
    chords = compose_chords(key=key, genre="lofi", bars=4, seed=1)
    lofi = chords_part(chords=chords, genre="lofi", key=key, seed=1)
    first = chords[0]
    right_hand = [
        n.pitch for n in lofi.notes if n.start == 0 and n.pitch > min(p.pitch for p in lofi.notes if p.start == 0)
    ]
    assert right_hand and all(p % 12 != first.root for p in right_hand)


def test_the_bass_varies_at_phrase_ends():
    changed = 0
    for seed in range(20):
        key = Key(7, "major")
        chords = compose_chords(key=key, genre="pop", bars=8, seed=seed)
        bass = compose_bassline(key=key, genre="pop", chords=chords, bars=8, seed=seed)

        def bar(index, chords=chords, bass=bass):
            root = next(c.root for c in chords if c.start_bar <= index < c.start_bar + c.duration_bars)
            return [
                (round(n.start - 4 * index, 2), (n.pitch - root) % 12)
                for n in bass.notes
                if 4 * index + 2 <= n.start < 4 * index + 4
            ]

        changed += bar(3) != bar(0) and bar(7) != bar(4)
    assert changed >= 18


def test_same_seed_same_parts():
    for maker in (
        lambda s: chords_part(chords=compose_chords(key=C_MAJOR, genre="pop", bars=8, seed=s), genre="pop", seed=s),
        lambda s: compose_bassline(
            key=C_MAJOR, genre="pop", chords=compose_chords(key=C_MAJOR, genre="pop", bars=8, seed=s), bars=8, seed=s
        ),
    ):
        assert maker(4).notes == maker(4).notes
        assert maker(4).notes != maker(5).notes


@pytest.mark.parametrize("seed", range(6))
def test_the_chorus_is_higher_or_denser_than_the_verse_and_its_drums_differ(seed):
    idea, arrangement = compose_song(
        genre="pop", mood="neutral", energy=0.6, key=C_MAJOR, bpm=116, length_seconds=120, seed=seed
    )
    melody, drums = idea.part("melody"), idea.part("drums")

    def inside(part, name):
        section = next(s for s in arrangement.sections if s.name == name)
        start, end = section.start_bar * 4, (section.start_bar + section.bars) * 4
        return [n for n in part.notes if start <= n.start < end], section

    verse, verse_section = inside(melody, "verse")
    chorus, chorus_section = inside(melody, "chorus")
    higher = mean(n.pitch for n in chorus) > mean(n.pitch for n in verse)
    denser = len(chorus) / chorus_section.bars > len(verse) / verse_section.bars
    assert higher or denser
    verse_drums, _ = inside(drums, "verse")
    chorus_drums, _ = inside(drums, "chorus")
    assert not [n for n in verse_drums if n.pitch == DRUM_KEYS["open_hat"]]
    assert [n for n in chorus_drums if n.pitch == DRUM_KEYS["open_hat"]]
    for section in arrangement.sections:
        if "drums" in section.parts:
            downbeat = section.start_bar * 4
            assert any(n.pitch == DRUM_KEYS["crash"] and abs(n.start - downbeat) < 0.05 for n in drums.notes)


def test_songs_comp_each_section_and_each_song_their_own_way():
    """The piano's rhythm differs between a song's verse and chorus, and between songs (seeded per section)."""

    def comp_rhythm(seed, name):
        idea, arrangement = compose_song(
            genre="pop", mood="neutral", energy=0.6, key=C_MAJOR, bpm=116, length_seconds=90, seed=seed
        )
        section = next(s for s in arrangement.sections if s.name == name)
        start = section.start_bar * 4
        return frozenset(round(n.start - start, 2) for n in idea.part("chords").notes if start <= n.start < start + 16)

    verses = [comp_rhythm(seed, "verse") for seed in range(8)]
    choruses = [comp_rhythm(seed, "chorus") for seed in range(8)]
    assert sum(v != c for v, c in zip(verses, choruses, strict=True)) >= 6
    assert len(set(verses)) >= 6


def test_pop_piano_moves_its_top_line_between_the_hands():
    """The left hand plays alone between right-hand chords: the part's top line leaps, as real pop piano does."""
    params = api.validate_parameters("chords", {"genre": "pop", "length": 8})
    leaps, alone = [], []
    for seed in range(20):
        notes = [Note.from_dict(n) for n in api.generate("chords", params, seed=seed)["parts"][0]["notes"]]
        stats = window_stats(notes, 8)
        assert stats is not None
        leaps.append(stats["leap_share"])
        by_onset: dict[float, list[int]] = {}
        for note in notes:
            by_onset.setdefault(note.start, []).append(note.pitch)
        alone.append(sum(len(p) == 1 for p in by_onset.values()) / len(by_onset))
    assert mean(leaps) >= 0.5 and mean(alone) >= 0.25
