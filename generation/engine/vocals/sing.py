"""Festival's singing mode sings the vocal melody: one Festival run per song, then aligned to the grid.

The whole song goes to ``text2wave -mode singing`` as one SINGING document (a PITCH/DURATION
element per word, one note per syllable, RESTs between lines), because Festival's start-up (about
a second) dominates its work. Festival treats A5 as 440 Hz, so pitches are written as frequencies.
Its durations drift, so the output is cut at the silences between lines and every line is placed at
its exact start time on the beat grid (a line's onset is where its energy first rises). The result is
resampled from 16 kHz to 44.1 kHz (scipy's polyphase resampler) and returned as a stereo stem.
A missing Festival is an :class:`EngineDependencyError`, never a silent stem.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np

from ..errors import EngineDependencyError
from .melody import VocalPart

SAMPLE_RATE = 44100
FESTIVAL_RATE = 16000
DTD_CANDIDATES = ("/usr/share/sgml/festival/Singing.v0_1.dtd", "/usr/share/festival/Singing.v0_1.dtd")
LINE_GAP_SECONDS = 0.6
FRAME = 160  # 10 ms at 16 kHz


def _frequency(pitch: int) -> float:
    return 440.0 * 2 ** ((pitch - 69) / 12)


def _document(vocals: VocalPart) -> str:
    seconds_per_beat = 60.0 / vocals.bpm
    body = []
    for line in vocals.lines:
        words: list[tuple[str, list[float], list[float]]] = []
        for syllable, note in zip(line.syllables, line.notes, strict=True):
            duration = note.duration * seconds_per_beat
            if words and words[-1][0].endswith("-"):
                text, freqs, durations = words[-1]
                words[-1] = (text[:-1] + syllable, [*freqs, _frequency(note.pitch)], [*durations, duration])
            else:
                words.append((syllable, [_frequency(note.pitch)], [duration]))
        for text, freqs, durations in words:
            body.append(
                f'<PITCH FREQ="{",".join(f"{f:.2f}" for f in freqs)}">'
                f'<DURATION SECONDS="{",".join(f"{d:.3f}" for d in durations)}">{escape(text.rstrip("-"))}'
                "</DURATION></PITCH>"
            )
        body.append(f'<REST SECONDS="{LINE_GAP_SECONDS}"></REST>')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE SINGING PUBLIC "-//SINGING//DTD SINGING mark up//EN" '
        '"Singing.v0_1.dtd" []>\n<SINGING BPM="60">\n' + "\n".join(body) + "\n</SINGING>\n"
    )


def _run_festival(document: str) -> np.ndarray:
    text2wave = shutil.which("text2wave")
    dtd = next((Path(p) for p in DTD_CANDIDATES if Path(p).is_file()), None)
    if text2wave is None or dtd is None:
        raise EngineDependencyError("Festival is required for sung vocals: apt-get install festival festvox-kallpc16k")
    with tempfile.TemporaryDirectory() as folder:
        song, out = Path(folder) / "song.xml", Path(folder) / "song.wav"
        song.write_text(document)
        shutil.copy(dtd, Path(folder) / "Singing.v0_1.dtd")
        completed = subprocess.run(  # noqa: S603 - fixed program, our own files
            [text2wave, "-mode", "singing", str(song), "-o", str(out)],
            capture_output=True,
            cwd=folder,
            timeout=300,
        )
        if completed.returncode != 0 or not out.exists():
            raise EngineDependencyError(f"Festival could not sing: {completed.stderr.decode(errors='replace')[:300]}")
        with wave.open(str(out)) as audio:
            rate = audio.getframerate()
            frames = np.frombuffer(audio.readframes(audio.getnframes()), dtype="<i2").astype(np.float32) / 32768
    if rate != FESTIVAL_RATE:
        raise EngineDependencyError(f"Unexpected Festival sample rate {rate}")
    return frames


def _segments(signal: np.ndarray, count: int) -> list[tuple[int, int]]:
    """(start, end) samples of the ``count`` sung lines, split at the longest silences."""
    frames = len(signal) // FRAME
    energy = np.sqrt(np.mean(signal[: frames * FRAME].reshape(frames, FRAME) ** 2, axis=1))
    voiced = energy > max(0.01, 0.05 * float(energy.max()))
    runs, start = [], None
    for i, v in enumerate(voiced):
        if v and start is None:
            start = i
        elif not v and start is not None:
            runs.append([start, i])
            start = None
    if start is not None:
        runs.append([start, frames])
    # Merge the runs at the shortest gaps until one run per line remains (gaps inside a line are short).
    while len(runs) > count:
        gaps = [runs[i + 1][0] - runs[i][1] for i in range(len(runs) - 1)]
        i = int(np.argmin(gaps))
        runs[i : i + 2] = [[runs[i][0], runs[i + 1][1]]]
    return [(a * FRAME, b * FRAME) for a, b in runs]


def sing(vocals: VocalPart, total_seconds: float) -> np.ndarray:
    """The vocal stem: (frames, 2) float32 at 44.1 kHz, ``total_seconds`` long, each line on its beat."""
    from scipy.signal import resample_poly

    if not vocals.lines:
        raise EngineDependencyError("There are no lyric lines to sing")
    raw = _run_festival(_document(vocals))
    segments = _segments(raw, len(vocals.lines))
    stem = np.zeros(round(total_seconds * SAMPLE_RATE) + SAMPLE_RATE, dtype=np.float32)
    seconds_per_beat = 60.0 / vocals.bpm
    for line, (start, end) in zip(vocals.lines, segments, strict=False):
        piece = resample_poly(raw[start:end], SAMPLE_RATE // 100, FESTIVAL_RATE // 100).astype(np.float32)
        at = round(line.start * seconds_per_beat * SAMPLE_RATE)
        length = min(len(piece), len(stem) - at)
        if length > 0:
            stem[at : at + length] += piece[:length]
    peak = float(np.abs(stem).max())
    if peak <= 1e-4:
        raise EngineDependencyError("Festival produced silence")
    stem *= 0.8 / peak
    return np.stack([stem, stem], axis=1)
