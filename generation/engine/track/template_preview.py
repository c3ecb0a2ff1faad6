"""A template's preview: eight bars of the song its parameters make, as an MP3 (the fast audio path).

The song is composed as a full track would be (:func:`.build.compose_track_song`), then the eight
bars from its first chorus (or drop; else its start) are rendered through the mix bus alone
(:func:`..audio.render.render_preview`: no stems, no vocals, no scores), so a preview costs about a
second of a worker. Previews are instrumental: a template with lyric support says so in its
``lyric_support``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..audio.render import render_preview
from ..audio.synth import RELEASE_SECONDS
from ..types import Composition, Note
from .build import compose_track_song
from .templates_catalog import PREVIEW_BARS

HOOK_SECTIONS = ("chorus", "drop", "hook")


def preview_window(idea: Composition, bars: int) -> Composition:
    """``idea`` from its first chorus/drop bar on, ``bars`` long (notes moved to start at beat 0)."""
    start_bar = next((s.start_bar for s in idea.sections if s.name in HOOK_SECTIONS), 0)
    if start_bar + bars > idea.bars:
        start_bar = max(0, idea.bars - bars)
    beats_per_bar = idea.time_signature[0]
    start, end = start_bar * beats_per_bar, (start_bar + bars) * beats_per_bar
    parts = [
        replace(
            part,
            notes=[
                Note(n.pitch, n.start - start, min(n.duration, end - n.start), n.velocity)
                for n in part.notes
                if start <= n.start < end
            ],
            glides=[g - start for g in part.glides if start <= g < end],
        )
        for part in idea.parts
        if part.name != "vocals"
    ]
    return replace(idea, parts=parts, bars=min(bars, idea.bars), sections=[], chords=[])


def render_template_preview(params: dict[str, Any], *, seed: int, bars: int = PREVIEW_BARS) -> tuple[bytes, float]:
    """(MP3 bytes, seconds of audio) of ``bars`` bars of the song for validated track ``params``.

    The audio is the bars plus the synthesiser's release tail (:data:`..audio.synth.RELEASE_SECONDS`).
    """
    idea, _ = compose_track_song(params, seed)
    window = preview_window(idea, bars)
    return render_preview(window, bars=bars), window.duration_seconds + RELEASE_SECONDS
