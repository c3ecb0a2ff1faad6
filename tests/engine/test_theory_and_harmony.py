"""Keys, scales, chords on degrees (checked against music21's roman numerals) and voice leading."""

from __future__ import annotations

import pytest
from music21 import key as m21key
from music21 import roman

from generation.engine.errors import EngineParameterError
from generation.engine.genres import GENRE_NAMES, GENRES, get_genre
from generation.engine.harmony import chord_from_figure, chord_on_degree, voice_chord, voice_movement
from generation.engine.theory import SCALES, Key, parse_key


@pytest.mark.parametrize(
    ("text", "scale", "expected"),
    [
        ("C", None, Key(0, "major")),
        ("C#", "minor", Key(1, "minor")),
        ("Db", "minor", Key(1, "minor")),
        ("C_minor", None, Key(0, "minor")),
        ("Cm", None, Key(0, "minor")),
        ("f# dorian", None, Key(6, "dorian")),
        ("Bb", "harmonic_minor", Key(10, "harmonic_minor")),
    ],
)
def test_keys_in_every_spelling(text, scale, expected):
    assert parse_key(text, scale) == expected


def test_all_twelve_scales_and_modes_exist():
    assert set(SCALES) == {
        "major",
        "minor",
        "harmonic_minor",
        "melodic_minor",
        "dorian",
        "phrygian",
        "lydian",
        "mixolydian",
        "locrian",
        "major_pentatonic",
        "minor_pentatonic",
        "blues",
    }


@pytest.mark.parametrize("bad", ["H", "C##", "", 5, None, "Cxyz"])
def test_bad_keys_list_the_valid_ones(bad):
    with pytest.raises(EngineParameterError) as error:
        parse_key(bad)
    assert error.value.parameter == "key"
    assert "C#" in error.value.constraint and "Bb" in error.value.constraint


def _music21_pcs(figure: str, key: Key) -> set[int]:
    name = key.tonic_name.replace("b", "-")
    m21 = m21key.Key(
        name.lower() if key.scale == "minor" else name, None if key.scale in ("major", "minor") else key.scale
    )
    return {p.pitchClass for p in roman.RomanNumeral(figure, m21).pitches}


@pytest.mark.parametrize("tonic", [0, 2, 5, 9, 10])
@pytest.mark.parametrize("scale", ["major", "minor", "dorian", "mixolydian", "lydian", "phrygian"])
@pytest.mark.parametrize("kind", ["triad", "seventh"])
def test_diatonic_chords_match_music21_roman_numerals(tonic, scale, kind):
    key = Key(tonic, scale)
    for degree in range(7):
        chord = chord_on_degree(key, degree, kind)
        assert all(key.contains(pc) for pc in chord.pitch_classes)
        assert set(chord.pitch_classes) == _music21_pcs(chord.roman, key), (key, degree, chord)


def test_upper_case_v_in_minor_is_the_documented_major_dominant():
    chord = chord_from_figure(Key(0, "minor"), "V7")
    assert chord.pitch_classes == (7, 11, 2, 5)
    assert chord.symbol == "G7"


@pytest.mark.parametrize(
    ("figure", "symbol"), [("ii7", "Dm7"), ("I7", "Cmaj7"), ("Vsus4", "Gsus4"), ("IVadd9", "Fadd9"), ("viio", "Bdim")]
)
def test_symbols(figure, symbol):
    assert chord_from_figure(Key(0, "major"), figure).symbol == symbol


def test_flat_keys_spell_with_flats():
    assert chord_from_figure(Key(0, "minor"), "VI").symbol == "Ab"


def test_voice_leading_moves_less_than_root_position_and_holds_common_tones():
    key = Key(0, "major")
    figures = ["I", "vi", "IV", "V", "I", "iii", "vi", "ii"]
    led, plain = [], []
    previous = None
    for figure in figures:
        chord = chord_from_figure(key, figure)
        previous = voice_chord(chord, previous)
        led.append(previous)
        plain.append(voice_chord(chord, None, voice_leading=False))
    moved = sum(voice_movement(a, b) for a, b in zip(led, led[1:]))
    unled = sum(voice_movement(a, b) for a, b in zip(plain, plain[1:]))
    assert moved < unled
    # C major -> A minor shares C and E: voice leading keeps both where they were.
    assert {60, 64} <= set(led[0]) & set(led[1]) or len(set(led[0]) & set(led[1])) >= 2


def test_every_genre_profile_is_complete():
    assert set(GENRE_NAMES) >= {
        "trap",
        "drill",
        "lofi",
        "boom_bap",
        "pop",
        "rnb",
        "house",
        "techno",
        "edm",
        "synthwave",
        "afrobeat",
        "amapiano",
        "reggaeton",
        "jazz",
        "rock",
        "ambient",
        "cinematic",
    }
    for profile in GENRES.values():
        low, high = profile.bpm_range
        assert 40 <= low <= profile.default_bpm <= high <= 240
        assert all(len(pattern) == 16 for pattern in profile.drum_grid.values())
        assert profile.minor_progressions and profile.major_progressions
        assert {"melody", "chords", "bass", "arp"} <= set(profile.programs)
        assert all(s in SCALES for s in profile.scales)


def test_unknown_genre_lists_valid_genres():
    with pytest.raises(EngineParameterError) as error:
        get_genre("polka")
    assert "trap" in error.value.constraint and "amapiano" in error.value.constraint


def test_validate_all_names_every_bad_field_and_validate_stops_at_the_first():
    from generation.engine.errors import EngineParameterError
    from generation.engine.params import validate, validate_all
    from generation.engine.tools import TOOLS

    spec = TOOLS["drums"]
    raw = {"bpm": 20, "length": 0, "swing": "lots", "genre": "house"}
    errors = validate_all("drums", spec.params, raw)
    assert list(errors) == ["bpm", "length", "swing"]
    assert errors["bpm"].constraint == "40-240" and errors["bpm"].value == 20
    assert errors["length"].constraint == "1-64"
    assert validate_all("drums", spec.params, {"genre": "house"}) == {}
    with pytest.raises(EngineParameterError) as first:
        validate("drums", spec.params, raw)
    assert first.value.parameter == "bpm" and not hasattr(first.value, "errors")
