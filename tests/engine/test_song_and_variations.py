"""Arrangements add up; ideas share key and tempo; variations change what they claim and stay recognisable."""

from __future__ import annotations

import random
from statistics import mean

import pytest

from generation.engine.arrangement import compose_arrangement
from generation.engine.emotion import emotion_mapping
from generation.engine.genres import GENRES
from generation.engine.ideas import compose_idea
from generation.engine.inspiration import extreme_parameters
from generation.engine.song import compose_song
from generation.engine.theory import Key
from generation.engine.variations import VARIATION_TYPES, vary_idea
from tests.music_checks import assert_bass_follows_roots


@pytest.mark.parametrize("genre", sorted(GENRES))
@pytest.mark.parametrize("seconds", [15, 60, 180, 301])
def test_arrangement_bars_add_up_to_the_length_at_the_tempo(genre, seconds):
    arrangement = compose_arrangement(genre=genre, length_seconds=seconds, bpm=120, seed=1)
    assert arrangement.total_bars == round(seconds * 120 / 240)
    assert abs(arrangement.duration_seconds - seconds) <= 2.0 + 1e-9
    starts = [s.start_bar for s in arrangement.sections]
    assert starts == sorted(starts) and starts[0] == 0
    assert all(a.start_bar + a.bars == b.start_bar for a, b in zip(arrangement.sections, arrangement.sections[1:]))
    assert (arrangement.sections[0].name == "intro" and arrangement.sections[-1].name == "outro") or seconds < 30


def test_energy_curve_peaks_in_the_hooks():
    arrangement = compose_arrangement(genre="edm", length_seconds=200, seed=3)
    by_name = {}
    for section in arrangement.sections:
        by_name.setdefault(section.name, []).append(section.energy)
    assert max(by_name["drop"]) > max(by_name["verse"]) > max(by_name["intro"])


def test_a_three_minute_song_has_every_part_in_one_key_and_the_chorus_repeats():
    key = Key(7, "minor")
    idea, arrangement = compose_song(
        genre="pop", mood="emotional", energy=0.7, key=key, bpm=110, length_seconds=180, seed=2
    )
    assert idea.bars == arrangement.total_bars == round(180 * 110 / 240)
    assert {p.name for p in idea.parts} >= {"melody", "chords", "bass", "drums", "arp"}
    melody = idea.part("melody")
    assert all(key.contains(n.pitch) for n in melody.notes)
    choruses = [s for s in arrangement.sections if s.name == "chorus"]
    first, second = choruses[0], choruses[1]

    def phrase(section):
        return [
            (round(n.start - section.start_bar * 4, 1), n.pitch)
            for n in melody.notes
            if section.start_bar * 4 <= n.start < (section.start_bar + min(4, section.bars)) * 4
        ]

    assert phrase(first) == phrase(second)


def test_surprise_parts_share_key_tempo_and_progression():
    idea = compose_idea(key=Key(5, "dorian"), genre="afrobeat", bpm=108, bars=8, seed=9)
    assert [p.name for p in idea.parts] == ["melody", "chords", "bass", "drums"]
    assert_bass_follows_roots(idea.part("bass").notes, idea.chords)


def test_emotion_maps_to_valence_arousal_and_music():
    joy, sadness, anger = emotion_mapping("joy", 1.0), emotion_mapping("sadness", 1.0), emotion_mapping("anger", 1.0)
    assert joy["valence"] > 0.8 and sadness["valence"] < 0.25
    assert joy["scale"] in ("major", "lydian") and sadness["scale"] in ("minor", "harmonic_minor")
    assert anger["bpm"] > sadness["bpm"]
    mild = emotion_mapping("joy", 0.0)
    assert 0.5 < mild["valence"] < joy["valence"]


def test_extreme_inspiration_breaks_the_habits():
    habits = {
        "favorite_genres": ["trap", "drill"],
        "favorite_bpms": [140, 145],
        "favorite_scales": ["minor"],
        "favorite_keys": ["C"],
    }
    for seed in range(10):
        chosen = extreme_parameters(habits, random.Random(seed))
        assert chosen["genre"] not in habits["favorite_genres"]
        assert chosen["scale"] != "minor"
        assert abs(chosen["bpm"] - 142.5) >= 20
        assert chosen["key"] == "F#"
        assert len(chosen["habits_broken"]) == 4


def _idea():
    return compose_idea(key=Key(0, "minor"), genre="trap", bpm=140, bars=8, seed=4)


def _lead(idea):
    return sorted(idea.part("melody").notes, key=lambda n: n.start)


def test_darker_lowers_the_lead_and_darkens_the_mode_keeping_the_rhythm():
    original = _idea()
    darker = vary_idea(idea=original, variation_type="darker", seed=1)
    assert darker.scale == "phrygian"
    assert mean(n.pitch for n in _lead(darker)) < mean(n.pitch for n in _lead(original)) - 2
    assert [n.start for n in _lead(darker)] == [n.start for n in _lead(original)]
    assert darker.bpm < original.bpm
    assert all(Key(0, "phrygian").contains(n.pitch) for n in _lead(darker))


def test_happier_brightens():
    original = _idea()
    happier = vary_idea(idea=original, variation_type="happier", seed=1)
    assert happier.scale == "major"
    assert mean(n.pitch for n in _lead(happier)) > mean(n.pitch for n in _lead(original)) + 2
    assert [n.start for n in _lead(happier)] == [n.start for n in _lead(original)]


def test_more_energetic_is_denser_louder_faster():
    original = _idea()
    energetic = vary_idea(idea=original, variation_type="more_energetic", seed=1)
    assert len(_lead(energetic)) > len(_lead(original))
    assert mean(n.velocity for n in _lead(energetic)) > mean(n.velocity for n in _lead(original))
    assert energetic.bpm > original.bpm


def test_more_commercial_repeats_the_hook_and_tightens_the_range():
    original = _idea()
    commercial = vary_idea(idea=original, variation_type="more_commercial", seed=1)
    lead = _lead(commercial)
    opening = [(n.start, n.pitch) for n in lead if n.start < 8]
    repeat = [(n.start - 8, n.pitch) for n in lead if 8 <= n.start < 16]
    assert [s for s, _ in opening] == [s for s, _ in repeat]
    span = lambda notes: max(n.pitch for n in notes) - min(n.pitch for n in notes)
    assert span(lead) <= span(_lead(original))
    assert all(abs(n.start * 2 - round(n.start * 2)) < 1e-9 for n in lead)


def test_more_emotional_widens_the_range():
    original = _idea()
    emotional = vary_idea(idea=original, variation_type="more_emotional", seed=1)
    span = lambda notes: max(n.pitch for n in notes) - min(n.pitch for n in notes)
    assert span(_lead(emotional)) > span(_lead(original))
    assert any("sus" in c.symbol or "add9" in c.symbol for c in emotional.chords)


def test_more_experimental_leaves_the_scale_on_purpose():
    original = _idea()
    experimental = vary_idea(idea=original, variation_type="more_experimental", seed=1)
    key = Key(0, "minor")
    assert any(not key.contains(n.pitch) for n in _lead(experimental))
    assert any("9" in c.symbol for c in experimental.chords)


@pytest.mark.parametrize("variation", VARIATION_TYPES)
def test_every_variation_says_what_it_changed(variation):
    varied = vary_idea(idea=_idea(), variation_type=variation, seed=2)
    report = varied.metadata["variation"]
    assert report["type"] == variation and report["changes"]
    assert set(report["before"]) == set(report["after"]) == {"scale", "bpm", "mean_pitch", "density"}


@pytest.mark.parametrize("variation", ["more_energetic", "more_emotional", "darker", "happier"])
def test_a_variation_keeps_the_key_spelling_and_whole_bpm(variation):
    from generation.engine import tools

    source = tools.generate(
        "melody", tools.validate_parameters("melody", {"key": "F#", "scale": "minor", "bpm": 133}), seed=5
    )
    assert source["key"] == "F#"
    varied = tools.generate(
        "variations", tools.validate_parameters("variations", {"original": source, "variation_type": variation}), seed=6
    )
    assert varied["key"] == "F#"
    expected = {"more_energetic": 144, "more_emotional": 129, "darker": 126, "happier": 140}[variation]
    assert varied["bpm"] == expected and isinstance(varied["bpm"], int)
