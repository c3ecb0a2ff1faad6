"""Chords, bass, drums and arpeggios judged as music: bars, roots, grids, patterns."""

from __future__ import annotations

import pytest

from generation.engine.arpeggiator import compose_arpeggio
from generation.engine.bass import BASS_STYLES, bass_pitch, compose_bassline
from generation.engine.chords import compose_chords
from generation.engine.drums import compose_drums
from generation.engine.genres import DRUM_KEYS, GENRES
from generation.engine.theory import Key
from tests.music_checks import (
    assert_bass_follows_roots,
    assert_chords_cover_bars,
    assert_chords_in_key,
    assert_drums_on_grid,
)

C_MINOR = Key(0, "minor")


@pytest.mark.parametrize("genre", sorted(GENRES))
@pytest.mark.parametrize("bars", [1, 4, 7, 8])
def test_chords_cover_exactly_the_bars_and_stay_in_key(genre, bars):
    key = Key(2, GENRES[genre].scales[0])
    chords = compose_chords(key=key, genre=genre, bars=bars, seed=bars)
    assert_chords_cover_bars(chords, bars)
    assert_chords_in_key(chords, key.tonic, key.scale)


def test_dark_moods_choose_darker_progressions():
    def minor_share(key, genre, mood):
        chords = [c for s in range(20) for c in compose_chords(key=key, genre=genre, mood=mood, bars=4, seed=s)]
        return sum(c.roman_numeral.lstrip("b#")[:1].islower() for c in chords) / len(chords)

    assert minor_share(C_MINOR, "trap", "dark") > minor_share(C_MINOR, "trap", "happy")
    # In major pop every loop has one minor chord; dark moods start on it (vi-IV-I-V), bright ones on I.
    starts = lambda mood: [
        compose_chords(key=Key(0, "major"), genre="pop", mood=mood, bars=4, seed=s)[0].roman_numeral for s in range(20)
    ]
    assert starts("dark").count("vi") > starts("happy").count("vi")


@pytest.mark.parametrize("style", BASS_STYLES)
def test_bass_plays_each_chord_root_on_its_downbeat(style):
    chords = compose_chords(key=C_MINOR, genre="trap", bars=8, seed=4)
    bass = compose_bassline(key=C_MINOR, genre="trap", chords=chords, bars=8, style=style, seed=4)
    assert_bass_follows_roots(bass.notes, chords)
    assert all(n.start + n.duration <= 32 + 1e-6 for n in bass.notes)
    assert all(24 <= n.pitch <= 60 for n in bass.notes)


def test_808_glides_and_octave_jumps():
    chords = compose_chords(key=C_MINOR, genre="trap", bars=8, seed=1)
    bass = compose_bassline(key=C_MINOR, genre="trap", chords=chords, bars=8, style="808", energy=0.9, seed=1)
    assert bass.glides
    for glide in bass.glides:
        into = [n for n in bass.notes if abs(n.start - glide) < 1e-6]
        before = [n for n in bass.notes if n.start < glide < n.end]
        assert into and before, "a glide overlaps the next note"
    roots = {bass_pitch(c.root, 34) for c in chords}
    assert any(n.pitch - 12 in roots for n in bass.notes)


def test_walking_bass_moves_in_quarters_with_approach_notes():
    chords = compose_chords(key=Key(0, "major"), genre="jazz", bars=4, seed=2)
    bass = compose_bassline(key=Key(0, "major"), genre="jazz", chords=chords, bars=4, style="walking", seed=2)
    assert [n.start for n in bass.notes] == [float(b) for b in range(16)]
    for chord in chords[1:]:
        before = next(n for n in bass.notes if n.start == chord.start_bar * 4 - 1)
        root = next(n for n in bass.notes if n.start == chord.start_bar * 4)
        assert abs(before.pitch - root.pitch) in (1, 11, 13)


@pytest.mark.parametrize("genre", sorted(GENRES))
def test_drum_hits_sit_on_the_genre_grid(genre):
    drums = compose_drums(genre=genre, bars=8, energy=0.7, complexity=0.6, humanization=1.0, seed=3)
    assert_drums_on_grid(drums, genre, swing=None, humanization=1.0)
    assert max(n.start for n in drums.notes) < 8 * 4


def test_trap_has_hat_rolls_and_half_time_snare_and_fills():
    drums = compose_drums(genre="trap", bars=8, complexity=0.9, humanization=0.0, seed=5)
    hats = sorted(n.start for n in drums.notes if n.pitch == DRUM_KEYS["hat"])
    gaps = {round(b - a, 4) for a, b in zip(hats, hats[1:])}
    assert gaps & {0.125, round(1 / 6, 4)}, "1/32 or triplet rolls"
    snares = [n.start % 4 for n in drums.notes if n.pitch == DRUM_KEYS["snare"] and n.velocity > 100]
    assert snares and all(abs(s - 2.0) < 1e-6 for s in snares[:3])
    fill_bar = [
        n
        for n in drums.notes
        if 12 <= n.start < 16 and n.pitch in (DRUM_KEYS["high_tom"], DRUM_KEYS["mid_tom"], DRUM_KEYS["low_tom"])
    ]
    assert fill_bar, "a fill ends the first four-bar phrase"


def test_house_is_four_on_the_floor_with_off_beat_open_hats():
    drums = compose_drums(genre="house", bars=4, humanization=0.0, complexity=0.0, seed=1)
    kicks = sorted(n.start for n in drums.notes if n.pitch == DRUM_KEYS["kick"])
    assert [k for k in kicks if k < 12] == [float(b) for b in range(12)]
    opens = [n.start % 1 for n in drums.notes if n.pitch == DRUM_KEYS["open_hat"]]
    assert opens and all(abs(o - 0.5) < 1e-6 for o in opens)


def test_swing_delays_the_off_beats():
    straight = compose_drums(genre="boom_bap", bars=1, swing=0.0, humanization=0.0, complexity=0.0, seed=1)
    swung = compose_drums(genre="boom_bap", bars=1, swing=1.0, humanization=0.0, complexity=0.0, seed=1)
    off = lambda part: sorted(n.start % 1 for n in part.notes if n.pitch == DRUM_KEYS["hat"] and n.start % 1)
    assert off(straight)[0] == pytest.approx(0.5)
    assert off(swung)[0] == pytest.approx(2 / 3, abs=1e-3)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("up", [60, 64, 67, 72, 76, 79]),
        ("down", [79, 76, 72, 67, 64, 60]),
        ("updown", [60, 64, 67, 72, 76, 79, 76, 72, 67, 64]),
        ("downup", [79, 76, 72, 67, 64, 60, 64, 67, 72, 76]),
        ("converge", [60, 79, 64, 76, 67, 72]),
        ("diverge", [67, 64, 72, 60, 76, 79]),
    ],
)
def test_arpeggio_patterns_play_the_documented_order(pattern, expected):
    arp = compose_arpeggio(
        key=Key(0, "major"),
        bars=4,
        pattern=pattern,
        chord_offsets=[0, 4, 7],
        octave_range=2,
        rate=0.25,
        gate=0.5,
        seed=1,
    )
    pitches = [n.pitch for n in arp.notes]
    assert pitches[: len(expected)] == expected
    assert pitches[len(expected) : 2 * len(expected)] == expected  # the cycle repeats
    assert len(arp.notes) == 64
    assert all(n.duration == pytest.approx(0.125) for n in arp.notes)


def test_random_and_chord_patterns():
    random_arp = compose_arpeggio(
        key=Key(0, "major"), bars=1, pattern="random", chord_offsets=[0, 4, 7], octave_range=1, seed=3
    )
    assert sorted(n.pitch for n in random_arp.notes[:3]) == [60, 64, 67]
    block = compose_arpeggio(
        key=Key(0, "major"), bars=1, pattern="chord", chord_offsets=[0, 4, 7], octave_range=1, rate=1.0, seed=3
    )
    assert [n.start for n in block.notes] == [0.0] * 3 + [1.0] * 3 + [2.0] * 3 + [3.0] * 3


@pytest.mark.parametrize("genre", ["trap", "drill", "house", "lofi"])
def test_every_hit_ends_inside_the_part_so_the_result_reads_back(genre):
    """A swung roll's last hit (3.9583 + 0.1) rang past a one-bar pattern, and the engine's own reader
    refused the result: no variation, vault merge or export of it (13 of 320 patterns at swing 0.5,
    the value the studio shows for house)."""
    from generation.engine import results, tools

    for seed in range(40):
        for bars in (1, 2):
            drums = compose_drums(genre=genre, bars=bars, complexity=1.0, humanization=1.0, swing=0.6, seed=seed)
            assert all(n.start + n.duration <= bars * 4 + 1e-9 and n.duration > 0 for n in drums.notes)
    for seed in range(20):
        params = tools.validate_parameters("drums", {"genre": genre, "length": 1, "swing": 0.7, "complexity": 1.0})
        assert results.idea_from_result(tools.generate("drums", params, seed=seed)).bars == 1
