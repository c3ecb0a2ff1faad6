"""No dropped notes: FluidSynth's voice pool is sized for the part, its log is watched, every onset sounds.

The dense part is clusters of 40 piano notes (80 voices) eight times a bar, each cluster's notes
a whole tone apart. Its onsets fall on FluidSynth's 64-frame block edges, so the whole render must
equal the sum of each note rendered on its own: a dropped note leaves its own render, with the
opposite sign, in the difference at its onset.
"""

from __future__ import annotations

import numpy as np
import pytest

from generation.engine.audio import synth
from generation.engine.audio.synth import SAMPLE_RATE, render_parts_checked
from generation.engine.types import Note, Part

FRAMES_PER_BEAT = 20480  # a multiple of FluidSynth's 64-frame block
BPM = SAMPLE_RATE * 60 / FRAMES_PER_BEAT
CLUSTER_BEATS = 0.5
LOW_SET = tuple(range(28, 108, 2))  # 40 keys
HIGH_SET = tuple(range(29, 109, 2))
CLUSTERS = 8
ONSET_WINDOW = SAMPLE_RATE // 10


def dense_part() -> Part:
    notes = [
        Note(pitch, index * CLUSTER_BEATS, CLUSTER_BEATS, 100)
        for index in range(CLUSTERS)
        for pitch in (LOW_SET if index % 2 == 0 else HIGH_SET)
    ]
    return Part("chords", 0, notes)


def seconds(part: Part) -> float:
    return max(n.end for n in part.notes) * 60 / BPM


def missing_notes(part: Part, rendered: np.ndarray) -> list[Note]:
    """Notes whose own render is absent from ``rendered`` at their onset."""
    solo_cache: dict[tuple[int, float, int], np.ndarray] = {}
    reference = np.zeros_like(rendered)
    for note in part.notes:
        key = (note.pitch, note.duration, note.velocity)
        if key not in solo_cache:
            alone = Part(part.name, part.program, [Note(note.pitch, 0.0, note.duration, note.velocity)])
            solo_cache[key] = render_parts_checked([alone], BPM, note.duration * 60 / BPM).samples
        start = round(note.start * FRAMES_PER_BEAT)
        solo = solo_cache[key][: reference.shape[0] - start]
        reference[start : start + solo.shape[0]] += solo
    residual = rendered - reference
    missing = []
    for note in part.notes:
        start = round(note.start * FRAMES_PER_BEAT)
        window = slice(start, start + ONSET_WINDOW)
        solo = solo_cache[(note.pitch, note.duration, note.velocity)][:ONSET_WINDOW]
        # How much of the note's own sound the difference holds: about -1 if it is missing, 0 if it is there.
        share = float(np.sum(residual[window] * solo) / np.sum(solo * solo))
        if share < -0.5:
            missing.append(note)
    return missing


@pytest.fixture(scope="module")
def part() -> Part:
    return dense_part()


def test_a_dense_part_loses_no_voice_and_every_onset_sounds(part):
    rendered = render_parts_checked([part], BPM, seconds(part))

    assert rendered.polyphony == 2048  # 440 notes ring at once at most, 4 voices each
    assert (rendered.voice_log.dropped, rendered.voice_log.stolen, rendered.voice_log.dropped_keys) == (0, 0, [])
    assert missing_notes(part, rendered.samples) == []
    assert rendered.samples.shape == (round((seconds(part) + synth.RELEASE_SECONDS) * SAMPLE_RATE), 2)


def test_a_pool_too_small_is_caught_in_the_log_and_in_the_audio(part):
    # The check above can fail: with 64 voices FluidSynth drops the top of every cluster and says so.
    rendered = render_parts_checked([part], BPM, seconds(part), polyphony=64)

    missing = missing_notes(part, rendered.samples)
    assert rendered.voice_log.dropped == 64
    assert [(0, n.pitch) for n in missing] == rendered.voice_log.dropped_keys
    assert [n.pitch for n in missing[:8]] == [92, 94, 96, 98, 100, 102, 104, 106]


def test_the_old_pool_of_128_voices_cuts_notes_short(part):
    rendered = render_parts_checked([part], BPM, seconds(part), polyphony=128)

    assert rendered.voice_log.dropped == 0
    assert rendered.voice_log.stolen == 512


def test_an_undersized_estimate_is_rendered_again_with_a_larger_pool(part, monkeypatch):
    monkeypatch.setattr(synth, "MIN_POLYPHONY", 16)
    monkeypatch.setattr(synth, "VOICES_PER_NOTE", 0)

    rendered = render_parts_checked([part], BPM, seconds(part))

    assert rendered.polyphony == 1024  # 16 and 64 drop notes, 256 steals voices, 1024 is clean
    assert rendered.voice_log.clean
    assert missing_notes(part, rendered.samples) == []


def test_polyphony_is_sized_from_the_notes_that_ring_at_once():
    # At 60 BPM a beat is a second; each melodic note rings 2 s after its note-off.
    staggered = Part("melody", 0, [Note(60 + i, float(i), 1.0) for i in range(3)])
    assert synth.sounding_notes_peak([staggered], 60.0) == 3
    assert synth.polyphony_for([staggered], 60.0) == 256

    cluster = Part("chords", 0, [Note(30 + i, 0.0, 1.0) for i in range(100)])
    drums = Part("drums", 0, [Note(36, float(i), 0.25) for i in range(10)], is_drum=True)
    # Drum hits ring 4 s: at 4 s hits 0-4 still ring, and the cluster (0-3 s) has ended.
    assert synth.sounding_notes_peak([drums], 60.0) == 5
    assert synth.sounding_notes_peak([cluster, drums], 60.0) == 103
    assert synth.polyphony_for([cluster, drums], 60.0) == 512


def test_notes_after_the_end_are_not_played_at_the_last_frame():
    # The old renderer sent every late note-on at the final frame: hundreds of voices at once.
    late = Part("chords", 0, [Note(40 + i % 40, 8.0 + i / 100, 1.0) for i in range(400)])
    rendered = render_parts_checked([late], 120.0, 1.0, polyphony=64)

    assert rendered.voice_log.clean
    assert not rendered.samples.any()


FIRST_SYNTHS_AT_ONCE = """
import logging, sys, threading
records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append(record.getMessage())
logging.getLogger("generation.engine.audio.fluidsynth").addHandler(Keep())
from generation.engine.audio import synth
barrier = threading.Barrier(8)
def make():
    barrier.wait()
    synth._Synth(str(synth.find_soundfont()))
threads = [threading.Thread(target=make) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("incomplete synths:", len(records))
"""


@pytest.mark.parametrize("attempt", range(3))
def test_render_threads_making_their_first_synths_at_once_get_whole_synths(attempt):
    # Without the creation lock about one run in three logs "Modulator with source 1 none": a synth
    # without its default modulators (velocity would not change the volume). It needs a fresh process.
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    completed = subprocess.run(
        [sys.executable, "-c", FIRST_SYNTHS_AT_ONCE], cwd=root, capture_output=True, text=True, check=True
    )
    # pyfluidsynth may print where it found the library first; only our line counts.
    (line,) = [line for line in completed.stdout.splitlines() if line.startswith("incomplete synths:")]
    assert line == "incomplete synths: 0"
