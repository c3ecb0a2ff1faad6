"""Building a listing's pack (on a worker): one ZIP of the files a buyer downloads, by kind.

* MIDI pack — for each idea ``full.mid`` and ``parts/<part>.mid``;
* stem pack — for each idea ``stems/<part>.wav``, ``mix.wav`` and ``full.mid``;
* template — for each idea ``full.mid``, ``parts/<part>.mid`` and ``score.musicxml``, plus the
  project's ``project.json`` and uploaded MIDI files when listed from a project.

Listed tracks go in as their own folders: a stem pack copies the track's stored stems and mix
files (nothing is rendered again), the other kinds write its MIDI and parts, and a template adds
its chord charts; every track folder has ``lyrics.json`` when the track has lyrics.

Every pack carries ``LICENSE.txt`` with the listing's terms. Entry names from user text go through
:func:`projects.exports.safe_name`.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import PurePosixPath

from coprod.jobs.kinds import Progress
from generation.engine import writers
from generation.engine.audio import render_idea
from generation.models import Generation, GenerationStatus, Track, TrackFile
from projects.exports import generation_music, safe_name
from projects.selectors import project_data

from .models import Listing, ListingKind, ListingPack

# Ideas in one pack: stems are rendered, so stem packs hold fewer.
MAX_PACK_GENERATIONS = {ListingKind.MIDI_PACK: 20, ListingKind.TEMPLATE: 20, ListingKind.STEM_PACK: 5}


def listing_sources(*, listing: Listing) -> list[Generation]:
    """The completed generations a listing's pack is made from (its own, or its project's latest)."""
    limit = MAX_PACK_GENERATIONS[ListingKind(listing.kind)]
    chosen = list(listing.generations.filter(status=GenerationStatus.COMPLETED).order_by("created_at", "id"))
    if not chosen and listing.project is not None:
        chosen = list(
            listing.project.generations.filter(status=GenerationStatus.COMPLETED).order_by("-created_at")[:limit]
        )
    return chosen[:limit]


def license_text(listing: Listing) -> str:
    lines = [
        f"{listing.title} — {listing.get_kind_display()} by {listing.seller.username} on Co-Prod AI",
        "",
        f"Licence: {listing.get_license_display()}",
    ]
    if listing.license_notes:
        lines += ["", listing.license_notes]
    return "\n".join(lines) + "\n"


def listing_pack_build(pack: ListingPack, progress: Progress) -> tuple[bytes, str]:
    """(ZIP bytes, file name) of ``pack``'s listing."""
    listing = pack.listing
    generations = listing_sources(listing=listing)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LICENSE.txt", license_text(listing))
        if listing.kind == ListingKind.TEMPLATE and listing.project is not None:
            archive.writestr("project.json", json.dumps(project_data(project=listing.project, detail=True), indent=2))
            for midi_file in listing.project.midi_files.all():
                with midi_file.file.open("rb") as handle:
                    archive.writestr(f"midi/{safe_name(midi_file.name)}-{midi_file.pk}.mid", handle.read())
        for index, generation in enumerate(generations):
            progress(5 + int(90 * index / max(1, len(generations))), f"packing {generation.public_id}")
            idea = generation_music(generation=generation)
            folder = f"{generation.public_id}-{safe_name(generation.tool)}"
            archive.writestr(f"{folder}/full.mid", writers.idea_to_midi(idea))
            if listing.kind == ListingKind.STEM_PACK:
                # Stems are encoded in parallel with the mix (the renderer's stem_formats).
                rendered = render_idea(idea, formats=("wav",), stem_formats=("wav",))
                archive.writestr(f"{folder}/mix.wav", rendered.encoded["wav"])
                for name, encoded in rendered.encoded_stems.items():
                    archive.writestr(f"{folder}/stems/{safe_name(name, 'stem')}.wav", encoded["wav"])
                continue
            _write_parts(archive, folder, generation)
            if listing.kind == ListingKind.TEMPLATE:
                archive.writestr(f"{folder}/score.musicxml", writers.idea_to_musicxml(idea))
        for track in listing.tracks.select_related("generation"):
            progress(95, f"packing {track.public_id}")
            _write_track(archive, listing, track)
    return buffer.getvalue(), f"{safe_name(listing.title, 'pack')}-{listing.kind.replace('_', '-')}.zip"


def _write_parts(archive: zipfile.ZipFile, folder: str, generation: Generation) -> None:
    idea = generation_music(generation=generation)
    for part in idea.parts:
        single = replace(idea, parts=[part])
        archive.writestr(f"{folder}/parts/{safe_name(part.name, 'part')}.mid", writers.idea_to_midi(single))


def _copy(archive: zipfile.ZipFile, name: str, row: TrackFile) -> None:
    with row.file.open("rb") as handle:
        archive.writestr(name, handle.read())


def _write_track(archive: zipfile.ZipFile, listing: Listing, track: Track) -> None:
    folder = f"{track.public_id}-{safe_name(track.title, 'track')}"
    if track.lyrics:
        archive.writestr(f"{folder}/lyrics.json", json.dumps(track.lyrics, indent=2))
    rows = list(track.files.all())
    if listing.kind == ListingKind.STEM_PACK:
        for row in rows:
            suffix = PurePosixPath(row.file.name).suffix
            if row.kind == TrackFile.Kind.STEM:
                _copy(archive, f"{folder}/stems/{safe_name(row.stem, 'stem')}-{row.format}{suffix}", row)
            elif row.kind == TrackFile.Kind.AUDIO:
                _copy(archive, f"{folder}/mix-{row.format}{suffix}", row)
        return
    archive.writestr(f"{folder}/full.mid", writers.idea_to_midi(generation_music(generation=track.generation)))
    _write_parts(archive, folder, track.generation)
    if listing.kind == ListingKind.TEMPLATE:
        for row in rows:
            if row.kind == TrackFile.Kind.CHART:
                _copy(archive, f"{folder}/chart-{row.format}{PurePosixPath(row.file.name).suffix}", row)


def listing_audio_seconds(*, listing: Listing) -> float:
    """Audio the pack renders (stem packs only), counted against the seller's daily audio minutes."""
    if listing.kind != ListingKind.STEM_PACK:
        return 0.0
    return sum(generation_music(generation=g).duration_seconds for g in listing_sources(listing=listing))
