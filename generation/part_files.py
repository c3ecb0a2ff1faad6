"""One part of a piece as its own Standard MIDI File: what the studio lets a producer drag into a DAW.

Built in the web process from music that already passed the idea limits (a generation's result, a
MIDI file read by the engine's reader), so its cost is bounded: one part of at most
``limits.MAX_NOTES_PER_PART`` notes, written by mido in well under 0.2 s.
"""

from __future__ import annotations

from dataclasses import replace

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from .engine import writers
from .engine.types import Composition


def part_file_name(stem: str, part_name: str) -> str:
    """``my-song-bass.mid``: the file's stem and the part's name, slugged (no path can hide in it)."""
    return f"{slugify(stem) or 'idea'}-{slugify(part_name) or 'part'}.mid"


def part_midi_response(music: Composition, index: int, stem: str) -> HttpResponse:
    """The part at ``index`` of ``music`` as an ``audio/midi`` attachment; a missing part is a 404."""
    if not 0 <= index < len(music.parts):
        raise Http404("No such part")
    part = music.parts[index]
    payload = writers.idea_to_midi(replace(music, parts=[part]))
    response = HttpResponse(payload, content_type="audio/midi")
    response["Content-Disposition"] = content_disposition_header(True, part_file_name(stem, part.name)) or "attachment"
    return response
