"""The v1 ``parameters`` object: the spec's example, every field's mapping and every field's error."""

from __future__ import annotations

import json

import pytest

from generation.engine.errors import EngineParameterError
from generation.engine.track import validate_track_parameters
from generation.engine.track.catalog import ALLOWED_GENRES, INSTRUMENTS, V1_GENRES

SPEC_EXAMPLE = {
    "genre": "electronic",
    "subgenre": "synthwave",
    "mood": "nostalgic",
    "tempo": 120,
    "key": "C_minor",
    "duration": 180,
    "instrumental": False,
    "lyrics": {"enabled": True, "theme": "cyberpunk_city", "language": "en", "style": "poetic_tech"},
    "primary_instruments": ["synth_bass", "drum_machine", "arpeggiator"],
    "complexity": "medium",
    "ai_model": "coprod_v1",
    "creativity": 0.7,
    "output_formats": ["wav", "mp3", "midi"],
    "audio_quality": "high",
}


def _error(raw: object) -> EngineParameterError:
    with pytest.raises(EngineParameterError) as caught:
        validate_track_parameters(raw)
    return caught.value


def test_the_spec_example_maps_onto_the_engine():
    params = validate_track_parameters(SPEC_EXAMPLE)
    assert params == {
        "genre": "electronic",
        "subgenre": "synthwave",
        "profile": "synthwave",
        "mood": "nostalgic",
        "tempo": 120,
        "key": "C_minor",
        "tonic": "C",
        "scale": "minor",
        "duration": 180,
        "bars": 90,
        "instrumental": False,
        "lyrics": {
            "enabled": True,
            "theme": "cyberpunk_city",
            "requested_theme": "cyberpunk_city",
            "theme_note": None,
            "language": "en",
            "style": "poetic_tech",
        },
        "primary_instruments": [
            {"name": "synth_bass", "part": "bass", "program": 38},
            {"name": "drum_machine", "part": "drums", "program": 0},
            {"name": "arpeggiator", "part": "arp", "program": 81},
        ],
        "complexity": 0.6,
        "ai_model": "coprod_v1",
        "creativity": 0.7,
        "output_formats": ["wav", "mp3", "midi"],
        "audio_quality": "high",
    }
    assert json.loads(json.dumps(params)) == params


def test_defaults_for_a_bare_genre():
    params = validate_track_parameters({"genre": "pop"})
    assert params["profile"] == "pop"
    from generation.engine.genres import get_genre

    pop = get_genre("pop")
    assert params["tempo"] == pop.default_bpm
    assert params["key"] == f"C_{pop.default_scale}"
    assert (params["mood"], params["duration"], params["instrumental"]) == ("neutral", 180, False)
    assert params["bars"] == round(180 * pop.default_bpm / 240)
    assert params["lyrics"]["enabled"] is True
    assert (params["lyrics"]["theme"], params["lyrics"]["language"], params["lyrics"]["style"]) == (
        "midnight_drive",
        "en",
        "poetic_tech",
    )
    assert (params["complexity"], params["creativity"], params["ai_model"]) == (0.6, 0.5, "coprod_v1")
    assert (params["output_formats"], params["audio_quality"]) == (["wav", "mp3", "midi"], "high")


def test_the_spec_tempo_error_exactly():
    error = _error({**SPEC_EXAMPLE, "tempo": 300})
    assert str(error) == "Invalid parameter: tempo must be between 40 and 240"
    assert (error.code, error.parameter, error.value, error.constraint) == ("VALIDATION_ERROR", "tempo", 300, "40-240")


@pytest.mark.parametrize("tempo", [39, 240.5, "120", True, [120]])
def test_tempo_out_of_range_or_not_a_number(tempo):
    error = _error({**SPEC_EXAMPLE, "tempo": tempo})
    assert (error.parameter, error.constraint) == ("tempo", "40-240")


def test_tempo_bounds_are_allowed():
    assert validate_track_parameters({**SPEC_EXAMPLE, "tempo": 40})["tempo"] == 40
    assert validate_track_parameters({**SPEC_EXAMPLE, "tempo": 240.0})["tempo"] == 240


@pytest.mark.parametrize("duration", [9, 601, "180", False])
def test_duration_between_ten_seconds_and_ten_minutes(duration):
    error = _error({**SPEC_EXAMPLE, "duration": duration})
    assert str(error) == "Invalid parameter: duration must be between 10 and 600"
    assert (error.parameter, error.constraint) == ("duration", "10-600")


def test_bars_fill_the_duration_exactly():
    params = validate_track_parameters({**SPEC_EXAMPLE, "tempo": 97, "duration": 61})
    assert params["bars"] == 25  # round(61 * 97 / 240) = round(24.65)


def test_genre_unknown_or_missing_lists_the_genres():
    for raw in ({**SPEC_EXAMPLE, "genre": "polka"}, {k: v for k, v in SPEC_EXAMPLE.items() if k != "genre"}):
        error = _error(raw)
        assert error.parameter == "genre"
        assert error.constraint == "one of: " + ", ".join(ALLOWED_GENRES)
    assert "electronic" in ALLOWED_GENRES and "synthwave" in ALLOWED_GENRES and len(ALLOWED_GENRES) == 21


def test_every_v1_genre_and_subgenre_lands_on_a_profile():
    from generation.engine.genres import GENRES

    for genre, (default, subgenres) in V1_GENRES.items():
        assert validate_track_parameters({"genre": genre})["profile"] == default
        assert default in GENRES
        for subgenre, profile in subgenres.items():
            assert validate_track_parameters({"genre": genre, "subgenre": subgenre})["profile"] == profile


def test_genre_aliases_and_spelling():
    assert validate_track_parameters({"genre": "Hip-Hop", "subgenre": "Trap"})["profile"] == "trap"
    assert validate_track_parameters({"genre": "r&b"})["genre"] == "rnb"


def test_subgenre_errors():
    error = _error({**SPEC_EXAMPLE, "subgenre": "vaporwave"})
    assert error.parameter == "subgenre"
    assert error.constraint == "one of: " + ", ".join(sorted(V1_GENRES["electronic"][1]))
    error = _error({"genre": "trap", "subgenre": "phonk"})
    assert error.parameter == "subgenre" and error.constraint.startswith("absent for trap")


def test_mood_must_be_one_of_the_engine_moods():
    error = _error({**SPEC_EXAMPLE, "mood": "grumpy"})
    assert error.parameter == "mood" and "nostalgic" in error.constraint
    assert validate_track_parameters({**SPEC_EXAMPLE, "mood": "Dreamy"})["mood"] == "dreamy"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("C_minor", "C_minor"),
        ("c#m", "C#_minor"),
        ("Db", "Db_minor"),
        ("F# dorian", "F#_dorian"),
        ("Eb_major", "Eb_major"),
    ],
)
def test_key_in_c_minor_form(key, expected):
    assert validate_track_parameters({**SPEC_EXAMPLE, "key": key})["key"] == expected


@pytest.mark.parametrize("key", ["H_minor", "C_weird", 5, "C" * 40])
def test_bad_keys(key):
    assert _error({**SPEC_EXAMPLE, "key": key}).parameter == "key"


def test_instrumental_must_be_a_boolean():
    error = _error({**SPEC_EXAMPLE, "instrumental": "no"})
    assert (error.parameter, error.constraint) == ("instrumental", "true or false")


def test_instrumental_turns_lyrics_off_and_refuses_lyrics_on():
    params = validate_track_parameters({"genre": "pop", "instrumental": True})
    assert params["lyrics"]["enabled"] is False
    error = _error({**SPEC_EXAMPLE, "instrumental": True})
    assert (error.parameter, error.constraint) == ("lyrics.enabled", "false when instrumental is true")


def test_lyrics_fields():
    error = _error({**SPEC_EXAMPLE, "lyrics": {"enabled": True, "rhyme": "aabb"}})
    assert error.parameter == "lyrics.rhyme" and str(error).startswith("Unknown parameter: lyrics.rhyme")
    error = _error({**SPEC_EXAMPLE, "lyrics": {"language": "fr"}})
    assert (error.parameter, error.constraint) == ("lyrics.language", "one of: en")
    error = _error({**SPEC_EXAMPLE, "lyrics": {"style": "haiku"}})
    assert (error.parameter, error.constraint) == (
        "lyrics.style",
        "one of: poetic_tech, storytelling, hype, romantic, conversational",
    )
    assert _error({**SPEC_EXAMPLE, "lyrics": "yes"}).parameter == "lyrics"
    assert _error({**SPEC_EXAMPLE, "lyrics": {"enabled": "yes"}}).parameter == "lyrics.enabled"


def test_an_unknown_theme_maps_to_the_nearest_and_says_so():
    lyrics = validate_track_parameters({**SPEC_EXAMPLE, "lyrics": {"theme": "neon city nights"}})["lyrics"]
    assert lyrics["theme"] == "cyberpunk_city"
    assert lyrics["requested_theme"] == "neon city nights"
    assert lyrics["theme_note"] == "Unknown theme 'neon city nights': using the nearest known theme, 'cyberpunk_city'"


def test_instruments_map_to_parts_and_programs():
    params = validate_track_parameters({"genre": "pop", "primary_instruments": ["Piano", "808", "strings"]})
    assert params["primary_instruments"] == [
        {"name": "piano", "part": "chords", "program": 0},
        {"name": "808", "part": "bass", "program": 38},
        {"name": "strings", "part": "pad", "program": 48},
    ]
    assert all(0 <= i.program <= 127 for i in INSTRUMENTS.values())


def test_unknown_instruments_are_listed():
    error = _error({**SPEC_EXAMPLE, "primary_instruments": ["piano", "kazoo", "theremin"]})
    assert (error.parameter, error.value) == ("primary_instruments", ["kazoo", "theremin"])
    assert error.constraint == "names from: " + ", ".join(sorted(INSTRUMENTS))
    assert "kazoo" in str(error) and "theremin" in str(error)


def test_two_instruments_for_one_part_are_refused():
    error = _error({**SPEC_EXAMPLE, "primary_instruments": ["piano", "guitar"]})
    assert error.parameter == "primary_instruments" and "piano and guitar" in str(error)


def test_too_many_instruments():
    assert _error({**SPEC_EXAMPLE, "primary_instruments": ["piano"] * 9}).parameter == "primary_instruments"


@pytest.mark.parametrize(("value", "expected"), [("low", 0.3), ("MEDIUM", 0.6), ("high", 0.9), (0.25, 0.25), (1, 1.0)])
def test_complexity_levels_and_numbers(value, expected):
    assert validate_track_parameters({**SPEC_EXAMPLE, "complexity": value})["complexity"] == expected


@pytest.mark.parametrize("value", ["extreme", 1.5, -0.1, True])
def test_bad_complexity(value):
    error = _error({**SPEC_EXAMPLE, "complexity": value})
    assert (error.parameter, error.constraint) == ("complexity", "low, medium, high or a number 0-1")


def test_ai_model_other_names_are_refused_with_our_list():
    error = _error({**SPEC_EXAMPLE, "ai_model": "gpt_music_9"})
    assert (error.parameter, error.value, error.constraint) == (
        "ai_model",
        "gpt_music_9",
        "one of: coprod, coprod_latest, coprod_v1, kie_v4",
    )
    assert "not 'gpt_music_9'" in str(error)
    assert validate_track_parameters({**SPEC_EXAMPLE, "ai_model": "CoProd"})["ai_model"] == "coprod_v1"
    # The specification's own example name is accepted and answered by this engine's model.
    assert validate_track_parameters({**SPEC_EXAMPLE, "ai_model": "kie_v4"})["ai_model"] == "coprod_v1"


@pytest.mark.parametrize("value", [1.5, -0.01, "0.7"])
def test_creativity_between_zero_and_one(value):
    error = _error({**SPEC_EXAMPLE, "creativity": value})
    assert str(error) == "Invalid parameter: creativity must be between 0 and 1"


def test_output_formats():
    params = validate_track_parameters({**SPEC_EXAMPLE, "output_formats": ["PDF", "wav", "wav", "musicxml"]})
    assert params["output_formats"] == ["pdf", "wav", "musicxml"]
    for bad in (["wav", "aiff"], [], "wav", ["wav"] * 15):
        error = _error({**SPEC_EXAMPLE, "output_formats": bad})
        assert error.parameter == "output_formats"
    assert _error({**SPEC_EXAMPLE, "output_formats": ["aiff"]}).constraint == (
        "one of: flac, midi, mp3, musicxml, ogg, pdf, wav"
    )


def test_audio_quality():
    assert validate_track_parameters({**SPEC_EXAMPLE, "audio_quality": "studio"})["audio_quality"] == "studio"
    error = _error({**SPEC_EXAMPLE, "audio_quality": "ultra"})
    assert (error.parameter, error.constraint) == ("audio_quality", "one of: high, standard, studio")


def test_unknown_fields_are_named():
    error = _error({**SPEC_EXAMPLE, "bpm": 120})
    assert error.parameter == "bpm"
    assert str(error).startswith("Unknown parameter: bpm (parameters are genre, subgenre, mood, tempo")


def test_parameters_must_be_an_object():
    error = _error(["genre", "pop"])
    assert (error.parameter, error.constraint) == ("parameters", "a JSON object")


def test_the_readme_lists_every_genre_subgenre_instrument_and_model():
    from pathlib import Path

    from generation.engine.track.catalog import AI_MODELS

    readme = Path(__file__).resolve().parents[2].joinpath("README.md").read_text()
    section = readme[readme.index("### Full tracks (engine)") : readme.index("### Music statistics")]
    for genre, (profile, subgenres) in V1_GENRES.items():
        if subgenres:
            row = next(line for line in section.splitlines() if line.startswith(f"  | `{genre}` | {profile} |"))
            assert all(name in row for name in subgenres), genre
    for name, instrument in INSTRUMENTS.items():
        row = next(line for line in section.splitlines() if line.startswith(f"  | {instrument.part} |"))
        expected = name if instrument.part == "drums" else f"{name} ({instrument.program})"
        assert expected in row, name
    assert all(f"`{model}`" in section for model in AI_MODELS)
