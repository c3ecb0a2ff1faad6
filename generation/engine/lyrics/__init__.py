"""Lyrics: a theme-driven lyric writer fitted to the song's sections (see ``writer``)."""

from .themes import THEME_NAMES
from .writer import LANGUAGES, STYLES, Lyrics, write_lyrics

__all__ = ["LANGUAGES", "STYLES", "THEME_NAMES", "Lyrics", "write_lyrics"]
