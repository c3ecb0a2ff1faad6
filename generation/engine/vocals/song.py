"""One call for a song's words and voice: lyrics, the vocal melody, timestamps and the sung stem."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..lyrics.writer import Lyrics, write_lyrics
from ..theory import Key
from ..types import ChordEvent, Section
from .melody import VocalPart, fit_vocal_melody
from .sing import sing


@dataclass(slots=True)
class VocalTrack:
    lyrics: Lyrics
    vocals: VocalPart
    stem: np.ndarray | None

    def lyrics_data(self) -> dict[str, Any]:
        """The v1 track's ``lyrics`` object: text, formatted text and line timestamps (seconds)."""
        return {
            "text": self.lyrics.text,
            "formatted": self.lyrics.formatted,
            "timestamps": self.vocals.timestamps(),
            "title": self.lyrics.title,
            "theme": self.lyrics.theme,
            "style": self.lyrics.style,
            "language": self.lyrics.language,
            "theme_note": self.lyrics.theme_note,
        }


def vocal_track(
    *,
    theme: str,
    style: str,
    language: str,
    sections: list[Section],
    key: Key,
    bpm: float,
    chords: list[ChordEvent],
    seed: int,
    total_seconds: float,
    render_voice: bool = True,
    title: str | None = None,
) -> VocalTrack:
    """Lyrics for the arrangement's sections, a melody for them, and (optionally) the sung vocal stem."""
    lyrics = write_lyrics(
        theme=theme, style=style, language=language, sections=[s.name for s in sections], seed=seed, title=title
    )
    vocals = fit_vocal_melody(lyrics=lyrics, sections=sections, key=key, bpm=bpm, chords=chords, seed=seed)
    return VocalTrack(lyrics, vocals, sing(vocals, total_seconds) if render_voice else None)
