"""Melodies and counter-melodies judged as music: key, bars, chord tones, steps, phrases, counterpoint rules."""

from __future__ import annotations

import pytest

from generation.engine.chords import compose_chords
from generation.engine.counter_melody import compose_counter_melody, heard_at, parallel_perfects
from generation.engine.genres import GENRES
from generation.engine.melody import compose_melody
from generation.engine.metrics import chord_tone_ratio, repetition_structure, stepwise_ratio
from generation.engine.theory import Key


def _melody(genre="trap", key=Key(0, "minor"), bars=8, seed=1, **kwargs):
    chords = compose_chords(key=key, genre=genre, bars=bars, seed=seed)
    return compose_melody(key=key, genre=genre, chords=chords, bars=bars, seed=seed, **kwargs), chords


@pytest.mark.parametrize("genre", sorted(GENRES))
def test_melodies_are_in_key_in_bars_on_chord_tones_stepwise_and_motivic(genre):
    steps, repeats = [], []
    for seed in range(1, 7):
        key = Key((seed * 5) % 12, GENRES[genre].scales[0])
        melody, chords = _melody(genre, key, 8, seed)
        notes = melody.notes
        assert notes
        assert all(key.contains(n.pitch) for n in notes)
        assert min(n.start for n in notes) >= 0
        assert max(n.start + n.duration for n in notes) <= 32 + 1e-9
        assert chord_tone_ratio(notes, chords) >= 0.7
        steps.append(stepwise_ratio(notes))
        repeats.append(repetition_structure(notes, 8))
    # Averages over seeds: sparse genres (ambient, cinematic) have few notes per phrase.
    assert sum(steps) / len(steps) >= 0.5
    assert sum(repeats) / len(repeats) >= 0.2  # motifs come back


@pytest.mark.parametrize("octave_range", [1, 2, 3])
def test_register_stays_within_the_octave_range(octave_range):
    for seed in range(10):
        melody, _ = _melody(seed=seed, octave_range=octave_range)
        pitches = [n.pitch for n in melody.notes]
        assert max(pitches) - min(pitches) <= 12 * octave_range


def test_phrases_breathe_and_the_melody_ends_on_the_tonic():
    for seed in range(10):
        melody, _ = _melody(seed=seed)
        notes = sorted(melody.notes, key=lambda n: n.start)
        assert notes[-1].pitch % 12 == 0
        for boundary in (8.0, 16.0, 24.0):
            before = [n for n in notes if n.start < boundary]
            assert before[-1].start + before[-1].duration < boundary - 0.05, "a rest before each new phrase"


def test_leaps_are_recovered_by_a_step_the_other_way():
    recovered = total = 0
    for seed in range(20):
        notes = sorted(_melody(seed=seed)[0].notes, key=lambda n: n.start)
        for a, b, c in zip(notes, notes[1:], notes[2:]):
            leap = b.pitch - a.pitch
            if abs(leap) > 5:
                total += 1
                recovered += (c.pitch - b.pitch) * leap <= 0
    assert total == 0 or recovered / total >= 0.6


def test_same_seed_same_melody_other_seed_other_melody():
    first, _ = _melody(seed=42)
    again, _ = _melody(seed=42)
    other, _ = _melody(seed=43)
    assert first.notes == again.notes
    assert first.notes != other.notes


def test_density_follows_note_density():
    sparse = sum(len(_melody(seed=s, note_density=0.0)[0].notes) for s in range(5))
    dense = sum(len(_melody(seed=s, note_density=1.0)[0].notes) for s in range(5))
    assert dense > sparse * 1.2


@pytest.mark.parametrize("seed", range(15))
def test_counterpoint_has_no_parallel_fifths_or_octaves(seed):
    key = Key(9, "minor")
    melody, chords = _melody("pop", key, 8, seed)
    counter = compose_counter_melody(key=key, melody=melody.notes, chords=chords, style="counterpoint", seed=seed)
    assert counter.notes
    assert parallel_perfects(melody.notes, counter.notes) == 0
    assert all(key.contains(n.pitch) for n in counter.notes)
    for note in counter.notes:
        heard = heard_at(melody.notes, note.start)
        assert heard is None or heard.pitch > note.pitch, "the counter line stays below the melody"


def test_harmony_style_moves_in_thirds_and_sixths_below():
    key = Key(0, "major")
    melody, _ = _melody("pop", key, 4, 3)
    counter = compose_counter_melody(key=key, melody=melody.notes, style="harmony", seed=1)
    assert len(counter.notes) == len(melody.notes)
    for upper, lower in zip(melody.notes, counter.notes):
        assert upper.start == lower.start
        assert upper.pitch - lower.pitch in (3, 4, 8, 9)


def test_call_and_response_answers_in_the_gaps():
    key = Key(0, "major")
    melody, _ = _melody("pop", key, 8, 3)
    counter = compose_counter_melody(key=key, melody=melody.notes, style="call_response", seed=1)
    assert counter.notes
    onsets = {round(n.start, 4) for n in melody.notes}
    assert sum(round(n.start, 4) not in onsets for n in counter.notes) / len(counter.notes) >= 0.8
