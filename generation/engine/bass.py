"""Basslines that follow the chord roots in the genre's style.

Every style puts the chord's root on the chord's downbeat; styles differ in what happens in
between: ``808`` (long notes on the kick's rhythm, octave jumps, glides into the next root),
``walking`` (quarter notes through chord and scale tones with an approach note into each new
root), ``octave`` (eighths alternating root and octave), ``sub`` (held roots), ``log_drum``
(amapiano's syncopated, pitched log-drum hits), ``standard`` (root on the kick, fifth passing) and
``root_fifth`` (pop and R&B: one bass player per piece, drawn from the genre profile's ``bass_*``
fields: how busy, how often a bar breathes (a beat left silent), pushes a note an eighth early or
plays sixteenth pickups; bar figures through root, third, fifth, low fifth, octave and tenth, two
figures a part alternating over the phrase and varied bar by bar, the roots voice-led and every
note kept within the player's span, about an octave and a half).
Every style but walking then varies its groove bar by bar (:mod:`.bass_groove`): approach notes into
chord changes, fills at phrase ends, octave and fifth moves, rests.
A glide is written as the first note overlapping the next by a sixteenth (legato, which
samplers play as a portamento), and listed in the part's ``glides``.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from .bass_groove import TOP, vary_groove
from .errors import EngineParameterError
from .genres import STEPS_PER_BAR, GenreProfile, get_genre
from .harmony import harmony_scale
from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Note, Part

BASS_STYLES = ("808", "walking", "octave", "sub", "log_drum", "standard", "root_fifth")
_STYLE_ALIASES = {
    "808s": "808",
    "eight_oh_eight": "808",
    "walk": "walking",
    "logdrum": "log_drum",
    "log-drum": "log_drum",
    "root-fifth": "root_fifth",
}
STEP = BEATS_PER_BAR / STEPS_PER_BAR
GLIDE_OVERLAP = 0.25


def parse_bass_style(style: object) -> str:
    if not isinstance(style, str):
        raise EngineParameterError.choice("style", style, BASS_STYLES)
    name = _STYLE_ALIASES.get(style.strip().lower(), style.strip().lower())
    if name not in BASS_STYLES:
        raise EngineParameterError.choice("style", style, BASS_STYLES)
    return name


def bass_pitch(pitch_class: int, low: int) -> int:
    """The lowest pitch of ``pitch_class`` at or above ``low``."""
    return low + (pitch_class - low) % 12


def _chord_at(chords: list[ChordEvent], beat: float) -> ChordEvent:
    bar = beat / BEATS_PER_BAR
    for event in chords:
        if event.start_bar <= bar + 1e-9 < event.start_bar + event.duration_bars:
            return event
    return chords[-1]


def _fifth(chord: ChordEvent) -> int:
    """The chord's own fifth in semitones (diminished on a diminished chord), so the bass stays in key."""
    return next((i for i in (7, 6, 8) if any((p - chord.root) % 12 == i for p in chord.pitches)), 7)


def _fold(pitch: int, lowest: int, top: int) -> int:
    """``pitch`` moved by octaves into ``lowest``..``top`` where it fits (left alone where it cannot)."""
    while pitch > top and pitch - 12 >= lowest:
        pitch -= 12
    while pitch < lowest and pitch + 12 <= top:
        pitch += 12
    return pitch


def _chord_starts(chords: list[ChordEvent]) -> set[float]:
    return {round(c.start_bar * BEATS_PER_BAR, 4) for c in chords}


def compose_bassline(
    *,
    key: Key,
    genre: str | GenreProfile,
    chords: list[ChordEvent],
    bars: int,
    style: str | None = None,
    energy: float = 0.6,
    seed: int,
) -> Part:
    """A bass part over ``chords`` (which must cover ``bars``)."""
    profile = get_genre(genre)
    style = parse_bass_style(style) if style else profile.bass_style
    rng = random.Random(seed)
    span = rng.randint(*profile.bass_span) if style == "root_fifth" else 0
    total = bars * BEATS_PER_BAR
    low = 34 if style in ("808", "sub", "log_drum") else 28
    writers: dict[str, Callable[..., tuple[list[Note], list[float]]]] = {
        "808": _eight_oh_eight,
        "walking": _walking,
        "octave": _octave,
        "sub": _sub,
        "log_drum": _log_drum,
        "standard": _standard,
        "root_fifth": _root_fifth,
    }
    writer = writers[style]
    notes, glides = writer(
        key=key,
        chords=chords,
        total=total,
        low=low,
        energy=energy,
        rng=rng,
        kick=profile.drum_grid.get("kick", "x...x...x...x..."),
        **({"profile": profile, "span": span} if style == "root_fifth" else {}),
    )
    lowest = min((n.pitch for n in notes), default=low)
    if style != "walking":  # a walking line already moves every beat and approaches each change
        notes = vary_groove(notes, key=key, chords=chords, total=total, energy=energy, rng=rng)
    if style == "root_fifth":
        # Fills and approaches keep to the player's span too: an octave folds them back inside.
        notes = [Note(_fold(n.pitch, lowest, min(TOP, lowest + span)), n.start, n.duration, n.velocity) for n in notes]
    notes = [n for n in notes if n.start < total - 1e-9]
    notes = [Note(n.pitch, n.start, min(n.duration, total - n.start), n.velocity) for n in notes]
    onsets = {round(n.start, 4) for n in notes}
    # A glide needs a note to start on it and one to slide from; groove variation may have moved either.
    glides = [g for g in glides if round(g, 4) in onsets and any(n.start < g < n.end for n in notes)]
    return Part(
        name="bass",
        program=profile.programs["bass"],
        notes=sorted(notes, key=lambda n: n.start),
        glides=sorted(g for g in glides if g < total),
    )


def _kick_onsets(kick: str) -> list[float]:
    return [i * STEP for i, hit in enumerate(kick) if hit != "."] or [0.0]


def _eight_oh_eight(
    *, key: Key, chords: list[ChordEvent], total: float, low: int, energy: float, rng: random.Random, kick: str
) -> tuple[list[Note], list[float]]:
    onsets_in_bar = _kick_onsets(kick)
    onsets = sorted(
        {b * BEATS_PER_BAR + o for b in range(int(total // BEATS_PER_BAR) + 1) for o in onsets_in_bar}
        | _chord_starts(chords)
    )
    onsets = [o for o in onsets if o < total]
    notes: list[Note] = []
    glides: list[float] = []
    for i, onset in enumerate(onsets):
        chord = _chord_at(chords, onset)
        root = bass_pitch(chord.root, low)
        is_chord_start = round(onset, 4) in _chord_starts(chords)
        pitch = root
        if not is_chord_start and energy > 0.5 and rng.random() < 0.3 * energy:
            pitch = root + 12  # the 808 octave jump
        end = onsets[i + 1] if i + 1 < len(onsets) else total
        duration = end - onset
        next_pitch = bass_pitch(_chord_at(chords, end).root, low) if end < total else pitch
        if end < total and next_pitch != pitch and rng.random() < 0.35 + 0.3 * energy:
            duration += GLIDE_OVERLAP
            glides.append(round(end, 4))
        notes.append(Note(pitch, onset, duration, 112 if is_chord_start else 100))
    return notes, glides


def _walking(
    *, key: Key, chords: list[ChordEvent], total: float, low: int, energy: float, rng: random.Random, kick: str
) -> tuple[list[Note], list[float]]:
    scale = harmony_scale(key)
    scale_pcs = {(key.tonic + s) % 12 for s in scale}
    notes: list[Note] = []
    previous = None
    for beat in range(int(total)):
        chord = _chord_at(chords, beat)
        chord_start = round(chord.start_bar * BEATS_PER_BAR)
        next_root_beat = round((chord.start_bar + chord.duration_bars) * BEATS_PER_BAR)
        if beat == chord_start:
            pitch = bass_pitch(chord.root, low)
            if previous is not None and abs(pitch - previous) > 7 and pitch + 12 <= 52:
                pitch += 12 if pitch < previous else 0
        elif beat == next_root_beat - 1 and next_root_beat < total:
            target = bass_pitch(_chord_at(chords, next_root_beat).root, low)
            if previous is not None and abs(target + 12 - previous) < abs(target - previous):
                target += 12
            pitch = target + rng.choice((-1, 1))  # chromatic approach from a semitone away
        else:
            candidates = [
                p
                for p in range(low, low + 24)
                if p % 12 in {q % 12 for q in chord.pitches} or (p % 12 in scale_pcs and rng.random() < 0.3)
            ]
            tones = sorted(candidates, key=lambda p: abs(p - (previous if previous is not None else low + 7)))
            pitch = tones[rng.randrange(min(3, len(tones)))] if tones else bass_pitch(chord.root, low)
        notes.append(Note(pitch, float(beat), 0.92, 96 if beat % 2 == 0 else 86))
        previous = pitch
    return notes, []


# Eighth-note grooves for the octave style: R root, O octave, F fifth, "-" holds the note before.
_OCTAVE_GROOVES = (
    ("R", "R", "O", "R", "R", "R", "O", "R"),
    ("R", "-", "R", "R", "-", "R", "O", "R"),
    ("R", "-", "-", "R", "-", "-", "R", "O"),
    ("R", "-", "O", "R", "-", "R", "F", "R"),
    ("R", "R", "R", "R", "R", "R", "O", "R"),
)


def _octave(
    *, key: Key, chords: list[ChordEvent], total: float, low: int, energy: float, rng: random.Random, kick: str
) -> tuple[list[Note], list[float]]:
    groove = _OCTAVE_GROOVES[rng.randrange(len(_OCTAVE_GROOVES))]
    notes: list[Note] = []
    step = 0.5
    position = 0.0
    while position < total - 1e-9:
        slot = groove[round(position / step) % len(groove)]
        chord = _chord_at(chords, position)
        starts_chord = round(position, 4) in _chord_starts(chords)
        if slot == "-" and not starts_chord and notes:
            held = notes[-1]
            notes[-1] = Note(held.pitch, held.start, round(held.duration + step, 4), held.velocity)
        else:
            root = bass_pitch(chord.root, max(low, 33))
            pitch = {"O": root + 12, "F": root + _fifth(chord)}.get(slot, root) if not starts_chord else root
            notes.append(Note(pitch, position, step * 0.8, 104 if pitch == root else 86))
        position += step
    return notes, []


def _sub(
    *, key: Key, chords: list[ChordEvent], total: float, low: int, energy: float, rng: random.Random, kick: str
) -> tuple[list[Note], list[float]]:
    notes = []
    for chord in chords:
        start = chord.start_bar * BEATS_PER_BAR
        length = chord.duration_bars * BEATS_PER_BAR
        if energy > 0.7 and length >= 2:
            half = length / 2
            notes.append(Note(bass_pitch(chord.root, low), start, half - 0.05, 100))
            notes.append(Note(bass_pitch(chord.root, low), start + half, half - 0.05, 92))
        else:
            notes.append(Note(bass_pitch(chord.root, low), start, length - 0.05, 100))
    return notes, []


_LOG_DRUM_STEPS = (0, 3, 6, 10, 12, 14)


def _log_drum(
    *, key: Key, chords: list[ChordEvent], total: float, low: int, energy: float, rng: random.Random, kick: str
) -> tuple[list[Note], list[float]]:
    notes: list[Note] = []
    glides: list[float] = []
    for bar in range(int(total // BEATS_PER_BAR)):
        for step in _LOG_DRUM_STEPS:
            if step not in (0, 6) and rng.random() > 0.45 + 0.5 * energy:
                continue
            onset = bar * BEATS_PER_BAR + step * STEP
            chord = _chord_at(chords, onset)
            root = bass_pitch(chord.root, low)
            choices = (root, root, root + 7, root + 12) if round(onset, 4) not in _chord_starts(chords) else (root,)
            pitch = choices[rng.randrange(len(choices))]
            notes.append(Note(pitch, onset, 0.45, 118 if step == 0 else 100))
            if pitch != root and rng.random() < 0.4:
                glides.append(round(onset, 4))
    return notes, glides


def _standard(
    *, key: Key, chords: list[ChordEvent], total: float, low: int, energy: float, rng: random.Random, kick: str
) -> tuple[list[Note], list[float]]:
    onsets_in_bar = _kick_onsets(kick)
    notes: list[Note] = []
    starts = _chord_starts(chords)
    for bar in range(int(total // BEATS_PER_BAR)):
        bar_onsets = sorted(
            {bar * BEATS_PER_BAR + o for o in onsets_in_bar}
            | {s for s in starts if bar * BEATS_PER_BAR <= s < (bar + 1) * BEATS_PER_BAR}
        )
        for i, onset in enumerate(bar_onsets):
            chord = _chord_at(chords, onset)
            root = bass_pitch(chord.root, max(low, 33))
            pitch = root
            if round(onset, 4) not in starts and rng.random() < 0.35:
                pitch = root + 7 if root + 7 <= 55 else root - 5  # the fifth as a passing colour
            end = bar_onsets[i + 1] if i + 1 < len(bar_onsets) else (bar + 1) * BEATS_PER_BAR
            notes.append(Note(pitch, onset, max(0.25, min(1.5, end - onset) - 0.05), 104 if pitch == root else 90))
    return notes, []


# Bar figures on the sixteenth grid for the root_fifth style: R root, M the chord's third above the
# root, F fifth, L the fifth below the root, O octave, T tenth (the third above the octave), "-" holds
# the note before, "." a rest.
# Straight figures for pop, syncopated ones (pushes, sixteenth anticipations) for the genres that
# swing more; each family runs from sparse (a note or two a bar, room to breathe) to busy.
_STRAIGHT_FIGURES = (
    "R-------R-------",
    "R-----------F---",
    "R---.---F---.---",
    "R-------F---.-O-",
    "R-----F-O---F---",
    "R-----R-----F-O-",
    "R---F---O---F---",
    "R---M---F---O---",
    "R-----F-O-T-O-F-",
    "R---O-F-R---F-O-",
    "R-----O-----F-O-",
    "R-F---F-O-F---F-",
    "R-F-O-F-R-F-O-F-",
    "R-F-O---R-F-O-F-",
    "R-R-R-R-R-R-R-R-",
    "R-R-F-F-O-O-F-F-",
    "R-M-F-O-F-M-R-F-",
    "R-----L-R---O---",
    "R---O---L---F---",
    "R-O-L-O-R-O-F-O-",
    "R-----R-----R---",
    "R-----F-----O-F-",
    "R-----R-.---F---",
)
_SYNCOPATED_FIGURES = (
    "R-------.-F---R-",
    "R-----O-.-F---R-",
    "R--O--F-R-----F-",
    "R-------O--F--R-",
    "R---.-R-F---R-F-",
    "R-----R---F-O---",
    "R--F--R-R-.-F---",
    "R--O--F-R--F--O-",
    "R---.--MF---.-R-",
    "R--R....F--F.-O-",
    "R-----.-R--F.-M-",
    "R-R-O-.-R-F-O-F-",
    "R-F-R-O-.-O-F-R-",
    "R-O---R-F-R-F-O-",
    "R-O-R-F-R-O-F-R-",
    "R-----L-.-O---R-",
    "R--O--L-R-----T-",
)
# Sixteenth figures for players who push sixteenths (a gallop, a pickup before each beat).
_SIXTEENTH_FIGURES = (
    "R-RR-RR-F-FF-FF-",
    "R--R--R-F--F--FR",
    "R-----FR--O---FR",
    "R---.--RF---.-OF",
    "R-F-O-FRR-F-O-F-",
)
_CELL_SWAPS = {"F": "OL", "O": "FT", "R": "FO", "T": "O", "M": "F", "L": "RO"}


def _mutate(figure: str, rng: random.Random, *, restless: float, breath: float, push: float, sixteenths: bool) -> str:
    """The figure as played this bar: a note held instead of struck, a push, a breath, a pickup, a swap."""
    cells = list(figure)
    struck = [i for i, c in enumerate(cells) if c not in "-." and i > 0]
    if struck and rng.random() < breath:
        # The line breathes: a struck note and what it held fall silent (at least a beat).
        i = rng.choice(struck)
        cells[i] = "."
        for j in range(i + 1, len(cells)):
            if cells[j] != "-":
                break
            cells[j] = "."
        for j in range(i + 1, min(len(cells), i + 4)):
            if cells[j] == "-":
                cells[j] = "."
        struck = [i for i, c in enumerate(cells) if c not in "-." and i > 0]
    if rng.random() < push:
        # A push: a note on beat 2, 3 or 4 comes an eighth early and is held across the beat.
        beats = [i for i in (4, 8, 12) if cells[i] not in "-." and cells[i - 2] in "-."]
        if beats:
            i = rng.choice(beats)
            cells[i - 2], cells[i] = cells[i], "-"
            struck = [i for i, c in enumerate(cells) if c not in "-." and i > 0]
    move = rng.random() if rng.random() < restless else 1.0
    if move < 0.25 and struck:
        cells[rng.choice(struck)] = "-"
    elif move < 0.5 and struck:
        i = rng.choice(struck)
        cells[i] = rng.choice(_CELL_SWAPS[cells[i]])
    elif move < 0.8:
        # A pickup into the next bar: an eighth, or for a sixteenth player the last sixteenth.
        slot = 15 if sixteenths and rng.random() < 0.6 else 14
        if cells[slot] in "-.":
            cells[slot] = rng.choice("FOM")
    elif sixteenths and move < 1.0:
        slot = rng.choice((3, 7, 11))
        if cells[slot] in "-.":
            cells[slot] = rng.choice("RF")
    return "".join(cells)


def _root_fifth(
    *,
    key: Key,
    chords: list[ChordEvent],
    total: float,
    low: int,
    energy: float,
    rng: random.Random,
    kick: str,
    profile: GenreProfile,
    span: int,
) -> tuple[list[Note], list[float]]:
    family = _SYNCOPATED_FIGURES if profile.bass_figures == "syncopated" else _STRAIGHT_FIGURES
    # One player per piece: how busy, how often they vary a bar, breathe, push, or play sixteenths
    # (a player who does not keeps to the eighth grid).
    sixteenths = rng.random() < profile.bass_sixteenths
    eighths = tuple(f for f in family if all(c in "-." for c in f[1::2]))
    pool = family + _SIXTEENTH_FIGURES if sixteenths else eighths
    busy = rng.random() ** 0.7  # players lean busy: a bar or two of breathing thins them anyway
    ranked = sorted(range(len(pool)), key=lambda i: sum(c not in "-." for c in pool[i]))
    centre = round(busy * (len(ranked) - 1))
    near = ranked[max(0, centre - 2) : centre + 3]
    first, second = rng.sample(near, 2)
    plan = rng.choice(((0, 0, 1, 0), (0, 1, 0, 1), (0, 0, 0, 1), (0, 1, 0, 0)))
    restless = rng.uniform(0.4, 1.0)  # how often a bar changes its figure a little
    breath = profile.bass_rests * rng.choice((0.0, 0.5, 1.0, 2.0))
    push = profile.bass_pushes * rng.choice((0.0, 1.0, 2.0))
    starts = _chord_starts(chords)
    # The roots stay within a fifth or so of the key's own bass note rather than drift with the changes.
    # Each player sits a little higher or lower on the neck, which decides in which octave each root
    # falls and so how wide the line spans.
    center = max(low, 33) + 5 + (key.tonic - max(low, 33) - 5) % 12 // 2 + rng.randint(-4, 3)
    root_of: dict[int, int] = {}  # chord index -> its root's pitch, voice-led from the last one
    previous_root = center
    for index, chord in enumerate(chords):
        options = [p for p in range(center - 6, center + 7) if p % 12 == chord.root]
        root_of[index] = min(options, key=lambda p: (abs(p - center), abs(p - previous_root)))
        previous_root = root_of[index]
    # The player keeps to a span above the lowest root: higher chord tones drop an octave or give way.
    top = min(TOP, min(root_of.values()) + span)
    events: list[tuple[float, int | None]] = []  # (onset, pitch); None marks a rest
    for bar in range(-(-int(total) // BEATS_PER_BAR)):
        figure = pool[(first, second)[plan[bar % len(plan)]]]
        figure = _mutate(figure, rng, restless=restless, breath=breath, push=push, sixteenths=sixteenths)
        for step, cell in enumerate(figure):
            onset = bar * BEATS_PER_BAR + step * STEP
            if onset >= total - 1e-9:
                break
            if round(onset, 4) in starts:
                cell = "R"  # every chord's root on its downbeat
            if cell == "-":
                continue
            if cell == ".":
                events.append((onset, None))
                continue
            index = next(i for i, c in enumerate(chords) if c is _chord_at(chords, onset))
            chord = chords[index]
            root = root_of[index]
            third = next((i for i in (4, 3, 2, 5) if any((p - chord.root) % 12 == i for p in chord.pitches)), 7)
            fifth = _fifth(chord)
            below = root + fifth - 12 if root + fifth - 12 >= low else root + fifth
            pitch = {"M": root + third, "F": root + fifth, "L": below, "O": root + 12, "T": root + 12 + third}.get(
                cell, root
            )
            if pitch > top:
                pitch = next((p for p in (pitch - 12, root + fifth, root) if p <= top and p >= low), root)
            events.append((onset, pitch))
    notes: list[Note] = []
    for i, (onset, played) in enumerate(events):
        if played is None:
            continue
        end = events[i + 1][0] if i + 1 < len(events) else total
        accent = 108 if round(onset, 4) in starts else (98 if onset % 1 == 0 else 88)
        notes.append(Note(played, round(onset, 4), round(max(0.2, (end - onset) * 0.9), 4), accent))
    return notes, []
