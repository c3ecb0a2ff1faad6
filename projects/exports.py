"""Building exports (in the worker): MIDI, audio of the mix, stems, and whole projects as ZIP files.

Each type's ``format`` values are in :data:`EXPORT_FORMATS` (each changes the file made; anything
else is refused when the export is requested).

Every name inside a file or archive that comes from user text (project, part and file names) goes
through :func:`safe_name`, so no ZIP entry can climb out of its folder.
"""

from __future__ import annotations

import io
import json
import zipfile

import mido
from django.utils.text import slugify

from coprod.errors import Conflict
from coprod.jobs.kinds import Progress
from generation.engine import results as engine_results
from generation.engine import writers
from generation.engine.audio import render_idea
from generation.engine.audio.encode import CONTENT_TYPES, EXTENSIONS
from generation.engine.types import Composition
from generation.models import Generation, GenerationStatus
from vault.models import Idea

from .models import Export, ExportType, Project
from .selectors import project_data

ZIP_MAX_GENERATIONS = 10

# type -> format -> what it makes. "standard" is every type's default.
EXPORT_FORMATS: dict[str, dict[str, str]] = {
    ExportType.MIDI: {
        "standard": "Standard MIDI File type 1, one track per part",
        "type0": "Standard MIDI File type 0, every part merged into one track",
    },
    ExportType.MP3: {"standard": "MP3, 320 kbit/s, 44.1 kHz stereo"},
    ExportType.WAV: {"standard": "WAV, 16-bit, 44.1 kHz stereo", "24bit": "WAV, 24-bit, 44.1 kHz stereo"},
    ExportType.FLAC: {"standard": "FLAC, 16-bit, 44.1 kHz stereo"},
    ExportType.STEMS: {
        "standard": "ZIP of one 16-bit WAV per part plus the mix",
        "24bit": "ZIP of one 24-bit WAV per part plus the mix",
        "flac": "ZIP of one FLAC per part plus the mix",
    },
    ExportType.ZIP_PROJECT: {"standard": "ZIP: project.json, MIDI, parts, stems, mix and MusicXML of each idea"},
}
# (type, format) -> the encoder's format (generation.engine.audio.encode.FORMATS).
_AUDIO_ENCODING = {
    (ExportType.MP3, "standard"): "mp3",
    (ExportType.WAV, "standard"): "wav",
    (ExportType.WAV, "24bit"): "wav24",
    (ExportType.FLAC, "standard"): "flac",
    (ExportType.STEMS, "standard"): "wav",
    (ExportType.STEMS, "24bit"): "wav24",
    (ExportType.STEMS, "flac"): "flac",
}
AUDIO_EXPORT_TYPES = (ExportType.MP3, ExportType.WAV, ExportType.FLAC, ExportType.STEMS)


def generation_music(*, generation: Generation) -> Composition:
    """The music of a completed generation. Raises :class:`Conflict` for one that has none."""
    if generation.status != GenerationStatus.COMPLETED or not generation.result:
        raise Conflict(f"Generation {generation.pk} is {generation.status}; only completed generations have music")
    return engine_results.idea_from_result(generation.result)


def export_audio_seconds(
    *, export_type: str, generation: Generation | None, project: Project | None, idea: Idea | None = None
) -> float:
    """Seconds of audio the export will render (counted against the daily audio quota)."""
    if export_type in AUDIO_EXPORT_TYPES and idea is not None:
        return engine_results.idea_from_result(idea.data, "idea_id").duration_seconds
    if export_type in AUDIO_EXPORT_TYPES and generation is not None:
        return generation_music(generation=generation).duration_seconds
    if export_type == ExportType.ZIP_PROJECT and project is not None:
        return sum(music.duration_seconds for _, music in _zip_ideas(project))
    return 0.0


def _zip_ideas(project: Project) -> list[tuple[str, Composition]]:
    """(folder, music) of each idea the project ZIP holds: its newest completed generations, then the
    vault ideas filed by themselves (merges), at most :data:`ZIP_MAX_GENERATIONS` of each."""
    generations = project.generations.filter(status=GenerationStatus.COMPLETED).order_by("-created_at")
    ideas = [
        (f"{g.public_id}-{safe_name(g.tool)}", engine_results.idea_from_result(g.result or {}))
        for g in generations[:ZIP_MAX_GENERATIONS]
    ]
    for idea in project.saved_ideas.order_by("-created_at", "-id")[:ZIP_MAX_GENERATIONS]:
        ideas.append((f"idea-{idea.pk}-{safe_name(idea.title, 'idea')}", engine_results.idea_from_result(idea.data)))
    return ideas


def safe_name(text: str, fallback: str = "export") -> str:
    """A file or ZIP entry name from user text: lowercase letters, digits and dashes, never ``..``."""
    return slugify(text.replace("_", "-"))[:60].strip("-") or fallback


def export_build(export: Export, progress: Progress) -> tuple[bytes, str, str]:
    """(content, filename, content type) of the export. Raises :class:`Conflict` for a source without music."""
    progress(10, "preparing")
    if export.type == ExportType.ZIP_PROJECT:
        assert export.project is not None  # noqa: S101 - checked by export_start
        return _build_zip(export.project, progress), f"{safe_name(export.project.name)}.zip", "application/zip"
    if export.idea is not None:  # a merged idea filed in a project, exported by itself
        idea = engine_results.idea_from_result(export.idea.data, "idea_id")
        base = safe_name(f"{export.idea.title}-{export.idea.pk}", "idea")
    else:
        if export.generation is None:  # its source was deleted while the export waited
            raise Conflict("The idea this export was made from has been deleted")
        idea = generation_music(generation=export.generation)
        base = safe_name(f"{export.generation.genre}-{export.generation.tool}-{export.generation.public_id}")
    if export.type == ExportType.MIDI:
        midi = writers.idea_to_midi(idea)
        return (midi_type0(midi) if export.format == "type0" else midi), f"{base}.mid", "audio/midi"
    encoding = _AUDIO_ENCODING[(ExportType(export.type), export.format)]
    extension = EXTENSIONS[encoding]
    progress(30, "rendering")
    if export.type == ExportType.STEMS:
        rendered = render_idea(idea, formats=(encoding,), title=base, stem_formats=(encoding,))
        progress(90, "packing")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr(f"{base}/mix.{extension}", rendered.encoded[encoding])
            for name, encoded in rendered.encoded_stems.items():
                archive.writestr(f"{base}/stems/{safe_name(name, 'stem')}.{extension}", encoded[encoding])
        return buffer.getvalue(), f"{base}-stems.zip", "application/zip"
    rendered = render_idea(idea, formats=(encoding,), title=base)
    progress(90, "encoding")
    return rendered.encoded[encoding], f"{base}.{extension}", CONTENT_TYPES[encoding]


def midi_type0(data: bytes) -> bytes:
    """A type 1 Standard MIDI File as type 0: every track merged into one, in time order."""
    source = mido.MidiFile(file=io.BytesIO(data))
    merged = mido.MidiFile(type=0, ticks_per_beat=source.ticks_per_beat)
    merged.tracks.append(mido.merge_tracks(source.tracks))
    out = io.BytesIO()
    merged.save(file=out)
    return out.getvalue()


def _build_zip(project: Project, progress: Progress) -> bytes:
    ideas = _zip_ideas(project)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.json", json.dumps(project_data(project=project, detail=True), indent=2))
        for midi_file in project.midi_files.all():
            with midi_file.file.open("rb") as handle:
                archive.writestr(f"midi/{safe_name(midi_file.name)}-{midi_file.pk}.mid", handle.read())
        for index, (folder, idea) in enumerate(ideas):
            progress(10 + int(80 * index / max(1, len(ideas))), f"rendering {folder}")
            archive.writestr(f"{folder}/full.mid", writers.idea_to_midi(idea))
            for part in idea.parts:
                single = Composition(
                    bpm=idea.bpm,
                    tonic=idea.tonic,
                    scale=idea.scale,
                    bars=idea.bars,
                    parts=[part],
                    chords=idea.chords,
                    genre=idea.genre,
                )
                archive.writestr(f"{folder}/parts/{safe_name(part.name, 'part')}.mid", writers.idea_to_midi(single))
            archive.writestr(f"{folder}/score.musicxml", writers.idea_to_musicxml(idea))
            # Stems are encoded in parallel with the mix (the renderer's stem_formats).
            rendered = render_idea(idea, formats=("wav",), stem_formats=("wav",))
            archive.writestr(f"{folder}/mix.wav", rendered.encoded["wav"])
            for name, encoded in rendered.encoded_stems.items():
                archive.writestr(f"{folder}/stems/{safe_name(name, 'stem')}.wav", encoded["wav"])
    progress(95, "packing")
    return buffer.getvalue()
