"""Writers, metrics, the facade over the whole parameter space, the CLI and the engine's purity."""

from __future__ import annotations

import ast
import io
import math
import subprocess
import sys
from pathlib import Path

import mido
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from music21 import converter, harmony

from generation.engine import results, tools, writers
from generation.engine.errors import EngineParameterError
from generation.engine.genres import GENRE_NAMES
from generation.engine.metrics import quality_metrics
from generation.engine.theory import SCALES
from generation.engine.types import ChordEvent, Composition, Note, Part

ENGINE = Path(__file__).resolve().parents[2] / "generation" / "engine"


def _result(tool="melody", **params):
    return tools.generate(tool, tools.validate_parameters(tool, params), seed=3)


def test_midi_has_named_tracks_programs_drum_channel_tempo_time_and_key():
    result = _result("surprise_me")
    midi = mido.MidiFile(file=io.BytesIO(writers.idea_to_midi(results.idea_from_result(result))))
    conductor = midi.tracks[0]
    tempos = [m.tempo for m in conductor if m.type == "set_tempo"]
    assert round(mido.tempo2bpm(tempos[0]), 2) == pytest.approx(result["bpm"])
    assert [(m.numerator, m.denominator) for m in conductor if m.type == "time_signature"] == [(4, 4)]
    assert [m for m in conductor if m.type == "key_signature"]
    names = [next(m.name for m in t if m.type == "track_name") for t in midi.tracks[1:]]
    assert names == ["melody", "chords", "bass", "drums"]
    drums = midi.tracks[4]
    assert {m.channel for m in drums if m.type == "note_on"} == {9}
    assert not [m for m in drums if m.type == "program_change"]
    melody_programs = [m.program for m in midi.tracks[1] if m.type == "program_change"]
    assert melody_programs == [result["parts"][0]["program"]]
    assert midi.length == pytest.approx(result["bars"] * 4 * 60 / result["bpm"], abs=0.6)


def test_musicxml_has_chord_symbols_and_no_spurious_naturals():
    result = _result("melody", genre="pop", key="C", scale="major")
    xml = writers.idea_to_musicxml(results.idea_from_result(result))
    score = converter.parseData(xml)
    symbols = [h for h in score.recurse().getElementsByClass(harmony.ChordSymbol)]
    assert len(symbols) == len(result["progression"])
    assert b"<accidental>natural</accidental>" not in xml
    assert len(score.parts) == 2


def test_metrics_on_a_known_fixture():
    melody = Part(
        "melody",
        0,
        [
            Note(60, 0, 1),
            Note(62, 1, 1),
            Note(64, 2, 1),
            Note(65, 3, 1),
            Note(60, 4, 1),
            Note(62, 5, 1),
            Note(64, 6, 1),
            Note(61, 7, 1),
        ],
    )
    chords = [ChordEvent((60, 64, 67), "I", 0, 2, 0, "C")]
    idea = Composition(bpm=120, tonic=0, scale="major", bars=2, parts=[melody], chords=chords)
    metrics = quality_metrics(idea=idea)
    assert metrics["scale_consistency"] == 0.875  # 7 of 8 notes in C major
    assert metrics["chord_tone_ratio"] == 1.0  # strong beats 0,2,4,6: C, E, C, E... and 61 is weak
    assert metrics["stepwise_ratio"] == round(5 / 7, 3)  # steps 2,2,1,_,2,2,_: F->C and E->C# leap
    assert metrics["groove_consistency"] == 1.0
    assert metrics["harmonic_consistency"] == round(0.5 * 0.875 + 0.5 * 1.0, 3)
    # Pitch classes C, D, E twice each, F and C# once: H = 3 * (2/8 * 2) + 2 * (1/8 * 3) = 2.25 bits.
    entropy = 2.25 / math.log2(12)
    assert metrics["pitch_class_entropy"] == round(entropy, 3) == 0.628
    assert metrics["repetition_structure"] == 1.0  # two bars are one two-bar window: nothing to compare
    # 0.35 * min(1, (5/7) / 0.6) + 0.35 * 1.0 + 0.30 * (1 - |0.6276 - 0.75| / 0.75)
    expected = 0.35 * 1 + 0.35 * 1.0 + 0.30 * (1 - abs(entropy - 0.75) / 0.75)
    assert metrics["melodic_coherence"] == round(expected, 3) == 0.951


def test_melodic_coherence_weighs_steps_repetition_and_entropy():
    """A four-bar fixture where every term of melodic_coherence is below its cap."""
    # Quarter notes in bars 1 and 3 only: C D E D, then G C G C.
    pitches_and_beats = [(60, 0), (62, 1), (64, 2), (62, 3), (67, 8), (60, 9), (67, 10), (60, 11)]
    melody = Part("melody", 0, [Note(pitch, beat, 1) for pitch, beat in pitches_and_beats])
    idea = Composition(bpm=100, tonic=0, scale="major", bars=4, parts=[melody])
    metrics = quality_metrics(idea=idea)

    # Intervals 2, 2, 2, 5, 7, 7, 7: three steps of seven.
    assert metrics["stepwise_ratio"] == round(3 / 7, 3) == 0.429
    # Windows (onset, direction to next): {(0, up), (1, up), (2, down)} and {(0, down), (1, up), (2, down)}:
    # two shared of four -> Jaccard 0.5.
    assert metrics["repetition_structure"] == 0.5
    # Pitch classes C x3, D x2, G x2, E x1.
    entropy = (3 / 8 * math.log2(8 / 3) + 2 * (2 / 8 * 2) + 1 / 8 * 3) / math.log2(12)
    assert metrics["pitch_class_entropy"] == round(entropy, 3) == 0.532
    expected = 0.35 * (3 / 7) / 0.6 + 0.35 * 0.5 + 0.30 * (1 - abs(entropy - 0.75) / 0.75)
    assert metrics["melodic_coherence"] == round(expected, 3) == 0.638
    # Bars 2 and 4 are empty: no bar shares an onset with the bar before.
    assert metrics["groove_consistency"] == metrics["rhythmic_stability"] == 0.0
    assert metrics["scale_consistency"] == metrics["harmonic_consistency"] == 1.0
    assert metrics["chord_tone_ratio"] is None
    assert metrics["not_applicable"] == {"chord_tone_ratio": "no chord progression"}


def test_generated_ideas_score_as_coherent_music():
    scores = [_result("melody", genre=g)["metrics"] for g in ("trap", "pop", "lofi", "house")]
    assert all(s["harmonic_consistency"] >= 0.85 for s in scores)
    assert all(s["melodic_coherence"] >= 0.55 for s in scores)


_LEVEL = st.one_of(st.sampled_from(["low", "medium", "high"]), st.floats(0, 1))
_UNIT = st.floats(0, 1)
_KEYS = st.sampled_from(["C", "C#", "Db", "D", "Eb", "E", "F", "F#", "Gb", "G", "Ab", "A", "Bb", "B", "Cm", "A_minor"])
_SCALES = st.sampled_from(sorted(SCALES))
_GENRES = st.sampled_from(GENRE_NAMES)
STRATEGIES = {
    "melody": st.fixed_dictionaries(
        {
            "genre": _GENRES,
            "key": _KEYS,
            "scale": _SCALES,
            "energy": _LEVEL,
            "complexity": _UNIT,
            "humanization": _UNIT,
            "note_density": _UNIT,
            "melody_length": st.integers(1, 16),
            "octave_range": st.integers(1, 3),
            "bpm": st.integers(40, 240),
        }
    ),
    "chords": st.fixed_dictionaries(
        {
            "genre": _GENRES,
            "key": _KEYS,
            "scale": _SCALES,
            "complexity": _UNIT,
            "length": st.integers(1, 16),
            "use_inversions": st.booleans(),
            "voice_leading": st.booleans(),
        }
    ),
    "bassline": st.fixed_dictionaries(
        {
            "genre": _GENRES,
            "key": _KEYS,
            "scale": _SCALES,
            "energy": _LEVEL,
            "length": st.integers(1, 16),
            "style": st.sampled_from(["808", "walking", "octave", "sub", "log_drum", "standard"]),
        }
    ),
    "drums": st.fixed_dictionaries(
        {
            "genre": _GENRES,
            "energy": _LEVEL,
            "complexity": _UNIT,
            "length": st.integers(1, 16),
            "swing": _UNIT,
            "humanization": _UNIT,
        }
    ),
    "arpeggiator": st.fixed_dictionaries(
        {
            "key": _KEYS,
            "scale": _SCALES,
            "pattern": st.sampled_from(["up", "down", "updown", "downup", "random", "converge", "diverge", "chord"]),
            "chord": st.lists(st.integers(-12, 24), min_size=1, max_size=5),
            "length": st.integers(1, 8),
            "octave_range": st.integers(1, 4),
            "rate": st.sampled_from([0.125, 0.25, 0.5, 1.0]),
            "gate": st.floats(0.05, 1),
        }
    ),
    "arrangement": st.fixed_dictionaries(
        {"genre": _GENRES, "energy": _LEVEL, "length": st.integers(10, 240), "key": _KEYS}
    ),
    "genre_fusion": st.fixed_dictionaries({"genre1": _GENRES, "genre2": _GENRES, "weight": _UNIT}),
    "emotion": st.fixed_dictionaries(
        {"emotion": st.sampled_from(["joy", "hope", "anger", "sadness", "calm"]), "intensity": _UNIT}
    ),
    "surprise_me": st.just({}),
    "extreme_inspiration": st.fixed_dictionaries(
        {
            "habits": st.fixed_dictionaries(
                {
                    "favorite_genres": st.lists(_GENRES, max_size=3),
                    "favorite_bpms": st.lists(st.integers(60, 180), max_size=3),
                    "favorite_scales": st.lists(_SCALES, max_size=2),
                    "favorite_keys": st.lists(_KEYS, max_size=2),
                }
            )
        }
    ),
}


@pytest.mark.parametrize("tool", sorted(STRATEGIES))
def test_every_tool_over_its_parameter_space_gives_valid_midi(tool):
    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(raw=STRATEGIES[tool], seed=st.integers(0, 2**31 - 1))
    def run(raw, seed):
        params = tools.validate_parameters(tool, raw)
        result = tools.generate(tool, params, seed=seed)
        idea = results.idea_from_result(result)
        midi = mido.MidiFile(file=io.BytesIO(writers.idea_to_midi(idea)))
        assert len(midi.tracks) == 1 + len(idea.parts)
        # Read from the tool's own output: idea_from_result would already refuse a pitch outside 0-127.
        assert all(0 <= n["note"] <= 127 for p in result["parts"] for n in p["notes"])
        assert all(
            n.start + n.duration <= idea.total_beats + 1e-6 for p in idea.parts for n in p.notes if not p.is_drum
        )
        metrics = result["metrics"]
        # A metric is missing exactly when it is declared not applicable, and only where it is not.
        assert {name for name, value in metrics.items() if value is None} == set(metrics["not_applicable"])
        has_line = idea.lead_part() is not None
        assert (metrics["melodic_coherence"] is None) == (not has_line)
        assert (metrics["harmonic_consistency"] is None) == all(p.is_drum for p in idea.parts)

    run()


def test_variations_and_counter_melodies_over_generated_results():
    melody = _result("melody")
    for variation in ("darker", "happier", "more_energetic"):
        varied = tools.generate(
            "variations",
            tools.validate_parameters("variations", {"original": melody, "variation_type": variation}),
            seed=1,
        )
        assert varied["parts"]
    counter = tools.generate(
        "counter_melody",
        tools.validate_parameters(
            "counter_melody", {"main_melody": melody["notes"], "key": "C", "scale": "minor", "style": "counterpoint"}
        ),
        seed=1,
    )
    assert counter["notes"]


@pytest.mark.parametrize(
    ("tool", "raw", "parameter"),
    [
        ("melody", {"bpm": 10}, "bpm"),
        ("melody", {"key": "X"}, "key"),
        ("drums", {"genre": "polka"}, "genre"),
        ("variations", {"original": {"x": 1}, "variation_type": "darker"}, "original"),
        ("counter_melody", {"main_melody": [{"note": 300, "start_time": 0, "duration": 1}]}, "main_melody[0]"),
        ("melody", {"tempo": 120}, "tempo"),
    ],
)
def test_bad_parameters_name_the_field(tool, raw, parameter):
    with pytest.raises(EngineParameterError) as error:
        tools.validate_parameters(tool, raw)
    assert error.value.parameter == parameter


def test_determinism_across_the_facade():
    params = tools.validate_parameters("surprise_me", {})
    assert tools.generate("surprise_me", params, seed=5) == tools.generate("surprise_me", params, seed=5)
    assert (
        tools.generate("surprise_me", params, seed=5)["parts"] != tools.generate("surprise_me", params, seed=6)["parts"]
    )


def test_cli_writes_a_midi_file(tmp_path):
    out = tmp_path / "idea.mid"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "generation.engine",
            "melody",
            "--genre",
            "trap",
            "--key",
            "C",
            "--scale",
            "minor",
            "--bpm",
            "140",
            "--seed",
            "7",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ENGINE.parents[1],
    )
    assert "trap C minor 140 BPM" in completed.stdout
    midi = mido.MidiFile(out)
    assert [t.name for t in midi.tracks] == ["Co-Prod AI", "melody", "chords"]
    bad = subprocess.run(
        [sys.executable, "-m", "generation.engine", "melody", "--bpm", "999"],
        capture_output=True,
        text=True,
        cwd=ENGINE.parents[1],
    )
    assert bad.returncode == 2 and "bpm must be 40-240" in bad.stderr


def test_the_engine_imports_nothing_from_django():
    for path in ENGINE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(
                n == "django" or n.startswith(("django.", "rest_framework", "channels", "celery")) for n in names
            ), f"{path.name} imports {names}"


@pytest.mark.parametrize("genre", ["trap", "house", "lofi", "boom_bap"])  # the last two swing
def test_musicxml_of_drums_is_a_percussion_staff_with_every_hit(genre):
    import xml.etree.ElementTree as ET

    from generation.engine import results, writers

    result = tools.generate("drums", tools.validate_parameters("drums", {"genre": genre, "length": 4}), seed=3)
    idea = results.idea_from_result(result)
    drums = next(p for p in idea.parts if p.is_drum)
    root = ET.fromstring(writers.idea_to_musicxml(idea))  # noqa: S314 - our own output
    parts = root.findall("part")
    assert len(parts) == 1 and len(parts[0].findall("measure")) == 4
    assert parts[0].find("measure/attributes/clef/sign").text == "percussion"
    written = [
        (n.find("unpitched/display-step").text + n.find("unpitched/display-octave").text)
        for n in parts[0].iter("note")
        if n.find("unpitched") is not None
    ]
    # Every hit of the MIDI is on the staff (none at the same instant twice), kicks on F4.
    assert len(written) == len(drums.notes) == len({(round(n.start * 8), n.pitch) for n in drums.notes})
    kicks = sum(1 for n in drums.notes if n.pitch in (35, 36))
    assert written.count("F4") == kicks > 0
    assert not any(n.find("pitch") is not None for n in parts[0].iter("note"))
    # No hit is written as tied pieces (a swung hit's 5/8 was two heads: one more hit to read), and
    # rests fill each bar to its length.
    assert not list(parts[0].iter("tie"))
    divisions = int(parts[0].find("measure/attributes/divisions").text)
    for measure in parts[0].findall("measure"):
        lengths = [int(n.find("duration").text) for n in measure.findall("note") if n.find("chord") is None]
        assert sum(lengths) == 4 * divisions


def test_musicxml_of_a_hat_roll_closer_than_a_32nd_keeps_every_hit():
    """A humanised triplet-32nd roll (0.08 beats apart) rounded two hits onto one 32nd step, and the
    second was dropped: a trap pattern's score had 72 of its 75 hits."""
    import xml.etree.ElementTree as ET

    from generation.engine import writers
    from generation.engine.types import Composition, Note

    roll = [11.5, 11.6305, 11.7116, 11.7913, 11.9207, 12.0002]
    notes = [Note(pitch=42, start=s, duration=0.1, velocity=90) for s in roll]
    notes += [
        Note(pitch=36, start=12.0, duration=0.25, velocity=110),
        Note(pitch=42, start=11.5, duration=0.1, velocity=60),
    ]
    idea = Composition(
        bpm=140, tonic=0, scale="minor", bars=4, parts=[Part(name="drums", program=0, notes=notes, is_drum=True)]
    )
    hits = writers.drum_hits(idea.parts[0])
    hat_steps = sorted(onset for onset, keys in hits.items() if 42 in keys)
    assert len(hat_steps) == len(roll)  # the doubled 11.5 is one hit; the roll keeps all six
    assert all(abs(onset - start) <= 0.25 for onset, start in zip(hat_steps, roll))  # near where they were played
    root = ET.fromstring(writers.idea_to_musicxml(idea))  # noqa: S314 - our own output
    written = [n for n in root.iter("note") if n.find("unpitched") is not None]
    assert len(written) == len(roll) + 1


@pytest.mark.parametrize("parts", [[], [Part(name="drums", program=0, notes=[], is_drum=True)]])
def test_musicxml_of_silent_music_is_a_valid_score_of_rests(parts):
    # An empty score has no <score-part>, which MusicXML does not allow (music21 warned "not
    # well-formed" while writing it); the idea's bars are written as one part of rests instead.
    import warnings
    import xml.etree.ElementTree as ET

    idea = Composition(bpm=100, tonic=0, scale="major", bars=2, parts=parts, time_signature=(3, 4))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        xml = writers.idea_to_musicxml(idea)
    assert [str(w.message) for w in caught] == []
    root = ET.fromstring(xml)  # noqa: S314 - our own output
    assert len(root.findall("part-list/score-part")) == 1
    measures = root.findall("part/measure")
    assert len(measures) == 2
    assert all(n.find("rest") is not None for n in root.iter("note"))
