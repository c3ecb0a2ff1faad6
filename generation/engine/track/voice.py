"""The track's words and voice: lyrics and a vocal line for the song, the melody stepping aside, the sung text.

The lyric writer writes whole sections (:mod:`..lyrics`); the vocal melody sings as many of a
section's lines as its bars hold (two bars a line, :mod:`..vocals.melody`), so a short song sings
fewer lines than were written. The track's ``lyrics`` are what is sung: :func:`sung_lyrics` keeps
the written lines that have a place in the vocal part, in order, under their section headings.
"""

from __future__ import annotations

from typing import Any

from ..arrangement import Arrangement
from ..theory import parse_key
from ..types import Composition
from ..vocals import VocalTrack, vocal_track
from ..vocals.melody import VocalPart

# After a sung line, the melody stays out for this many beats more (the singer's breath).
VOCAL_TAIL_BEATS = 0.5


def write_vocals(
    params: dict[str, Any], idea: Composition, arrangement: Arrangement, seed: int, title: str | None
) -> VocalTrack:
    """Lyrics and the vocal line (not yet sung) for the song; the melody rests where the voice sings."""
    lyric_params = params["lyrics"]
    vocal = vocal_track(
        theme=lyric_params["theme"],
        style=lyric_params["style"],
        language=lyric_params["language"],
        sections=arrangement.sections,
        key=parse_key(params["key"]),
        bpm=arrangement.bpm,
        chords=idea.chords,
        seed=seed,
        total_seconds=arrangement.duration_seconds,
        render_voice=False,
        title=title,
    )
    duck_melody(idea, vocal.vocals)
    idea.parts.append(vocal.vocals.part)
    return vocal


def duck_melody(idea: Composition, vocals: VocalPart) -> None:
    """Silence the melody part where a lyric line is sung (the voice is the lead there)."""
    melody = idea.part("melody")
    if melody is None:
        return
    spans = [(line.start, line.end + VOCAL_TAIL_BEATS) for line in vocals.lines]
    melody.notes = [n for n in melody.notes if not any(start <= n.start < end for start, end in spans)]


def sung_lyrics(vocal: VocalTrack) -> dict[str, Any]:
    """The v1 ``lyrics`` object for what is sung: text, formatted (with headings), timestamps, theme..."""
    sung = vocal.vocals.lines
    pointer = 0
    blocks: list[str] = []
    for section in vocal.lyrics.sections:
        kept = []
        for line in section.lines:
            if pointer < len(sung) and sung[pointer].text == line.text and sung[pointer].section == section.name:
                kept.append(line.text)
                pointer += 1
        if kept:
            blocks.append(f"[{section.heading}]\n" + "\n".join(kept))
    return {
        **vocal.lyrics_data(),
        "text": "\n".join(line.text for line in sung),
        "formatted": "\n\n".join(blocks),
        "written_lines": len(vocal.lyrics.lines),
        "sung_lines": len(sung),
        "sung": True,
    }
