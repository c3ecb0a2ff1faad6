"""Whole tracks, short ones: every file decodes and says what it is, stems add up, scores match the request.

Two real builds (FluidSynth, Festival, ffmpeg, LAME, rsvg-convert), made once per module: a 20-second
instrumental house track in every format at ``high`` quality, and a 20-second sung pop track at
``standard`` quality.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import wave

import mido
import numpy as np
import pytest
from music21 import converter, harmony, key, tempo

from generation.engine.errors import EngineDependencyError
from generation.engine.track import TrackBuild, build_track, validate_track_parameters
from generation.engine.track.chart import bar_symbols

ALL_FORMATS = ["wav", "mp3", "flac", "ogg", "midi", "musicxml", "pdf"]
INSTRUMENTAL = {
    "genre": "electronic",
    "subgenre": "house",
    "mood": "energetic",
    "tempo": 124,
    "key": "F_minor",
    "duration": 20,
    "instrumental": True,
    "primary_instruments": ["synth_bass", "electric_piano", "drum_machine"],
    "output_formats": ALL_FORMATS,
    "audio_quality": "high",
}
VOCAL = {
    "genre": "pop",
    "mood": "melancholic",
    "tempo": 120,
    "key": "A_minor",
    "duration": 20,
    "lyrics": {"enabled": True, "theme": "rainy_city", "language": "en", "style": "storytelling"},
    "output_formats": ["wav", "mp3", "ogg", "midi", "musicxml", "pdf"],
    "audio_quality": "standard",
}

needs_programs = pytest.mark.skipif(
    any(shutil.which(p) is None for p in ("ffmpeg", "text2wave", "rsvg-convert", "pdfinfo", "pdftotext")),
    reason="needs ffmpeg, festival, librsvg2-bin and poppler-utils (make system-deps)",
)
pytestmark = needs_programs


@pytest.fixture(scope="module")
def instrumental() -> TrackBuild:
    return build_track(validate_track_parameters(INSTRUMENTAL), seed=5)


@pytest.fixture(scope="module")
def vocal() -> tuple[TrackBuild, list[tuple[int, str]]]:
    stages: list[tuple[int, str]] = []
    build = build_track(
        validate_track_parameters(VOCAL), seed=3, title="Rain Test", progress=lambda p, s: stages.append((p, s))
    )
    return build, stages


def _decode(data: bytes) -> np.ndarray:
    """Any audio file as (frames, 2) float samples, decoded by ffmpeg."""
    completed = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "s16le", "-ac", "2", "-ar", "44100", "pipe:1"],
        input=data,
        capture_output=True,
        check=True,
    )
    return np.frombuffer(completed.stdout, dtype="<i2").reshape(-1, 2).astype(np.float64) / 32768


def _wav(data: bytes) -> tuple[np.ndarray, int, int]:
    """(samples, sample rate, bit depth) of a 16- or 24-bit WAV."""
    with wave.open(io.BytesIO(data)) as reader:
        width, rate, frames = reader.getsampwidth(), reader.getframerate(), reader.readframes(reader.getnframes())
    raw = np.frombuffer(frames, dtype=np.uint8).reshape(-1, width)
    if width == 3:
        padded = np.zeros((raw.shape[0], 4), dtype=np.uint8)
        padded[:, 1:] = raw
        values = padded.view("<i4").reshape(-1).astype(np.float64) / 2**31
    else:
        values = raw.reshape(-1).view("<i2").astype(np.float64) / 32768
    return values.reshape(-1, 2), rate, 8 * width


def test_every_requested_file_is_there_with_its_facts(instrumental):
    formats = [f.format for f in instrumental.audio_files]
    assert formats == ["wav", "mp3", "flac", "ogg", "midi"]
    assert {fmt: instrumental.file(fmt).format for fmt in ALL_FORMATS} == {fmt: fmt for fmt in ALL_FORMATS}
    seconds = instrumental.metadata["duration"]
    assert seconds == pytest.approx(instrumental.idea.duration_seconds + 1.0, abs=0.001)  # the 1 s release tail
    wav = instrumental.file("wav")
    assert wav.facts() == {
        "format": "wav",
        "size_bytes": len(wav.data),
        "bit_depth": 24,
        "sample_rate": 44100,
        "bitrate_kbps": 2117,
        "channels": 2,
        "duration": seconds,
    }
    assert instrumental.file("mp3").bitrate_kbps == 320
    assert instrumental.file("flac").bit_depth == 16
    assert instrumental.file("midi").track_count == len(
        mido.MidiFile(file=io.BytesIO(instrumental.file("midi").data)).tracks
    )


@pytest.mark.parametrize("fmt", ["mp3", "flac", "ogg"])
def test_compressed_files_decode_to_the_mix(instrumental, fmt):
    reference, _, _ = _wav(instrumental.file("wav").data)
    decoded = _decode(instrumental.file(fmt).data)
    assert decoded.shape[0] / 44100 == pytest.approx(instrumental.metadata["duration"], abs=0.06)
    assert instrumental.file(fmt).duration == instrumental.metadata["duration"]
    if fmt == "flac":  # lossless 16-bit: the encoder truncates x * 32767, read back as / 32768
        assert np.abs(decoded[: reference.shape[0]] - reference).max() < 2.0 / 32768
    else:
        level = np.sqrt(np.mean(decoded**2)) / np.sqrt(np.mean(reference**2))
        assert level == pytest.approx(1.0, abs=0.05)


def test_wav_is_24_bit_at_high_and_16_bit_at_standard(instrumental, vocal):
    assert _wav(instrumental.file("wav").data)[1:] == (44100, 24)
    assert _wav(vocal[0].file("wav").data)[1:] == (44100, 16)
    assert vocal[0].file("mp3").bitrate_kbps == 192


def test_stems_are_grouped_and_add_up_to_the_mix(instrumental):
    played = {p.name for p in instrumental.idea.parts if p.notes}
    assert played == {"drums", "bass", "melody", "chords", "pad", "arp"}  # house drops have no counter-melody
    assert [(s.name, s.label, s.parts) for s in instrumental.stems] == [
        ("drums", "Drums", ("drums",)),
        ("bass", "Bass", ("bass",)),
        ("melody", "Melody", ("melody",)),
        ("chords", "Chords", ("chords", "pad", "arp")),
    ]
    mix, _, _ = _wav(instrumental.file("wav").data)
    stems = [_wav(s.file.data) for s in instrumental.stems]
    assert {(rate, depth) for _, rate, depth in stems} == {(44100, 16)}
    assert max(np.abs(samples).max() for samples, _, _ in stems) <= 0.99  # no stem clips its WAV
    total = sum(samples for samples, _, _ in stems)
    assert total.shape == mix.shape
    # Each 16-bit stem is rounded on its own: four half-steps of 1/32768 at most, plus the mix's own.
    assert np.abs(total - mix).max() < 5 / 32768
    assert all(np.sqrt(np.mean(samples**2)) > 1e-3 for samples, _, _ in stems)


def test_the_midi_has_the_requested_tempo_key_programs_and_bars(instrumental):
    midi = mido.MidiFile(file=io.BytesIO(instrumental.file("midi").data))
    conductor = list(midi.tracks[0])
    (set_tempo,) = [m for m in conductor if m.type == "set_tempo"]
    (signature,) = [m for m in conductor if m.type == "key_signature"]
    assert mido.tempo2bpm(set_tempo.tempo) == pytest.approx(124, abs=1e-3)
    assert signature.key == "Fm"
    bars = round(20 * 124 / 240)
    assert instrumental.metadata["bars"] == instrumental.idea.bars == bars == 10
    assert sum(m.time for m in conductor) == bars * 4 * midi.ticks_per_beat
    programs = {
        track.name: next(m.program for m in track if m.type == "program_change")
        for track in midi.tracks[1:]
        if any(m.type == "program_change" for m in track)
    }
    assert programs["bass"] == 38 and programs["chords"] == 4
    assert max(m.channel for t in midi.tracks for m in t if m.type == "note_on" and t.name == "drums") == 9


def test_the_musicxml_reads_back_with_key_tempo_bars_and_chords(instrumental):
    score = converter.parseData(instrumental.chord_chart["musicxml"].data.decode("utf-8"), format="musicxml")
    first = score.parts[0]
    assert len(first.getElementsByClass("Measure")) == 10
    assert first.flatten().getElementsByClass(key.KeySignature)[0].sharps == -4  # F minor: four flats
    assert first.flatten().getElementsByClass(tempo.MetronomeMark)[0].number == 124
    symbols = first.flatten().getElementsByClass(harmony.ChordSymbol)
    assert len(symbols) == len(instrumental.idea.chords)
    assert [float(s.offset) for s in symbols] == [c.start_bar * 4 for c in instrumental.idea.chords]
    assert {p.partName for p in score.parts} == {
        p.name.replace("_", " ").title() for p in instrumental.idea.parts if not p.is_drum and p.notes
    }
    for part in score.parts:
        assert part.quarterLength == 40.0


def test_the_chord_chart_pdf_opens_and_shows_the_chords(instrumental, tmp_path):
    pdf = instrumental.chord_chart["pdf"]
    assert pdf.data.startswith(b"%PDF-") and pdf.data.rstrip().endswith(b"%%EOF")
    path = tmp_path / "chart.pdf"
    path.write_bytes(pdf.data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1) == str(pdf.page_count) == "1"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert instrumental.title in text and "F minor · 124 BPM · 4/4 · 10 bars" in text
    for symbol in {c.symbol for c in instrumental.idea.chords}:
        assert symbol in text
    assert bar_symbols(instrumental.idea.chords, 10)[0] == [instrumental.idea.chords[0].symbol]


def test_metrics_are_measured_from_the_audio(instrumental):
    metrics = instrumental.quality_metrics
    audio = metrics["audio"]
    assert audio["clipped_sample_share"] == 0.0
    # -14 LUFS, less the common gain that keeps every stem under full scale (0 dB when none would clip).
    assert -1.5 <= audio["stem_headroom_gain_db"] <= 0.0
    assert audio["loudness_lufs"] == pytest.approx(-14.0 + audio["stem_headroom_gain_db"], abs=0.3)
    assert audio["peak_dbfs"] <= -0.99
    assert audio["silent_stems"] == []
    components = audio["components"]
    assert metrics["audio_fidelity"] == pytest.approx(
        0.40 * components["no_clipping"] + 0.35 * components["loudness_fit"] + 0.25 * components["stems_audible"],
        abs=0.002,
    )
    parts = [metrics[n] for n in ("melodic_coherence", "harmonic_consistency", "rhythmic_stability", "audio_fidelity")]
    assert metrics["overall_quality"] == pytest.approx(sum(parts) / 4, abs=0.002)
    assert metrics["audio_fidelity"] >= 0.95


def test_a_clipped_mix_or_a_lost_stem_lowers_audio_fidelity(instrumental):
    from generation.engine.track.fidelity import audio_fidelity

    mix, _, _ = _wav(instrumental.file("wav").data)
    stems = {s.name: _wav(s.file.data)[0].astype(np.float32) for s in instrumental.stems}
    names = set(stems)
    clean = audio_fidelity(mix.astype(np.float32), stems, names, 44100)
    clipped = audio_fidelity(np.clip(mix * 4, -1, 1).astype(np.float32), stems, names, 44100)
    assert clean["audio_fidelity"] >= 0.95
    assert clipped["components"]["no_clipping"] == 0.0
    assert clipped["audio_fidelity"] < 0.5
    silent = audio_fidelity(mix.astype(np.float32), {**stems, "bass": np.zeros_like(stems["bass"])}, names, 44100)
    assert silent["silent_stems"] == ["bass"]
    assert silent["components"]["stems_audible"] == 0.75
    assert silent["audio_fidelity"] == pytest.approx(clean["audio_fidelity"] - 0.25 * 0.25, abs=0.002)


def test_an_instrumental_has_no_lyrics_or_vocals(instrumental):
    assert instrumental.lyrics is None
    assert (instrumental.metadata["instrumental"], instrumental.metadata["has_lyrics"]) == (True, False)
    assert instrumental.idea.part("vocals") is None


def test_a_sung_track_has_five_stems_lyrics_and_timestamps(vocal):
    build, _ = vocal
    assert [s.name for s in build.stems] == ["drums", "bass", "melody", "chords", "vocals"]
    assert build.title == "Rain Test" and build.metadata["has_lyrics"] is True
    voice, _, _ = _wav(build.stems[-1].file.data)
    assert 20 * np.log10(np.sqrt(np.mean(voice**2))) > -40
    lyrics = build.lyrics
    lines = lyrics["text"].split("\n")
    # A 20-second song has two bars per section: one sung line in each section with words.
    assert (lyrics["sung_lines"], len(lines)) == (4, 4)
    assert lyrics["written_lines"] > lyrics["sung_lines"]
    assert [t["text"] for t in lyrics["timestamps"]] == lines
    music = build.idea.duration_seconds
    assert all(0 <= t["start"] < t["end"] <= music for t in lyrics["timestamps"])
    assert [t["start"] for t in lyrics["timestamps"]] == sorted(t["start"] for t in lyrics["timestamps"])
    assert lyrics["formatted"] == "\n\n".join(
        f"[{heading}]\n{line}"
        for heading, line in zip(("Verse 1", "Pre-Chorus", "Chorus", "Outro"), lines, strict=True)
    )
    assert (lyrics["theme"], lyrics["style"], lyrics["language"], lyrics["sung"]) == (
        "rainy_city",
        "storytelling",
        "en",
        True,
    )


def test_the_melody_rests_while_the_voice_sings(vocal):
    build, _ = vocal
    vocals = build.idea.part("vocals")
    melody = build.idea.part("melody")
    assert vocals is not None and vocals.notes
    starts = {round(n.start, 3) for n in vocals.notes}
    assert melody is None or not any(round(n.start, 3) in starts for n in melody.notes)


def test_the_musicxml_carries_the_sung_lyrics(vocal):
    build, _ = vocal
    score = converter.parseData(build.chord_chart["musicxml"].data.decode("utf-8"), format="musicxml")
    assert score.parts[0].partName == "Vocals"
    sung = [n.lyric for n in score.parts[0].flatten().notes if n.lyric]
    assert sung == [s.rstrip("-") for s in _syllables(build)]
    assert len(sung) == len(build.idea.part("vocals").notes)


def _syllables(build: TrackBuild) -> list[str]:
    from generation.engine.lyrics.writer import line_syllables

    return [s for line in build.lyrics["text"].split("\n") for s in line_syllables(line)]


def test_progress_is_reported_in_order(vocal):
    _, stages = vocal
    assert [p for p, _ in stages] == [5, 10, 20, 60, 70, 95]
    assert stages[0] == (5, "composing") and stages[-1] == (95, "scoring")


def test_a_missing_rsvg_convert_is_a_clear_error(monkeypatch):
    from generation.engine.track import chart

    monkeypatch.setattr(chart.shutil, "which", lambda name: None)
    with pytest.raises(EngineDependencyError, match="librsvg2-bin"):
        chart.svg_to_pdf(["<svg xmlns='http://www.w3.org/2000/svg'/>"])


def test_the_command_line_writes_every_file(tmp_path):
    from generation.engine.track.__main__ import main

    raw = {"genre": "lofi", "duration": 10, "instrumental": True, "output_formats": ["mp3", "midi"]}
    assert main(["--params", json.dumps(raw), "--out", str(tmp_path / "ok"), "--title", "Short"]) == 0
    assert sorted(p.name for p in (tmp_path / "ok").iterdir()) == [
        "stem_bass.wav",
        "stem_chords.wav",
        "stem_drums.wav",
        "stem_melody.wav",
        "summary.json",
        "track.mid",
        "track.mp3",
        "track.musicxml",
        "track.pdf",
    ]
    summary = json.loads((tmp_path / "ok" / "summary.json").read_text())
    assert summary["title"] == "Short" and [f["format"] for f in summary["audio_files"]] == ["mp3", "midi"]


def test_the_command_line_refuses_bad_parameters_and_writes_nothing(tmp_path, capsys):
    from generation.engine.track.__main__ import main

    assert main(["--params", '{"genre": "pop", "tempo": 300}', "--out", str(tmp_path / "bad")]) == 2
    assert "Invalid parameter: tempo must be between 40 and 240" in capsys.readouterr().err
    assert not (tmp_path / "bad").exists()
