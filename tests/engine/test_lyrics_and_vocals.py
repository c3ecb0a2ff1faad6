"""Lyrics that scan and rhyme, a singable melody one syllable per note, and a voice that sings it in time and tune."""

from __future__ import annotations

import re

import numpy as np
import pytest
from music21 import converter

from generation.engine.errors import EngineDependencyError, EngineParameterError
from generation.engine.lyrics import THEME_NAMES, write_lyrics
from generation.engine.lyrics.writer import rhymes_with, syllable_count
from generation.engine.song import compose_song
from generation.engine.theory import Key
from generation.engine.types import Composition
from generation.engine.vocals import vocal_track
from generation.engine.vocals.pitch import estimate_pitch, semitones_between
from generation.engine.writers import idea_to_musicxml

SECTIONS = ["verse", "pre_chorus", "chorus", "verse", "chorus", "bridge", "chorus"]


def test_at_least_twenty_themes_each_with_their_own_words():
    from generation.engine.lyrics.themes import THEMES

    assert len(THEME_NAMES) >= 20
    assert {
        "cyberpunk_city",
        "digital_love",
        "club_night",
        "heartbreak",
        "summer_nights",
        "hustle",
        "nostalgia",
        "rainy_city",
        "road_trip",
        "victory",
    } <= set(THEME_NAMES)
    vocabularies = [set(t.things) for t in THEMES.values()]
    assert all(len(v) >= 5 for v in vocabularies)
    assert len({frozenset(v) for v in vocabularies}) == len(vocabularies)


@pytest.mark.parametrize("theme", ["cyberpunk_city", "heartbreak", "club_night", "road_trip", "victory"])
@pytest.mark.parametrize("style", ["poetic_tech", "storytelling", "hype", "romantic", "conversational"])
def test_rhymes_hook_and_no_repeated_lines(theme, style):
    lyrics = write_lyrics(theme=theme, style=style, sections=SECTIONS, seed=7)
    for section in lyrics.sections:
        assert re.fullmatch(r"(AABB|ABAB|XAXA)", section.scheme)
        for letter in set(section.scheme) - {"X"}:
            ends = [line.end_word for line in section.lines if line.rhyme == letter]
            assert len(ends) == 2 and rhymes_with(ends[0], ends[1]), (section.name, ends)
    hooks = [line for line in lyrics.lines if line.is_hook]
    assert len(hooks) == 2 * SECTIONS.count("chorus") and len({h.text for h in hooks}) == 1
    assert lyrics.title in hooks[0].text
    others = [line.text for line in lyrics.lines if not line.is_hook]
    assert len(others) == len(set(others))
    assert all(line.text[0].isupper() for line in lyrics.lines)


def test_formatted_text_has_headings():
    lyrics = write_lyrics(theme="nostalgia", sections=SECTIONS, seed=1)
    headings = re.findall(r"^\[(.+)\]$", lyrics.formatted, re.M)
    assert headings == ["Verse 1", "Pre-Chorus", "Chorus", "Verse 2", "Chorus", "Bridge", "Chorus"]


def test_deterministic_per_seed():
    assert (
        write_lyrics(theme="hustle", sections=SECTIONS, seed=3).text
        == write_lyrics(theme="hustle", sections=SECTIONS, seed=3).text
    )
    assert (
        write_lyrics(theme="hustle", sections=SECTIONS, seed=3).text
        != write_lyrics(theme="hustle", sections=SECTIONS, seed=4).text
    )


def test_unknown_theme_maps_to_the_nearest_and_says_so():
    lyrics = write_lyrics(theme="neon robot city", sections=["verse"], seed=1)
    assert lyrics.theme == "cyberpunk_city"
    assert "nearest" in lyrics.theme_note


def test_unsupported_language_is_a_clear_error():
    with pytest.raises(EngineParameterError) as error:
        write_lyrics(theme="heartbreak", language="fr", sections=["verse"], seed=1)
    assert error.value.parameter == "language" and "en" in error.value.constraint


def test_syllables_come_from_the_cmu_dictionary_with_a_fallback():
    assert syllable_count("electric") == 3
    assert syllable_count("hologram") == 3
    assert syllable_count("zorblaxe") == 2  # not in the dictionary: vowel groups, silent final e


@pytest.fixture(scope="module")
def song():
    key = Key(9, "minor")
    idea, arrangement = compose_song(
        genre="pop", mood="emotional", energy=0.6, key=key, bpm=100, length_seconds=90, seed=3
    )
    track = vocal_track(
        theme="rainy_city",
        style="storytelling",
        language="en",
        sections=arrangement.sections,
        key=key,
        bpm=arrangement.bpm,
        chords=idea.chords,
        seed=3,
        total_seconds=arrangement.duration_seconds,
    )
    return key, idea, arrangement, track


def test_one_syllable_per_note_in_a_singable_line(song):
    key, idea, arrangement, track = song
    for line in track.vocals.lines:
        words = re.findall(r"[A-Za-z']+", line.text)
        assert len(line.notes) == len(line.syllables) == sum(syllable_count(w) for w in words)
        assert all(57 <= n.pitch <= 76 and key.contains(n.pitch) for n in line.notes)
    notes = track.vocals.part.notes
    steps = [abs(b.pitch - a.pitch) for a, b in zip(notes, notes[1:])]
    assert sum(s <= 2 for s in steps) / len(steps) >= 0.6
    for a, b in zip(track.vocals.lines, track.vocals.lines[1:]):
        assert b.start - a.end >= 0.5, "a breath between lines"


def test_timestamps_increase_and_lie_within_the_song(song):
    _, _, arrangement, track = song
    stamps = track.lyrics_data()["timestamps"]
    assert stamps and all(s["start"] < s["end"] for s in stamps)
    assert all(a["end"] <= b["start"] for a, b in zip(stamps, stamps[1:]))
    assert stamps[-1]["end"] <= arrangement.duration_seconds


def test_musicxml_shows_the_syllables_under_the_notes(song):
    key, idea, arrangement, track = song
    only_vocals = Composition(
        bpm=arrangement.bpm, tonic=key.tonic, scale=key.scale, bars=arrangement.total_bars, parts=[track.vocals.part]
    )
    score = converter.parseData(idea_to_musicxml(only_vocals, lyrics={"vocals": track.vocals.syllables}))
    lyrics = [n.lyric for n in score.recurse().notes if n.lyric]
    assert len(lyrics) == len(track.vocals.syllables)


def test_the_voice_sings_in_time_and_in_tune(song):
    _, _, arrangement, track = song
    stem = track.stem[:, 0]
    assert np.sqrt(np.mean(stem**2)) > 0.01
    sr, seconds_per_beat = 44100, 60 / arrangement.bpm
    in_tune = total = 0
    for line in track.vocals.lines:
        start = int(round(line.start * seconds_per_beat * sr))
        segment = stem[start : start + int((line.end - line.start + 1) * seconds_per_beat * sr)]
        voiced = np.where(np.abs(segment) > 0.02)[0]
        assert voiced.size and voiced[0] / sr <= 0.020, "each line starts on its beat (within 20 ms)"
        sung, written = voiced[-1] / sr, (line.end - line.start) * seconds_per_beat
        for note in line.notes:
            a = (note.start - line.start) * seconds_per_beat * sung / written
            b = (note.end - line.start) * seconds_per_beat * sung / written
            if b - a < 0.1:
                continue
            middle = int((a + b) / 2 * sr)
            f0 = estimate_pitch(segment[middle - 882 : middle + 882], sr)
            total += 1
            in_tune += f0 is not None and abs(semitones_between(f0, 440 * 2 ** ((note.pitch - 69) / 12))) <= 1
    assert total and in_tune / total >= 0.6


def test_missing_festival_is_a_clear_error(song, monkeypatch):
    key, idea, arrangement, track = song
    import importlib

    sing_module = importlib.import_module("generation.engine.vocals.sing")  # the package exports a function "sing"

    monkeypatch.setattr(sing_module.shutil, "which", lambda name: None)
    with pytest.raises(EngineDependencyError, match="festival"):
        sing_module.sing(track.vocals, arrangement.duration_seconds)


def test_the_vocal_stem_joins_the_mix(song):
    from generation.engine.audio import render_idea

    key, idea, arrangement, track = song
    short = Composition(
        bpm=idea.bpm,
        tonic=idea.tonic,
        scale=idea.scale,
        bars=idea.bars,
        parts=[p for p in idea.parts if p.name in ("drums", "bass")],
        chords=idea.chords,
    )
    frames = int((short.duration_seconds + 1.0) * 44100)
    vocals = np.zeros((frames, 2), dtype=np.float32)
    vocals[: min(frames, len(track.stem))] = track.stem[:frames]
    result = render_idea(short, formats=(), extra_stems={"vocals": vocals})
    assert np.sqrt(np.mean(result.stems["vocals"] ** 2)) > 1e-3
    assert np.abs(sum(result.stems.values()) - result.mix).max() < 1e-4


@pytest.mark.parametrize("theme", sorted(THEME_NAMES))
def test_no_word_is_sung_twice_in_a_row(theme):
    """A filled template never doubles a word ("we flicker where the neon neon sign meets the chain")."""
    for seed in range(12):
        lyrics = write_lyrics(theme=theme, sections=SECTIONS, seed=seed)
        for line in lyrics.lines:
            words = re.findall(r"[a-z']+", line.text.lower())
            assert all(a != b for a, b in zip(words, words[1:], strict=False)), line.text
