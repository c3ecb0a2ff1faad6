"""One call from validated v1 parameters to a finished track: audio, stems, lyrics, scores, metrics.

:func:`build_track` composes the song (:func:`..song.compose_song`: every section with its parts),
writes lyrics and a vocal melody unless the track is instrumental, then works on both cores at once:

* the instrument stems render on the renderer's threads (one FluidSynth per core,
  :func:`..audio.render.render_stems`);
* Festival sings the vocals in its own process (:func:`..vocals.sing`), beside them;
* the MIDI file, the MusicXML score (with lyrics), the chord chart PDF (``rsvg-convert``, a
  process) and the note metrics are made on a third thread meanwhile.

Then the stems are mixed and grouped in one pass (:func:`..audio.mix.mix_stems` with
:data:`STEM_PARTS`), and every requested encoding of the mix and each stem's WAV are encoded side
by side (every encoder releases the GIL), while the audio is measured (:mod:`.fidelity`).

**Stems.** The song's parts are grouped into the v1 stems (:data:`.catalog.STEM_PARTS`):
``drums`` = drums; ``bass`` = bass; ``melody`` = melody + counter_melody; ``chords`` = chords +
pad + arp; ``vocals`` = the sung vocal (only when sung). The mixer's gains, pans, loudness
normalisation and limiter are applied to every part before grouping, so the stems add up to the mix
(to the rounding of their 16- or 24-bit files). Stems can peak above the mix where they cancel
in it (a kick against a bass): if one would pass :data:`STEM_CEILING`, the mix and every stem are
turned down together by the excess (``quality_metrics.audio.stem_headroom_gain_db``; the mix is then
that much under -14 LUFS), so no stem clips and they still add up. A stem whose parts do not play
is silence of the mix's length, so the four instrument stems are always there.

**Vocals and melody.** With sung vocals, the melody part is silent while a lyric line is sung (the
voice is the lead there; the counter-melody still answers it), and the note metrics read the vocal
line as the lead. **Creativity** moves the composition's complexity:
``complexity + 0.4 x (creativity - 0.5)``, kept within 0-1. The song's energy is the genre
profile's. A primary instrument sets the General MIDI program of the part it names.

Nothing here touches storage or Django: the result is plain dataclasses holding bytes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import numpy as np

from ..arrangement import Arrangement
from ..audio.encode import encode_many
from ..audio.mix import mix_stems
from ..audio.synth import SAMPLE_RATE
from ..genres import get_genre
from ..metrics import quality_metrics
from ..song import compose_song
from ..theory import Key, parse_key
from ..types import Composition
from ..vocals import VocalTrack, sing
from ..writers import idea_to_midi
from .catalog import AUDIO_FORMATS, AUDIO_QUALITY, STEM_LABELS, STEM_PARTS
from .chart import chord_chart
from .fidelity import audio_fidelity, overall_quality
from .files import TrackFile, compressed_file, midi_file, wav_file
from .render import balance_vocals, render_track_stems
from .score import score_musicxml
from .voice import sung_lyrics, write_vocals

Progress = Callable[[int, str], None]
T = TypeVar("T")
CREATIVITY_SPAN = 0.4
STEM_CEILING = 0.99  # a stem's highest peak: its WAV must not clip


@dataclass(frozen=True, slots=True)
class TrackStem:
    """One stem: its v1 name (``drums``...), label (``Drums``), the song parts in it and its WAV file."""

    name: str
    label: str
    parts: tuple[str, ...]
    file: TrackFile


@dataclass(slots=True)
class TrackBuild:
    """Everything a v1 track is made of, as bytes and plain data (see the README's "Full tracks")."""

    title: str
    seed: int
    parameters: dict[str, Any]
    metadata: dict[str, Any]
    idea: Composition
    arrangement: dict[str, Any]
    audio_files: list[TrackFile]
    stems: list[TrackStem]
    lyrics: dict[str, Any] | None
    chord_chart: dict[str, TrackFile]
    quality_metrics: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)

    def file(self, output_format: str) -> TrackFile | None:
        """The file for one of the v1 output formats (``musicxml`` and ``pdf`` are the chord chart's)."""
        if output_format in self.chord_chart:
            return self.chord_chart[output_format]
        return next((f for f in self.audio_files if f.format == output_format), None)

    def summary(self) -> dict[str, Any]:
        """Everything but the bytes, as JSON."""
        return {
            "title": self.title,
            "seed": self.seed,
            "metadata": self.metadata,
            "audio_files": [f.facts() for f in self.audio_files],
            "stems": [{"name": s.name, "label": s.label, "parts": list(s.parts), **s.file.facts()} for s in self.stems],
            "lyrics": self.lyrics,
            "chord_chart": {fmt: f.facts() for fmt, f in self.chord_chart.items()},
            "quality_metrics": self.quality_metrics,
            "arrangement": self.arrangement,
            "timings": self.timings,
        }


@dataclass(slots=True)
class _Scores:
    midi: bytes
    musicxml: bytes
    pdf: bytes
    pdf_pages: int
    metrics: dict[str, Any]


@contextmanager
def _stage(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = round(time.perf_counter() - start, 3)


def _timed(timings: dict[str, float], name: str, work: Callable[[], T]) -> T:
    with _stage(timings, name):
        return work()


def compose_track_song(params: dict[str, Any], seed: int) -> tuple[Composition, Arrangement]:
    """The song for validated ``params``: genre profile, mood, key, tempo, length, complexity, programs."""
    profile = get_genre(params["profile"])
    complexity = min(1.0, max(0.0, params["complexity"] + CREATIVITY_SPAN * (params["creativity"] - 0.5)))
    idea, arrangement = compose_song(
        genre=profile,
        mood=params["mood"],
        energy=profile.energy,
        key=parse_key(params["key"]),
        bpm=float(params["tempo"]),
        length_seconds=float(params["duration"]),
        seed=seed,
        complexity=complexity,
    )
    for instrument in params["primary_instruments"]:
        part = idea.part(instrument["part"])
        if part is not None and not part.is_drum:
            part.program = instrument["program"]
    return idea, arrangement


def _subtitle(params: dict[str, Any], idea: Composition) -> str:
    seconds = round(idea.duration_seconds)
    genre = params["subgenre"] or params["genre"]
    return (
        f"{Key(idea.tonic, idea.scale).name} · {idea.bpm:g} BPM · 4/4 · {idea.bars} bars · "
        f"{seconds // 60}:{seconds % 60:02d} · {genre.replace('_', ' ')}"
    )


def _scores(
    idea: Composition, vocal: VocalTrack | None, params: dict[str, Any], title: str, timings: dict[str, float]
) -> _Scores:
    """MIDI, MusicXML, the chord chart PDF and the note metrics (on a thread of their own)."""
    with _stage(timings, "midi"):
        midi = idea_to_midi(idea)
    with _stage(timings, "musicxml"):
        lyrics = {"vocals": vocal.vocals.syllables} if vocal is not None else None
        musicxml = score_musicxml(idea, title=title, lyrics=lyrics)
    with _stage(timings, "chord_chart_pdf"):
        chart = chord_chart(
            title=title, subtitle=_subtitle(params, idea), sections=idea.sections, chords=idea.chords, bars=idea.bars
        )
    with _stage(timings, "note_metrics"):
        # With sung vocals the voice is the lead line the melodic metrics read.
        lead_parts = [p for p in idea.parts if not (vocal is not None and p.name == "melody")]
        metrics = quality_metrics(idea=replace(idea, parts=lead_parts))
    return _Scores(midi, musicxml, chart.pdf, chart.pages, metrics)


def _headroom(mix: np.ndarray, stems: dict[str, tuple[tuple[str, ...], np.ndarray]]) -> float:
    """Turn the mix and every stem down together if a stem would clip its WAV; returns the gain applied.

    Stems can peak above the mix where they cancel each other in it (a kick against a bass), so a
    stem may pass full scale while the mix sits under the limiter's ceiling. One gain for all keeps
    the stems adding up to the mix.
    """
    peak = max((max(float(s.max()), -float(s.min())) for _, s in stems.values() if s.size), default=0.0)
    if peak <= STEM_CEILING:
        return 1.0
    gain = STEM_CEILING / peak
    mix *= np.float32(gain)
    for _, samples in stems.values():
        samples *= np.float32(gain)
    return gain


def _group_stems(
    processed: dict[str, np.ndarray], present_parts: set[str], sung: bool, frames: int
) -> dict[str, tuple[tuple[str, ...], np.ndarray]]:
    """The v1 stems (name -> (parts in it, samples)) from the mixer's grouped stems.

    A stem with none of its parts in the song is silence of the mix's length.
    """
    grouped: dict[str, tuple[tuple[str, ...], np.ndarray]] = {}
    for name, parts in STEM_PARTS.items():
        if name == "vocals" and not sung:
            continue
        samples = processed.get(name)
        if samples is None:
            samples = np.zeros((frames, 2), dtype=np.float32)
        grouped[name] = (tuple(p for p in parts if p in present_parts), samples)
    return grouped


def _encode(
    mix: np.ndarray, stems: dict[str, tuple[tuple[str, ...], np.ndarray]], params: dict[str, Any], title: str
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The mix in every requested audio format and each stem as WAV, all encoders at once."""
    quality = AUDIO_QUALITY[params["audio_quality"]]
    wav = "wav24" if quality.wav_bit_depth == 24 else "wav"
    stem_wav = "wav24" if quality.stem_bit_depth == 24 else "wav"
    formats = tuple(wav if f == "wav" else f for f in params["output_formats"] if f in AUDIO_FORMATS)
    with ThreadPoolExecutor(max_workers=1 + len(stems), thread_name_prefix="track-encode") as pool:
        mix_future = pool.submit(encode_many, mix, SAMPLE_RATE, formats, title, f"{quality.mp3_kbps}k")
        stem_futures = {
            name: pool.submit(encode_many, samples, SAMPLE_RATE, (stem_wav,)) for name, (_, samples) in stems.items()
        }
        encoded = {("wav" if fmt == "wav24" else fmt): data for fmt, data in mix_future.result().items()}
        return encoded, {name: future.result()[stem_wav] for name, future in stem_futures.items()}


def _audio_files(
    encoded: dict[str, bytes], scores: _Scores, params: dict[str, Any], seconds: float, music_seconds: float
) -> list[TrackFile]:
    kbps = AUDIO_QUALITY[params["audio_quality"]].mp3_kbps
    files = []
    for fmt in params["output_formats"]:
        if fmt == "wav":
            files.append(wav_file(encoded["wav"]))
        elif fmt in AUDIO_FORMATS:
            files.append(compressed_file(fmt, encoded[fmt], duration=seconds, sample_rate=SAMPLE_RATE, mp3_kbps=kbps))
        elif fmt == "midi":
            files.append(midi_file(scores.midi, music_seconds))
    return files


def build_track(
    params: dict[str, Any], *, seed: int, progress: Progress | None = None, title: str | None = None
) -> TrackBuild:
    """The whole track for ``params`` from :func:`.params.validate_track_parameters`.

    ``progress(percent, stage)`` is called between stages (an exception raised there stops the
    build). ``title`` names the files (ID3, MusicXML, chart); default: the lyrics' title, else the
    genre and key. Raises :class:`~generation.engine.errors.EngineDependencyError` when FluidSynth,
    Festival or rsvg-convert is missing. Deterministic for a seed (Festival's voice aside).
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def notify(percent: int, stage: str) -> None:
        if progress is not None:
            progress(percent, stage)

    notify(5, "composing")
    idea, arrangement = _timed(timings, "compose", lambda: compose_track_song(params, seed))
    vocal: VocalTrack | None = None
    lyric_params = params["lyrics"]
    if lyric_params["enabled"]:
        notify(10, "writing lyrics")
        vocal = _timed(timings, "lyrics", lambda: write_vocals(params, idea, arrangement, seed, title))
    if title is None:
        title = (
            vocal.lyrics.title
            if vocal is not None
            else f"{params['profile'].title()} in {Key(idea.tonic, idea.scale).name}"
        )
    idea.metadata["title"] = title
    instruments = replace(idea, parts=[p for p in idea.parts if p.name != "vocals"])
    notify(20, "rendering stems and vocals")
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="track") as pool:
        stems_future = pool.submit(_timed, timings, "render_stems", lambda: render_track_stems(instruments))
        voice_future = (
            pool.submit(_timed, timings, "vocals", lambda: sing(vocal.vocals, idea.duration_seconds))
            if vocal is not None
            else None
        )
        scores_future = pool.submit(_scores, idea, vocal, params, title, timings)
        part_audio = stems_future.result()
        if voice_future is not None:
            part_audio["vocals"] = balance_vocals(voice_future.result(), part_audio)
        notify(60, "mixing")
        with _stage(timings, "mix"):
            present_parts = set(part_audio)
            mixed = mix_stems(part_audio, SAMPLE_RATE, groups=STEM_PARTS)
            part_audio.clear()  # 64 MB a part for 3 minutes: let the raw renders go before encoding
            stems = _group_stems(mixed.stems, present_parts, vocal is not None, mixed.mix.shape[0])
            mixed.stems.clear()  # the grouped stems hold what is still needed
            headroom = _headroom(mixed.mix, stems)
        notify(70, "encoding")
        with_notes = {name for name, (parts, _) in stems.items() if parts}
        fidelity_future = pool.submit(
            _timed,
            timings,
            "audio_metrics",
            lambda: audio_fidelity(mixed.mix, {n: s for n, (_, s) in stems.items()}, with_notes, SAMPLE_RATE),
        )
        encoded, stem_wavs = _timed(timings, "encode", lambda: _encode(mixed.mix, stems, params, title))
        scores = scores_future.result()
        fidelity = fidelity_future.result()
    seconds = mixed.mix.shape[0] / SAMPLE_RATE
    notify(95, "scoring")
    metrics = dict(scores.metrics)
    metrics["audio_fidelity"] = fidelity.pop("audio_fidelity")
    metrics["audio"] = {**fidelity, "stem_headroom_gain_db": round(20 * math.log10(headroom), 2)}
    metrics["overall_quality"] = overall_quality(metrics)
    timings["total"] = round(time.perf_counter() - started, 3)
    return TrackBuild(
        title=title,
        seed=seed,
        parameters=params,
        metadata={
            "title": title,
            "genre": params["genre"],
            "subgenre": params["subgenre"],
            "profile": params["profile"],
            "mood": params["mood"],
            "tempo": params["tempo"],
            "key": params["key"],
            "time_signature": "4/4",
            "bars": idea.bars,
            "music_duration": round(idea.duration_seconds, 3),
            "duration": round(seconds, 3),
            "instrumental": vocal is None,
            "has_lyrics": vocal is not None,
            "lyric_language": lyric_params["language"] if vocal is not None else None,
            "lyric_theme": lyric_params["theme"] if vocal is not None else None,
            "ai_model": params["ai_model"],
        },
        idea=idea,
        arrangement=arrangement.to_dict(),
        audio_files=_audio_files(encoded, scores, params, seconds, idea.duration_seconds),
        stems=[
            TrackStem(name, STEM_LABELS[name], parts, wav_file(stem_wavs[name])) for name, (parts, _) in stems.items()
        ],
        lyrics=sung_lyrics(vocal) if vocal is not None else None,
        chord_chart={
            "pdf": TrackFile("pdf", scores.pdf, page_count=scores.pdf_pages),
            "musicxml": TrackFile("musicxml", scores.musicxml, duration=round(idea.duration_seconds, 3)),
        },
        quality_metrics=metrics,
        timings=timings,
    )
