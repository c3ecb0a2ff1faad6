"""Parts rendered note by note sound like one pass of FluidSynth, and lose no note.

FluidSynth's first 64-frame block of a voice depends on which voice slot it was given (an
amplitude ramp from the slot's last use), so two one-pass renders of the same notes can differ
there too; everywhere else the note-by-note render must be the one-pass render to float rounding.
"""

from __future__ import annotations

import numpy as np
import pytest

from generation.engine.audio import notes, synth
from generation.engine.audio.synth import BLOCK_FRAMES, SAMPLE_RATE, render_parts_checked
from generation.engine.types import Note, Part
from tests.engine.test_audio_synth import BPM, dense_part, missing_notes, seconds

SONG_BPM = 117.0  # onsets fall between block edges


def comped_chords() -> Part:
    chord = (57, 60, 64)
    comp = [Note(p, beat / 2, 0.45, 90 + (beat % 3)) for beat in range(32) for p in chord]
    # The same key struck again while it is still held: FluidSynth releases the first one then.
    overlapping = [Note(72, 4.0, 3.0, 100), Note(72, 5.0, 1.0, 100), Note(72, 5.0, 0.5, 80)]
    return Part("chords", 90, comp + overlapping)


def hats_and_kick() -> Part:
    # 46 open hi-hat, choked by 42 closed hi-hat (one exclusive class); 36 kick and 49 crash ring freely.
    hits = []
    for step in range(32):
        hits.append(Note(42 if step % 4 else 46, step / 2, 0.1, 100))
        if step % 2 == 0:
            hits.append(Note(36, step / 2, 0.1, 110))
    hits.append(Note(49, 0.0, 0.1, 120))
    return Part("drums", 0, hits, is_drum=True)


def onset_blocks(part: Part, bpm: float, frames: int) -> np.ndarray:
    """A mask of the frames in the first block of any note (where one-pass renders vary too)."""
    mask = np.zeros(frames, dtype=bool)
    for note in part.notes:
        start, _ = synth.note_frames(note, 60.0 / bpm * SAMPLE_RATE)
        first = -(-start // BLOCK_FRAMES) * BLOCK_FRAMES
        mask[first : first + BLOCK_FRAMES] = True
    return mask


def difference(part: Part, bpm: float, total: float) -> tuple[float, float]:
    """(largest difference outside onset blocks, difference energy in dB) against one FluidSynth pass."""
    one_pass = render_parts_checked([part], bpm, total)
    assert one_pass.voice_log.clean
    by_note = notes.render_part(part, bpm, total)
    assert by_note.shape == one_pass.samples.shape
    error = (by_note - one_pass.samples).astype(np.float64)
    outside = ~onset_blocks(part, bpm, error.shape[0])
    level = 10 * np.log10(np.mean(error**2) / np.mean(one_pass.samples.astype(np.float64) ** 2) + 1e-30)
    return float(np.abs(error[outside]).max()), float(level)


@pytest.mark.parametrize("make", [comped_chords, hats_and_kick])
def test_a_part_rendered_note_by_note_is_the_one_pass_render(make):
    part = make()
    largest, level = difference(part, SONG_BPM, 20.0)
    assert largest < 1e-5
    assert level < -60


def test_exclusive_classes_are_rendered_together(monkeypatch):
    # The check above can fail: rendered alone, an open hi-hat rings on where a closed one chokes it.
    part = hats_and_kick()
    monkeypatch.setattr(synth._Synth, "exclusive", lambda self, *key: False)
    monkeypatch.setattr(synth, "_exclusive_notes", {})
    largest, level = difference(part, SONG_BPM, 20.0)
    assert largest > 1e-3
    assert level > -40


def test_a_key_struck_again_while_held_is_released_then(monkeypatch):
    # Without the cut, the first long note would keep sounding under the second.
    part = Part("chords", 0, [Note(72, 0.0, 4.0, 100), Note(72, 1.0, 1.0, 100)])
    # The second starts at frame 44,100, in block 690 (689.06 rounded up): the first is held 690 blocks.
    groups = notes.note_groups(part, part.notes, 60.0, 10 * SAMPLE_RATE)
    assert [(g.held_blocks, g.onsets) for g in groups] == [(690, (0,)), (689, (690,))]
    largest, _ = difference(part, 60.0, 6.0)
    assert largest < 1e-5


def test_each_distinct_note_is_synthesised_once(monkeypatch):
    part = comped_chords()
    calls = []
    original = synth._Synth.render_note

    def counting(self, *args):
        calls.append(args[2:5])
        return original(self, *args)

    monkeypatch.setattr(synth._Synth, "render_note", counting)
    notes.render_part(part, SONG_BPM, 20.0)
    groups = notes.note_groups(part, part.notes, SONG_BPM, round(21 * SAMPLE_RATE))
    assert len(part.notes) == 99
    assert len(calls) == len(set(calls)) == len(groups) <= 20
    assert {(pitch, velocity) for pitch, velocity, _ in calls} == {(n.pitch, n.velocity) for n in part.notes}


def test_a_dense_part_loses_no_note():
    part = dense_part()
    with synth.fluid.capture_voice_log(keep_keys=True) as log:
        rendered = notes.render_part(part, BPM, seconds(part))
    assert (log.dropped, log.stolen) == (0, 0)
    assert missing_notes(part, rendered) == []


def test_a_heavy_part_is_dealt_out_over_the_threads():
    heavy, light = comped_chords(), Part("bass", 33, [Note(33, 0.0, 1.0, 90)])
    jobs = notes.note_jobs([heavy, light], SONG_BPM, 20.0, threads=2)
    assert [job.part.name for job in jobs] == ["chords", "chords", "bass"]
    assert abs(jobs[0].cost - jobs[1].cost) < 0.2 * jobs[0].cost
    groups = [g for job in jobs[:2] for g in job.groups]
    assert len(groups) == len({(g.pitch, g.velocity, g.held_blocks) for g in groups})
    assert sorted(o for g in groups for o in g.onsets) == sorted(
        o for g in notes.note_groups(heavy, heavy.notes, SONG_BPM, 21 * SAMPLE_RATE) for o in g.onsets
    )


def test_velocities_are_rendered_in_steps_of_four_and_the_level_barely_moves(monkeypatch):
    """A humanised part's velocities 1-2 apart are one synthesis, and 2 velocities off cost under 0.7 dB."""
    from generation.engine.audio import render
    from generation.engine.types import Composition

    calls = []
    original = synth._Synth.render_note

    def counting(self, *args):
        calls.append(args[2:5])
        return original(self, *args)

    monkeypatch.setattr(synth._Synth, "render_note", counting)
    hits = [Note(60, beat, 0.5, velocity) for beat, velocity in zip(range(16), [78, 79, 80, 81] * 4, strict=True)]
    idea = Composition(bpm=120, tonic=0, scale="major", bars=4, parts=[Part("chords", 90, hits)])
    render.render_stems(idea)
    assert {velocity for _, velocity, _ in calls} == {80}  # 78-81 -> 80: one note synthesised
    assert [render.rendered_velocity(v) for v in (1, 2, 3, 62, 63, 64, 126, 127)] == [1, 1, 4, 64, 64, 64, 127, 127]

    def level(velocity: int) -> float:
        part = Part("chords", 90, [Note(60, 0.0, 1.0, velocity)])
        audio = render_parts_checked([part], 120, 2.0).samples
        return float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))

    assert 0.1 < abs(20 * np.log10(level(62) / level(64))) < 0.7  # 40 log10(64/62) = 0.55 dB
