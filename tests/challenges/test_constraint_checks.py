"""The engine's challenge checks on a known MIDI file: each constraint passing and failing, with its reason."""

from __future__ import annotations

import pytest

from generation.engine.challenge_checks import check_constraints, constraints_from_data
from generation.engine.challenge_checks.checks import check_key
from generation.engine.errors import EngineParameterError
from generation.engine.limits import MAX_MIDI_BYTES
from generation.engine.midi_reader import read_midi

from .known_midi import HOOK, LEAD, known_data, known_music


def _music(**kwargs):
    return known_music(**kwargs)


def _check(constraints, music=None, genre="trap"):
    results = check_constraints(constraints_from_data(constraints), music or _music(), declared_genre=genre)
    return [(r.name, r.passed, r.reason) for r in results]


def test_a_midi_files_parts_are_named_by_channel_track_name_and_program():
    data = known_data()
    assert [(p["name"], p["is_drum"], len(p["notes"])) for p in data["parts"]] == [
        ("chords", False, 12),
        ("bass", False, 4),
        ("drums", True, 32),
        ("melody", False, 13),
    ]
    assert data["bpm"] == 140.0
    assert data["parts"][3]["notes"][2] == {
        "note": 72,
        "velocity": 90,
        "start_time": 1.0,
        "duration": 0.75,
        "octave": 5,
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"MThd-not-midi", "Not a readable MIDI file"), (b"x" * (MAX_MIDI_BYTES + 1), "2 MiB")],
)
def test_the_midi_reader_refuses_bad_files(content, message):
    with pytest.raises(EngineParameterError) as error:
        read_midi(content)
    assert error.value.parameter == "file"
    assert message in str(error.value)


def test_genre_passes_when_declared_and_fails_otherwise():
    assert _check({"genre": "trap"}) == [("genre", True, "The music is trap")]
    assert _check({"genre": "trap"}, genre="lofi") == [("genre", False, "The music is lofi, not trap")]
    assert _check({"genre": "trap"}, genre="") == [
        ("genre", False, "No genre was given with the music; trap is required")
    ]
    assert _check({"genre": "boom_bap"}, genre="trap+hip hop")[0][1] is True


def test_bpm_range():
    assert _check({"bpm": {"min": 130, "max": 150}}) == [("bpm", True, "The tempo is 140 BPM, inside 130-150 BPM")]
    assert _check({"bpm": {"min": 80, "max": 100}}) == [("bpm", False, "The tempo is 140 BPM, outside 80-100 BPM")]
    assert _check({"bpm": {"max": 120}}) == [("bpm", False, "The tempo is 140 BPM, outside at most 120 BPM")]


def test_key_is_read_from_the_notes():
    assert _check({"key": "C minor"}) == [
        (
            "key",
            True,
            "100% of the notes' duration is in C minor; C sounds like the tonic: the first chord, the melody's last note",
        )
    ]
    name, passed, reason = _check({"key": "G major"})[0]
    assert (name, passed) == ("key", False)
    assert reason == "Only 41% of the notes' duration is in G major (at least 85% needed); the notes centre on Eb major"


def test_key_tells_a_relative_major_apart():
    ((name, passed, reason),) = _check({"key": "Eb major"})
    assert (name, passed) == ("key", False)
    # The notes' profile alone says Eb major; the first chord and the melody's last note say C.
    assert reason == (
        "100% of the notes' duration is in Eb major, but the music centres on C rather than Eb "
        "(the first chord, the melody's last note point there): start or end on a Eb chord"
    )


def test_required_parts():
    assert _check({"parts": ["melody", "bassline", "drums"]}) == [
        ("parts", True, "All required parts are there (the music has: chords, bass, drums, melody)")
    ]
    assert _check({"parts": ["melody", "arp", "vocals"]}) == [
        ("parts", False, "Missing arp, vocals (the music has: chords, bass, drums, melody)")
    ]


def test_length_in_bars():
    assert _check({"bars": {"min": 4, "max": 8}}) == [("bars", True, "The music is 4 bars long, inside 4-8 bars")]
    assert _check({"bars": {"min": 8}}) == [("bars", False, "The music is 4 bars long, outside at least 8 bars")]


def test_chord_progression_by_roots_per_bar():
    assert _check({"key": "C minor", "progression": ["i", "VI", "III", "VII"]})[1] == (
        "progression",
        True,
        "From bar 1 the chords play C–Ab–Eb–Bb (i – VI – III – VII)",
    )
    # Extensions do not change the root: i7 is still a C chord.
    assert _check({"key": "C minor", "progression": ["i7", "VImaj7"]})[1][1] is True
    assert _check({"key": "C minor", "progression": ["i", "iv", "v", "i"]})[1] == (
        "progression",
        False,
        "No run of chords plays C–F–G–C; closest: from bar 1, C–Ab–Eb–Bb (1 of 4)",
    )


def test_motif_is_found_transposed():
    up_a_fourth = [{**n, "note": n["note"] + 5} for n in HOOK]
    assert _check({"motif": {"notes": up_a_fourth}}) == [
        ("motif", True, "The motif plays in the melody at bar 1, beat 1 (transposed -5)")
    ]


def test_motif_with_other_intervals_fails():
    other = [{**n, "note": n["note"] + (1 if i == 2 else 0)} for i, n in enumerate(HOOK)]
    ((name, passed, reason),) = _check({"motif": {"notes": other}})
    assert (name, passed) == ("motif", False)
    assert reason.startswith("The motif (intervals +3 +3 -6) does not play in any part; closest: the melody")


def test_motif_rhythm_tolerance():
    # The lead's third note comes a sixteenth late.
    late = [(p, s + (0.25 if i == 2 else 0), d) for i, (p, s, d) in enumerate(LEAD)]
    music = _music(lead=late)
    assert _check({"motif": {"notes": HOOK, "rhythm_tolerance": 0.25}}, music)[0][1] is True
    assert _check({"motif": {"notes": HOOK, "rhythm_tolerance": 0.1}}, music)[0][1] is False


@pytest.mark.parametrize(
    ("constraints", "parameter"),
    [
        ({"tempo": 120}, "constraints.tempo"),
        ({"bpm": {"min": 150, "max": 130}}, "constraints.bpm"),
        ({"progression": ["i", "VI"]}, "constraints.progression"),
        ({"key": "C minor", "progression": ["xyz"]}, "progression"),
        ({"parts": ["kazoo"]}, "constraints.parts"),
        ({"motif": {"notes": [{"note": 60, "start_time": 0, "duration": 1}]}}, "constraints.motif.notes"),
        ({"genre": "polka"}, "constraints.genre"),
    ],
)
def test_bad_constraints_name_the_field(constraints, parameter):
    with pytest.raises(EngineParameterError) as error:
        constraints_from_data(constraints)
    assert error.value.parameter == parameter


def test_constraints_round_trip_and_checklist_labels():
    constraints = constraints_from_data(
        {"genre": "Hip Hop", "bpm": {"min": 85, "max": 95}, "key": "a minor", "parts": ["Bassline"], "bars": {"max": 8}}
    )
    assert constraints.to_data() == {
        "genre": "boom_bap",
        "bpm": {"min": 85.0, "max": 95.0},
        "key": "A minor",
        "parts": ["bass"],
        "bars": {"min": None, "max": 8},
    }
    assert constraints_from_data(constraints.to_data()) == constraints
    assert [label for _, label in constraints.labels()] == [
        "Genre: boom_bap",
        "Tempo: 85-95 BPM",
        "Key: A minor",
        "Parts: bass",
        "Length: at most 8 bars",
    ]


def test_key_needs_a_cue_for_its_tonic():
    # F minor holds 95% of these notes (only the Bb chord's D is outside), but nothing lands on F.
    assert _check({"key": "F minor"}) == [
        (
            "key",
            False,
            "95% of the notes' duration is in F minor, but nothing marks F as the tonic (the notes centre on "
            "Eb major): start or end on a F chord, or end the lead on F",
        )
    ]


@pytest.mark.parametrize("name", ["bach/bwv272", "bach/bwv324", "bach/bwv153.9"])
def test_the_key_check_centres_on_the_key_the_analysis_reads(name):
    # Chorales whose written key a plain Krumhansl-Schmuckler profile misreads; the product's one key
    # finder (generation.engine.analysis.read_key) reads them right, and the check says what it says.
    from generation.engine.theory import Key
    from tests.engine.known_midi import corpus_midi

    data, (tonic, mode) = corpus_midi(name)
    far = Key((tonic + 6) % 12, mode)  # a tritone away: too few notes in its scale
    passed, reason = check_key(far, read_midi(data))
    assert not passed
    assert reason.endswith(f"the notes centre on {Key(tonic, mode).name}")
