"""The track's score as MusicXML 4.0, written directly (no music21): pitched parts, chord symbols, lyrics.

music21's writer (:func:`generation.engine.writers.idea_to_musicxml`) needs about 5 s for a
3-minute, 7-part song on this machine (its ``makeNotation``), more than the whole track's budget;
this writer emits the same content in a few tens of milliseconds, and the tests read its output
back with music21.

How notes become notation: onsets and lengths are quantised to the sixteenth grid (``divisions``
= 4 per quarter). Notes of a part that start together are one chord; each chord lasts until its
longest note ends or the next onset comes, whichever is first (one voice per part, no overlaps);
gaps are rests. Events are cut at every barline (4/4) and, in the part that carries the chord
symbols, at every chord change, and each piece is written as tied notes of the plain and dotted
values (whole ... sixteenth). Lyrics go under the first piece of each sung note (``syllabic``
from the writer's trailing hyphens). Drums are left to the MIDI file. The key signature is the
key's parent major's, with the mode named; the tempo is a metronome mark with a ``sound`` tempo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from ..theory import Key, _parent_major_tonic
from ..types import BEATS_PER_BAR, ChordEvent, Composition, Part

DIVISIONS = 4
BAR = BEATS_PER_BAR * DIVISIONS
# Note values the writer uses, in sixteenths: (type, dots), longest first.
VALUES: tuple[tuple[int, str, int], ...] = (
    (16, "whole", 0),
    (12, "half", 1),
    (8, "half", 0),
    (6, "quarter", 1),
    (4, "quarter", 0),
    (3, "eighth", 1),
    (2, "eighth", 0),
    (1, "16th", 0),
)
# Fifths of each major tonic's signature (flat keys where the engine spells with flats).
_FIFTHS = {0: 0, 7: 1, 2: 2, 9: 3, 4: 4, 11: 5, 6: -6, 1: -5, 8: -4, 3: -3, 10: -2, 5: -1}
_MODES = {"major", "minor", "dorian", "phrygian", "lydian", "mixolydian", "locrian"}
# Chord-symbol suffix (as the engine writes it) -> MusicXML <kind>.
_KINDS = {
    "": "major",
    "m": "minor",
    "dim": "diminished",
    "aug": "augmented",
    "maj7": "major-seventh",
    "7": "dominant",
    "m7": "minor-seventh",
    "mMaj7": "major-minor",
    "m7b5": "half-diminished",
    "dim7": "diminished-seventh",
    "7#5": "augmented-seventh",
    "maj9": "major-ninth",
    "9": "dominant-ninth",
    "m9": "minor-ninth",
    "sus2": "suspended-second",
    "sus4": "suspended-fourth",
}
_SYMBOL = re.compile(r"^([A-G])([#b]?)(.*)$")
PART_ORDER = ("vocals", "melody", "counter_melody", "arp", "chords", "pad", "bass")


@dataclass(slots=True)
class _Event:
    start: int  # sixteenths from the start
    length: int
    pitches: tuple[int, ...]  # empty: a rest
    syllable: str | None = None
    tie_stop: bool = False
    tie_start: bool = False


def _split(length: int) -> list[tuple[int, str, int]]:
    pieces = []
    while length > 0:
        value = next(v for v in VALUES if v[0] <= length)
        pieces.append(value)
        length -= value[0]
    return pieces


def _events(part: Part, total: int, syllables: list[str | None] | None) -> list[_Event]:
    """The part as one voice of chords and rests covering ``[0, total)`` sixteenths."""
    groups: dict[int, list[tuple[int, int, str | None]]] = {}
    for index, note in enumerate(part.notes):
        onset = round(note.start * DIVISIONS)
        if 0 <= onset < total:
            syllable = syllables[index] if syllables and index < len(syllables) else None
            length = max(1, round(note.duration * DIVISIONS))
            groups.setdefault(onset, []).append((note.pitch, length, syllable))
    onsets = sorted(groups)
    events: list[_Event] = []
    cursor = 0
    for position, onset in enumerate(onsets):
        if onset > cursor:
            events.append(_Event(cursor, onset - cursor, ()))
        group = groups[onset]
        following = onsets[position + 1] if position + 1 < len(onsets) else total
        end = min(onset + max(length for _, length, _ in group), following, total)
        pitches = tuple(sorted({max(0, min(127, pitch)) for pitch, _, _ in group}))
        syllable = next((s for _, _, s in group if s), None)
        events.append(_Event(onset, end - onset, pitches, syllable))
        cursor = end
    if cursor < total:
        events.append(_Event(cursor, total - cursor, ()))
    return events


def _cut(events: list[_Event], boundaries: list[int]) -> list[_Event]:
    """Events cut at every boundary (barlines, chord changes): the pieces of a note are tied."""
    cut: list[_Event] = []
    marks = iter(sorted(set(boundaries)))
    mark = next(marks, None)
    for event in events:
        start, end = event.start, event.start + event.length
        first = True
        while mark is not None and mark <= start:
            mark = next(marks, None)
        while mark is not None and mark < end:
            cut.append(_Event(start, mark - start, event.pitches, event.syllable if first else None))
            start, first = mark, False
            mark = next(marks, None)
        cut.append(_Event(start, end - start, event.pitches, event.syllable if first else None))
    for before, after in zip(cut, cut[1:], strict=False):
        if (
            before.pitches
            and after.pitches == before.pitches
            and after.syllable is None
            and before.start + before.length == after.start
        ):
            before.tie_start = after.tie_stop = True
    return cut


def _pitch_xml(pitch: int, key: Key) -> str:
    name = key.spell(pitch % 12)
    alter = {"#": 1, "b": -1}.get(name[1:], 0)
    alter_xml = f"<alter>{alter}</alter>" if alter else ""
    return f"<pitch><step>{name[0]}</step>{alter_xml}<octave>{pitch // 12 - 1}</octave></pitch>"


def _syllabic(previous: str | None, text: str) -> tuple[str, str]:
    """(syllabic, text) from the writer's hyphen convention (``"ne-"`` then ``"on"``)."""
    continues_before = previous is not None and previous.endswith("-")
    continues_after = text.endswith("-")
    kind = {(False, False): "single", (False, True): "begin", (True, True): "middle", (True, False): "end"}
    return kind[(continues_before, continues_after)], text.rstrip("-")


def harmony_xml(symbol: str) -> str:
    """A ``<harmony>`` element for an engine chord symbol (``"Abmaj7"``, ``"Cm"``, ``"Gsus4"``)."""
    match = _SYMBOL.match(symbol)
    if match is None:
        return ""
    step, accidental, suffix = match.groups()
    alter = {"#": "<root-alter>1</root-alter>", "b": "<root-alter>-1</root-alter>"}.get(accidental, "")
    degree = ""
    if suffix in ("add9", "madd9"):
        kind = "minor" if suffix == "madd9" else "major"
        degree = (
            "<degree><degree-value>9</degree-value><degree-alter>0</degree-alter>"
            "<degree-type>add</degree-type></degree>"
        )
    else:
        kind = _KINDS.get(suffix, "minor" if suffix.startswith("m") and not suffix.startswith("maj") else "major")
    return (
        f"<harmony><root><root-step>{step}</root-step>{alter}</root>"
        f'<kind text="{escape(suffix, {chr(34): "&quot;"})}">{kind}</kind>{degree}</harmony>'
    )


def _note_xml(event: _Event, piece: tuple[int, str, int], key: Key, first: bool, last: bool, lyric: str) -> str:
    length, kind, dots = piece
    tie_stop = event.tie_stop or not first
    tie_start = event.tie_start or not last
    dot_xml = "<dot/>" * dots
    if not event.pitches:
        return f"<note><rest/><duration>{length}</duration><voice>1</voice><type>{kind}</type>{dot_xml}</note>"
    out = []
    for index, pitch in enumerate(event.pitches):
        ties = ('<tie type="stop"/>' if tie_stop else "") + ('<tie type="start"/>' if tie_start else "")
        tied = ('<tied type="stop"/>' if tie_stop else "") + ('<tied type="start"/>' if tie_start else "")
        notations = f"<notations>{tied}</notations>" if tied else ""
        out.append(
            f"<note>{'<chord/>' if index else ''}{_pitch_xml(pitch, key)}<duration>{length}</duration>{ties}"
            f"<voice>1</voice><type>{kind}</type>{dot_xml}{notations}{lyric if index == 0 and first else ''}</note>"
        )
    return "".join(out)


def _part_xml(
    part: Part, index: int, idea: Composition, key: Key, syllables: list[str | None] | None, title_part: bool
) -> str:
    total = idea.bars * BAR
    chords: dict[int, ChordEvent] = {round(c.start_bar * BAR): c for c in idea.chords} if title_part else {}
    events = _cut(_events(part, total, syllables), [*range(0, total + 1, BAR), *chords])
    pitches = sorted(n.pitch for n in part.notes) or [60]
    clef = (
        "<clef><sign>F</sign><line>4</line></clef>"
        if pitches[len(pitches) // 2] < 55
        else "<clef><sign>G</sign><line>2</line></clef>"
    )
    mode = key.scale if key.scale in _MODES else ("minor" if key.is_minor else "major")
    attributes = (
        f"<attributes><divisions>{DIVISIONS}</divisions><key><fifths>{_FIFTHS[_parent_major_tonic(key)]}</fifths>"
        f"<mode>{mode}</mode></key><time><beats>4</beats><beat-type>4</beat-type></time>{clef}</attributes>"
    )
    bpm = f"{idea.bpm:g}"
    tempo = (
        '<direction placement="above"><direction-type><metronome><beat-unit>quarter</beat-unit>'
        f'<per-minute>{bpm}</per-minute></metronome></direction-type><sound tempo="{bpm}"/></direction>'
    )
    out = [f'<part id="P{index}">']
    previous_syllable: str | None = None
    by_bar: dict[int, list[_Event]] = {}
    for event in events:
        by_bar.setdefault(event.start // BAR, []).append(event)
    for bar in range(idea.bars):
        out.append(f'<measure number="{bar + 1}">')
        if bar == 0:
            out.append(attributes + (tempo if title_part else ""))
        for event in by_bar.get(bar, []):
            if event.start in chords:
                out.append(harmony_xml(chords[event.start].symbol))
            lyric = ""
            if event.syllable and event.pitches:
                syllabic, text = _syllabic(previous_syllable, event.syllable)
                previous_syllable = event.syllable
                lyric = f'<lyric number="1"><syllabic>{syllabic}</syllabic><text>{escape(text)}</text></lyric>'
            if event.length == BAR and not event.pitches:
                out.append(f'<note><rest measure="yes"/><duration>{BAR}</duration><voice>1</voice></note>')
                continue
            pieces = _split(event.length)
            for n, piece in enumerate(pieces):
                out.append(_note_xml(event, piece, key, n == 0, n == len(pieces) - 1, lyric))
        out.append("</measure>")
    out.append("</part>")
    return "".join(out)


def score_musicxml(idea: Composition, *, title: str, lyrics: dict[str, list[str | None]] | None = None) -> bytes:
    """The idea's pitched parts as a MusicXML 4.0 partwise score (UTF-8 bytes).

    Parts are ordered lead first (:data:`PART_ORDER`, then any others); the chord symbols sit
    above the first part; ``lyrics`` maps a part name to one syllable (or ``None``) per note.
    """
    key = Key(idea.tonic, idea.scale)
    rank = {name: i for i, name in enumerate(PART_ORDER)}
    parts = sorted(
        (p for p in idea.parts if not p.is_drum and p.notes), key=lambda p: (rank.get(p.name, len(rank)), p.name)
    )
    part_list = []
    bodies = []
    for index, part in enumerate(parts, start=1):
        name = escape(part.name.replace("_", " ").title())
        part_list.append(
            f'<score-part id="P{index}"><part-name>{name}</part-name>'
            f'<score-instrument id="P{index}-I1"><instrument-name>{name}</instrument-name></score-instrument>'
            f'<midi-instrument id="P{index}-I1"><midi-channel>{index if index < 10 else index + 1}</midi-channel>'
            f"<midi-program>{part.program + 1}</midi-program></midi-instrument></score-part>"
        )
        bodies.append(_part_xml(part, index, idea, key, (lyrics or {}).get(part.name), index == 1))
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 4.0 Partwise//EN" '
        '"http://www.musicxml.org/dtds/partwise.dtd">\n'
        f'<score-partwise version="4.0"><work><work-title>{escape(title)}</work-title></work>'
        "<identification><encoding><software>Co-Prod AI</software></encoding></identification>"
        f"<part-list>{''.join(part_list)}</part-list>{''.join(bodies)}</score-partwise>\n"
    )
    return document.encode("utf-8")
