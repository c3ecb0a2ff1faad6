"""The documented limits on music that reaches the engine from outside.

Everything a user can send (tool parameters, an ``original`` result to vary, a ``main_melody``,
a vault idea's ``data``, the ideas of a merge, an uploaded MIDI file once parsed) is checked
against these numbers by :mod:`generation.engine.boundary` before any engine work starts, so the
cost of every job and every web request is bounded by its input's size, and the input's size is
bounded here. The README's "Security and limits" section lists the same numbers; a test keeps
the two in step.

The limits are generous for real music: the engine's own longest result (a 600-second
arrangement at 240 BPM, 600 bars, about 40,000 notes) passes them. Checking the largest idea
allowed costs about 0.2 s of one web process; anything larger is refused after counting.
"""

from __future__ import annotations

# Short names (genre, scale, mood, style, part and pattern names) are refused by length
# before they are parsed or compared.
MAX_NAME_LENGTH = 32
# Key text such as "F# harmonic minor" (theory.MAX_KEY_LENGTH is the same number).
MAX_KEY_LENGTH = 32

# One idea: how many parts, notes and bars it may hold, and how long it may sound.
MAX_PARTS = 16
MAX_NOTES_PER_PART = 30_000
MAX_NOTES_PER_IDEA = 60_000
MAX_IDEA_BARS = 640
MAX_IDEA_SECONDS = 660.0
# Tempo accepted on ideas from outside (the tools themselves take 40-240).
MIN_IDEA_BPM = 20.0
MAX_IDEA_BPM = 300.0

# Lengths per tool (bars, except the arrangement's seconds); the tool declarations use these.
MAX_TOOL_BARS = 64
MIN_ARRANGEMENT_SECONDS = 10
MAX_ARRANGEMENT_SECONDS = 600

# Audio: the most seconds one render (a mix with its stems) may produce.
MAX_RENDER_SECONDS = MAX_IDEA_SECONDS

# Merging ideas runs in the web request (a producer waits for it): how many sources, how many notes
# they may hold together, and how many the merged idea may hold once looped to its length. Merging
# the largest allowed sources costs well under 0.2 s.
MAX_MERGE_SOURCES = 6
MAX_MERGE_SOURCE_NOTES = 24_000
MAX_MERGE_NOTES = 8_000

# A Standard MIDI File from outside (an upload, a file to analyse): its size and message count are
# checked before any note is read, then the notes it holds pass the idea limits above.
MAX_MIDI_BYTES = 2 * 1024 * 1024
MAX_MIDI_MESSAGES = 200_000
