"""Melodies built like a songwriter builds them: a motif, then phrases made from it.

A melody is a chain of two-bar phrases. The first states a motif (a rhythm from the genre's
cells, pushed across a beat in syncopated genres, and a contour of steps, repeated notes and the
odd leap); the next repeats it with a changed ending, the third sequences it (the same shape a
scale step or two higher or lower, further for a compact motif), the fourth answers (starts like
the motif, then falls to a stable tone: the tonic at the final cadence, the third or fifth at half
cadences). Longer melodies repeat this four-phrase period with variation.

The rhythm changes from phrase to phrase while the motif stays recognisable: every phrase after
the statement gets one or two moves of :mod:`.rhythm` (notes split or merged, a push an eighth or
a sixteenth before the beat, a rest inside the phrase, a late start), and some phrases are led in
by a pickup of one or two short notes in the previous phrase's breath. Songs differ in how they
treat the motif's rhythm, as real pop melodies do (they are bimodal: README, "Music statistics"):
a strict song keeps each phrase's first bar in the motif's rhythm and changes only its ending bar,
breathing the same way every time and without pickups; a free song changes the rhythm throughout
and hardly sings the same bar twice; most vary a note or two per phrase. A song also sings either
in sixteenths or in an eighth-note feel (no sixteenth cells, pushes by an eighth, one-note pickups).

Rules applied to every phrase: notes on strong beats (beats 1 and 3) are chord tones of the chord
sounding there (only those inside the scale, so the melody stays in key), and a weak-beat note
reached by a skip lands on a chord tone too, so a phrase dwells on few pitch classes; a leap of
more than a fourth is followed by a step back in the other direction; every phrase ends with a
held note and a breath (a rest) before the next; the line keeps to a tessitura of about an octave
and a half inside ``octave_range`` octaves around the genre's register (it turns back at the edge),
moved up with the energy (a chorus sits higher than its verse). Each song draws how much its line
dwells: snapped notes, and notes on beats 2 and 4 a step from one, take the home tones (the tonic
triad's) where the chord has them, and a strong beat keeps the previous tone when the new chord
shares it (a seventh or ninth too), so a line concentrates on few pitch classes as real ones do.
Velocity follows the metre (accents on strong beats) and the energy.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from .genres import GenreProfile, get_genre
from .rhythm import Event, anticipate, vary_rhythm
from .theory import Key
from .types import BEATS_PER_BAR, ChordEvent, Note, Part

PHRASE_BARS = 2
# Scale steps a line's motif and its sequence span together at least (a compact motif's sequence moves
# further).
REACH = (6, 7)
# Sixteenth-note cells a line may take up (a seeded share of songs sings in sixteenths).
SIXTEENTH_CELLS: tuple[tuple[float, ...], ...] = ((0.25, 0.25, 0.5), (0.75, 0.25), (0.25, 0.5, 0.25), (0.5, 0.25, 0.25))
# Eighth-note cells every line in an eighth-note feel may take (with the genre's own eighth-note cells):
# straight eighths and the pushed eighth figure that replaces a sixteenth feel's syncopations.
EIGHTH_CELLS: tuple[tuple[float, ...], ...] = ((0.5, 0.5), (1.0,), (0.5, 1.0, 0.5))
# Shares of songs that keep their motif's rhythm exactly, and of songs that vary it in every phrase.
STRICT_SHARE = 0.3
FREE_SHARE = 0.3
# Semitones a chorus line's average sits above its verse's (songs).
LIFT = 3
DARK_MOODS = frozenset({"dark", "sad", "melancholic", "aggressive", "tense", "mysterious", "angry"})
BRIGHT_MOODS = frozenset({"happy", "uplifting", "euphoric", "hopeful", "energetic", "confident"})


@dataclass(slots=True)
class Motif:
    """Onsets/durations (beats from the phrase start) and scale-index offsets from the first note."""

    rhythm: list[tuple[float, float]]
    contour: list[int]


def is_strong_beat(beat_in_bar: float) -> bool:
    return abs(beat_in_bar - round(beat_in_bar)) < 1e-9 and round(beat_in_bar) % 2 == 0


def _chord_at(chords: list[ChordEvent], beat: float) -> ChordEvent | None:
    bar = beat / BEATS_PER_BAR
    for event in chords:
        if event.start_bar <= bar + 1e-9 < event.start_bar + event.duration_bars:
            return event
    return chords[-1] if chords else None


def _phrase_rhythm(
    profile: GenreProfile, density: float, rng: random.Random, length: float, sixteenth_weight: float = 1.0
) -> list[tuple[float, float]]:
    """Fill ``length`` beats with the genre's cells, keeping a breath at the end; cells with sixteenths
    weigh ``sixteenth_weight`` (how much the song sings in them)."""
    cells = list(profile.melody_rhythm_cells)
    target = 0.3 + 2.4 * density  # notes per beat wanted

    def weight(cell: tuple[float, ...], at: float) -> float:
        per_beat = len(cell) / sum(cell)
        fit = 1.0 / (0.15 + abs(per_beat - target)) ** 2
        # A cell that, placed here, holds an off-beat note across the next beat is a push: as common
        # as the melody's feel is syncopated (straight melodies all but avoid them).
        onset, pushes = at, False
        for duration in cell:
            pushes |= onset % 1 > 1e-9 and onset + duration > int(onset) + 1 + 1e-9
            onset += duration
        if any(round(d * 2) != d * 2 for d in cell):
            fit *= sixteenth_weight
        return fit * (0.15 + 2.0 * profile.syncopation) if pushes else fit

    events: list[tuple[float, float]] = []
    position = 0.0
    body = length - (1.0 if density < 0.6 else 0.5)  # the breath before the next phrase
    while position < body - 1e-9:
        fitting = [c for c in cells if position + sum(c) <= body + 1e-9]
        if not fitting:
            events.append((position, body - position))
            break
        cell = rng.choices(fitting, weights=[weight(c, position) for c in fitting])[0]
        for duration in cell:
            events.append((position, duration))
            position += duration
    if events:
        # The phrase ends on a held note: the last note absorbs up to a beat of the breath... but
        # never all of it, so a rest always separates phrases.
        start, duration = events[-1]
        events[-1] = (start, min(length - start - 0.25, max(duration, 1.0)))
    if rng.random() < 0.35 * density and len(events) > 2:
        # An anacrusis-like rest at the start keeps some phrases from all starting on the downbeat.
        first_start, first_duration = events[0]
        if first_duration >= 1.0:
            events[0] = (first_start + 0.5, first_duration - 0.5)
    return events


def _motif_contour(
    count: int, leap_tendency: float, complexity: float, rng: random.Random, repeats: float = 0.32
) -> list[int]:
    """Scale-index offsets: steps and repeated notes (``repeats`` of the moves that are not leaps), an
    occasional leap recovered by contrary motion."""
    contour = [0]
    direction = rng.choice((-1, 1))
    for i in range(1, count):
        previous = contour[-1] - contour[-2] if i > 1 else 0
        if abs(previous) >= 3:
            move = -1 if previous > 0 else 1  # recover a leap with a step the other way
        elif rng.random() < leap_tendency * (0.3 + 0.5 * complexity):
            move = direction * rng.choice((2, 3, 4))
            direction = -direction
        else:
            roll = rng.random()
            if roll < 0.25:
                direction = -direction
            # Repeated notes, then steps, now and then a third.
            move = 0 if roll > 1 - repeats else direction * (1 if roll < 0.88 * (1 - repeats) else 2)
        contour.append(contour[-1] + move)
        if abs(contour[-1]) > 5:  # keep the motif compact
            direction = -1 if contour[-1] > 0 else 1
    return contour


class _MelodyWriter:
    def __init__(self, key: Key, chords: list[ChordEvent], low: int, high: int, rng: random.Random, dwell: float = 0.0):
        self.key = key
        # How often a snapped note takes a chord tone of the key's tonic triad (within a step of the
        # nearest chord tone): melodies dwell on the home tones, which the chords mostly share.
        self.dwell = dwell
        degrees = key.pitch_classes
        self.home = {degrees[d % len(degrees)] for d in (0, 2, 4)}
        self.chords = chords
        self.scale = key.scale_pitches(low, high)
        self.rng = rng
        self.scale_pcs = {p % 12 for p in self.scale}

    def chord_tone_indices(self, beat: float) -> list[int]:
        chord = _chord_at(self.chords, beat)
        if chord is None:
            return list(range(len(self.scale)))
        # The triad: a seventh or a sixth colours the chord but is not where a line rests, and real
        # melodies dwell on fewer pitch classes than a seventh or ninth chord offers.
        triad = {p % 12 for p in chord.pitches if (p - chord.root) % 12 not in (2, 9, 10, 11)}
        tones = triad & self.scale_pcs or {chord.root}
        return [i for i, p in enumerate(self.scale) if p % 12 in tones]

    def home_tones(self, beat: float, index: int, reach: int) -> list[int]:
        """Home tones (the tonic triad's) within ``reach`` scale steps that the chord at ``beat`` holds, its
        seventh or ninth included: a line that dwells may sit on the tonic while the chord calls it a ninth."""
        chord = _chord_at(self.chords, beat)
        held = {p % 12 for p in chord.pitches} if chord is not None else set(self.scale_pcs)
        wanted = held & self.home
        return [
            t
            for t in range(max(0, index - reach), min(len(self.scale), index + reach + 1))
            if self.scale[t] % 12 in wanted
        ]

    def nearest(self, index: int, candidates: list[int]) -> int:
        return min(candidates, key=lambda c: (abs(c - index), c)) if candidates else index

    def clamp(self, index: int) -> int:
        """Inside the tessitura: a line that runs past its edge turns back instead of sticking to it."""
        top = len(self.scale) - 1
        if index < 0:
            index = -index
        elif index > top:
            index = 2 * top - index
        return max(0, min(top, index))

    def realise(self, start_beat: float, motif: Motif, anchor: int, ending: str | None) -> tuple[list[Note], int]:
        """Pitches for one phrase from ``motif`` placed at scale index ``anchor``."""
        indices: list[int] = []
        previous_offset = 0
        for (onset, _), offset in zip(motif.rhythm, motif.contour, strict=True):
            beat = start_beat + onset
            index = self.clamp(anchor + offset)
            skipped = bool(indices) and abs(offset - previous_offset) >= 2
            if not (is_strong_beat(beat % BEATS_PER_BAR) or not indices or skipped) and abs(beat - round(beat)) < 1e-9:
                # Beats 2 and 4: a line that dwells on the home tones takes one a step away.
                home = self.home_tones(beat, index, 1)
                if home and self.rng.random() < self.dwell:
                    index = self.nearest(index, home)
            elif is_strong_beat(beat % BEATS_PER_BAR) or not indices or skipped:
                # A skip on a weak beat lands on a chord tone as well: the line dwells on the harmony.
                tones = self.chord_tone_indices(beat)
                snapped = self.nearest(index, tones)
                home = self.home_tones(beat, index, 2)
                if home and self.rng.random() < self.dwell:
                    snapped = self.nearest(index, home)
                direction = (offset > previous_offset) - (offset < previous_offset)
                if indices and direction and snapped == indices[-1]:
                    # Snapping must not flatten the motif's contour: keep moving the way it moves.
                    onward = [t for t in tones if (t - indices[-1]) * direction > 0]
                    snapped = min(onward, key=lambda t: abs(t - index)) if onward else snapped
                index = snapped
                chord = _chord_at(self.chords, beat)
                held = indices[-1] if indices else None
                if (
                    chord is not None
                    and held is not None
                    and abs(held - index) <= 1
                    and self.scale[held] % 12 in {p % 12 for p in chord.pitches}
                    and self.rng.random() < self.dwell
                ):
                    # The line stays on a tone the new chord shares (its seventh or ninth as well):
                    # the harmony moves under a melody that dwells.
                    index = held
            indices.append(index)
            previous_offset = offset
        for i in range(1, len(indices) - 1):  # recover large leaps with a step back
            leap = self.scale[indices[i]] - self.scale[indices[i - 1]]
            beat = start_beat + motif.rhythm[i + 1][0]
            if abs(leap) > 5 and not is_strong_beat(beat % BEATS_PER_BAR):
                indices[i + 1] = self.clamp(indices[i] - (1 if leap > 0 else -1))
        if ending is not None and indices:
            last_beat = start_beat + motif.rhythm[-1][0]
            if ending == "tonic":
                targets = [i for i, p in enumerate(self.scale) if p % 12 == self.key.tonic]
            else:
                targets = self.chord_tone_indices(last_beat)
            final = self.nearest(indices[-1], targets)
            # Approach the final tone by step from the note before it.
            if len(indices) > 2 and abs(indices[-2] - final) > 2:
                indices[-2] = self.clamp(final + (1 if indices[-2] > final else -1))
            indices[-1] = final
        notes = [
            Note(self.scale[index], round(start_beat + onset, 4), round(duration, 4), 0)
            for (onset, duration), index in zip(motif.rhythm, indices, strict=True)
        ]
        return notes, indices[0]


def _events(motif: Motif) -> list[Event]:
    return [Event(o, d, c) for (o, d), c in zip(motif.rhythm, motif.contour, strict=True)]


def _motif(events: list[Event]) -> Motif:
    return Motif([(e.onset, e.duration) for e in events], [e.offset for e in events])


def _close_phrase(events: list[Event], length: float, breath: float) -> list[Event]:
    """No overlaps, and the phrase ends on a held note that leaves ``breath`` beats before the next phrase."""
    events = sorted((e for e in events if e.onset < length - 0.5), key=lambda e: e.onset)
    closed = [
        Event(e.onset, min(e.duration, events[i + 1].onset - e.onset) if i + 1 < len(events) else e.duration, e.offset)
        for i, e in enumerate(events)
    ]
    while len(closed) > 3 and closed[-1].onset > length - breath - 1.0 + 1e-9:
        closed.pop()  # the phrase ends sooner rather than on a clipped note
    if closed:
        last = closed[-1]
        held = min(length - last.onset - breath, max(last.duration, 1.5))
        if held < 0.75:  # a phrase ends on a long note: the breath gives way first
            held = min(max(last.duration, 1.0), length - last.onset - 0.25)
        closed[-1] = Event(last.onset, max(held, min(0.25, length - last.onset - 0.25)), last.offset)
    return closed


def _phrase_events(
    motif: list[Event],
    role: str,
    phrase: int,
    profile: GenreProfile,
    density: float,
    complexity: float,
    rng: random.Random,
    length: float,
    plan: str = "varied",
    sixteenths: bool = True,
    sixteenth_weight: float = 1.0,
) -> list[Event]:
    """The motif as this phrase plays it: rhythm moves grow from the repeat to the answer.

    ``plan`` is how the song treats its motif's rhythm: ``strict`` keeps it exactly in every phrase
    (only the answer's second half is new), ``varied`` moves a note or two per phrase, ``free`` keeps
    only the motif's outline and changes the rhythm in every phrase, the first repeat of it included."""
    syncopation = profile.syncopation
    extra = 2 if plan == "free" else 0

    def vary(events: list[Event], amount: int) -> list[Event]:
        if amount + extra <= 0:
            return list(events)
        if plan == "strict":
            # The phrase's first bar keeps the motif's rhythm; only its ending bar changes.
            head = [e for e in events if e.onset < BEATS_PER_BAR]
            tail = [e for e in events if e.onset >= BEATS_PER_BAR]
            if len(tail) < 2:
                return list(events)
            return head + vary_rhythm(
                tail, amount=1, syncopation=syncopation, rng=rng, density=density, sixteenths=sixteenths
            )
        return vary_rhythm(
            events, amount=amount + extra, syncopation=syncopation, rng=rng, density=density, sixteenths=sixteenths
        )

    if role == "statement":
        if phrase == 0:
            return list(motif)
        return vary(motif, 0 if complexity <= 0.3 else 1)
    if role == "repeat":
        events = vary(motif, 1)
        if len(events) > 2:
            last, before = events[-1], events[-2]
            events[-1] = Event(last.onset, last.duration, last.offset + rng.choice((-2, -1, 1, 2)))
            events[-2] = Event(before.onset, before.duration, before.offset + rng.choice((-1, 0, 1)))
        return events
    if role == "sequence":
        return vary(motif, 1 + (complexity > 0.5))
    # The answer: the motif's first half, then a new rhythm falling to the phrase's resting tone.
    half = length / 2
    head = [e for e in motif if e.onset < half]
    if not head:
        return list(motif)
    head[-1] = Event(head[-1].onset, min(head[-1].duration, half - head[-1].onset), head[-1].offset)
    fresh = [Event(o, d, 0) for o, d in _phrase_rhythm(profile, density, rng, length, sixteenth_weight) if o >= half]
    tail = [Event(e.onset, e.duration, head[-1].offset - (i + 1)) for i, e in enumerate(fresh)]
    if len(head) <= 2:
        return head + tail
    return vary(head + tail, 1)


def _pickup(
    previous: list[Note], start: float, first: Note, writer: _MelodyWriter, rng: random.Random, sixteenths: bool
) -> list[Note]:
    """One or two short notes leading by step into a phrase; the previous phrase is shortened to make room.
    Two notes are sixteenths: a line in an eighth-note feel takes one."""
    count = rng.choice((1, 1, 2)) if sixteenths else 1
    onset = start - 0.5
    if not previous or previous[-1].start > onset - 0.5:
        return []
    for i in range(len(previous) - 1, -1, -1):
        note = previous[i]
        if note.end > onset - 0.15:
            previous[i] = Note(note.pitch, note.start, round(max(0.25, onset - 0.15 - note.start), 4), note.velocity)
        else:
            break
    index = writer.scale.index(first.pitch) if first.pitch in writer.scale else len(writer.scale) // 2
    direction = rng.choice((-1, 1))
    if count == 1:
        return [Note(writer.scale[writer.clamp(index - direction)], onset, 0.4, 0)]
    return [
        Note(writer.scale[writer.clamp(index - 2 * direction)], onset, 0.2, 0),
        Note(writer.scale[writer.clamp(index - direction)], onset + 0.25, 0.15, 0),
    ]


def compose_melody(
    *,
    key: Key,
    genre: str | GenreProfile,
    chords: list[ChordEvent],
    bars: int,
    mood: str = "neutral",
    energy: float = 0.6,
    complexity: float = 0.5,
    humanization: float = 0.3,
    note_density: float = 0.6,
    octave_range: int = 2,
    seed: int,
    program: int | None = None,
    name: str = "melody",
    above: float | None = None,
) -> Part:
    """A melody of exactly ``bars`` bars over ``chords``; with ``above`` (another section's average pitch),
    a line whose average sits :data:`LIFT` semitones or more above it where the tessitura allows."""
    profile = get_genre(genre)
    rng = random.Random(seed)
    low_register, high_register = profile.melody_register
    center = (low_register + high_register) // 2
    mood = (mood or "").lower()
    center += -3 if mood in DARK_MOODS else (2 if mood in BRIGHT_MOODS else 0)
    center += round(10 * (energy - 0.6))  # sections with more energy sing higher
    # A line keeps to a tessitura narrower than the octave range allows: real pop melodies span 10 to
    # 17 semitones in eight bars (README, "Music statistics"). Each melody draws its own.
    octaves = max(1, octave_range)
    span = min(12 * octaves, rng.choice(profile.melody_tessituras) + 6 * (octaves - 2))
    low, high = center - span // 2, center + span - span // 2
    # How much a line dwells on the home tones (the tonic triad's, where the chord has them) and holds a
    # tone the next chord shares: real pop melodies put about 70% of their notes on three pitch classes.
    writer = _MelodyWriter(key, chords, low, high, rng, dwell=rng.uniform(*profile.melody_dwell))
    # Songs of one genre differ in how busy their lines are (real pop lines sing 3 to 8 notes a bar): a
    # seeded nudge as far up as down (less in a sparse genre, where a few notes fewer would leave a
    # handful of leaps).
    spread = min(1.0, profile.melody_density / 0.5)
    density = 0.7 * note_density + 0.3 * profile.melody_density + 0.3 * (energy - 0.5) + spread * rng.uniform(-0.4, 0.4)
    density = max(0.05, min(1.0, density))
    # Songs of one genre also differ in feel: how much they push across the beat, whether they sing
    # in sixteenths, how long they breathe between phrases (real pop melodies spread widely on all
    # three: README, "Music statistics"). Each melody draws its own.
    # A song sings in sixteenths or in an eighth-note feel (about half of real pop melodies have no
    # sixteenth off-beat at all): an eighth-note line leaves the genre's sixteenth cells out.
    share = profile.melody_sixteenths if profile.melody_sixteenths is not None else 0.2 + profile.syncopation
    sixteenths = rng.random() < share
    cells = profile.melody_rhythm_cells
    if sixteenths:
        cells += SIXTEENTH_CELLS
    else:
        eighths = tuple(c for c in cells if all(round(d * 2) == d * 2 for d in c))
        cells = eighths + tuple(c for c in EIGHTH_CELLS if c not in eighths)
    profile = replace(
        profile, syncopation=min(0.9, profile.syncopation * rng.uniform(0.0, 1.3)), melody_rhythm_cells=cells
    )
    breathing = rng.choice((0.5, 1.0, 1.5, 2.0, 2.0, 3.0))
    # How the song treats its motif's rhythm: real pop melodies are bimodal, some repeat their bars'
    # rhythms exactly from phrase to phrase, others hardly ever sing the same bar twice.
    roll = rng.random()
    rhythm_plan = "strict" if roll < STRICT_SHARE else ("free" if roll > 1 - FREE_SHARE else "varied")
    song_breath = rng.choice((0.25, 0.5, 1.0) if density > 0.7 else (0.5, 1.0, 1.0, 1.5))

    phrase_beats = min(bars, PHRASE_BARS) * BEATS_PER_BAR
    # How much a sixteenth-feel song sings in sixteenths, and how often a line repeats a note (chant-like
    # lines and flowing ones): both spread widely among real pop melodies.
    sixteenth_weight = 0.25 * 12 ** rng.random()  # from a touch (0.25) to mostly sixteenths (3)
    repeats = rng.uniform(0.0, 0.6)  # from lines that hardly repeat a note to chant-like ones (POP909: 7-39%)
    base_rhythm = _phrase_rhythm(profile, density, rng, phrase_beats, sixteenth_weight)
    contour = _motif_contour(len(base_rhythm), profile.leap_tendency, complexity, rng, repeats)
    motif_events = _events(Motif(base_rhythm, contour))
    if rng.random() < profile.syncopation:
        # The motif's own push, heard in each phrase (by an eighth in an eighth-note feel).
        motif_events = anticipate(motif_events, rng, None if sixteenths else 0.5)
    middle = len(writer.scale) // 2
    anchor = writer.nearest(middle, writer.chord_tone_indices(0.0))
    if above is not None:
        # A chorus lifts: its motif starts where the line's average sits a few semitones above the verse's
        # (the tessitura alone moves with the energy, but a line may sit anywhere inside it).
        def line_mean(start: int) -> float:
            return sum(writer.scale[writer.clamp(start + offset)] for offset in contour) / len(contour)

        lifted = [t for t in writer.chord_tone_indices(0.0) if line_mean(t) >= above + LIFT]
        # Where no start lifts it that far, the line starts where it sits highest the tessitura allows.
        anchor = min(lifted) if lifted else max(writer.chord_tone_indices(0.0), key=line_mean, default=anchor)

    phrase_count = max(1, -(-bars // PHRASE_BARS))
    plan = ("statement", "repeat", "sequence", "answer")
    sequence_step = rng.choice((1, 2, 2, 3, -1, -2))
    reach = rng.choice(REACH) - (max(contour) - min(contour))

    def sing(anchor: int) -> list[Note]:
        """The line from the motif placed at scale index ``anchor``."""
        step = sequence_step
        # A compact motif is sequenced further, towards the side of the tessitura with room, so the line
        # spans what real pop lines span in eight bars (12 to 17 semitones, README) instead of circling.
        if reach > abs(step):
            room_up = len(writer.scale) - 1 - (anchor + max(contour))
            room_down = anchor + min(contour)
            step = min(reach, max(room_up, room_down, 1)) * (1 if room_up >= room_down else -1)
        notes: list[Note] = []
        for phrase in range(phrase_count):
            start = phrase * PHRASE_BARS * BEATS_PER_BAR
            remaining = bars * BEATS_PER_BAR - start
            role = plan[phrase % 4]
            is_last = phrase == phrase_count - 1
            events = _phrase_events(
                motif_events,
                role,
                phrase,
                profile,
                density,
                complexity,
                rng,
                phrase_beats,
                rhythm_plan,
                sixteenths,
                sixteenth_weight,
            )
            # Busy lines breathe briefly; sparse ones leave a beat or more before the next phrase (a
            # strict song breathes the same way every time).
            breath = (
                song_breath
                if rhythm_plan == "strict"
                else rng.choice((0.25, 0.5, 1.0) if density > 0.7 else (0.5, 1.0, 1.0, 1.5))
            )
            breath = breath if not is_last else 0.25
            breath = min(phrase_beats / 2, breath * breathing) if not is_last else breath
            events = _close_phrase(events, min(phrase_beats, remaining), breath)
            if not events:
                continue
            phrase_anchor = anchor + (step if role == "sequence" else 0)
            ending = "tonic" if is_last else ("stable" if role in ("answer", "repeat") else None)
            phrase_notes, _ = writer.realise(start, _motif(events), phrase_anchor, ending)
            pickup = rhythm_plan != "strict" and rng.random() < 0.2 + 0.4 * profile.syncopation
            if phrase > 0 and events[0].onset == 0 and pickup:
                notes.extend(_pickup(notes, start, phrase_notes[0], writer, rng, sixteenths))
            notes.extend(phrase_notes)
        return notes

    def average(line: list[Note]) -> float:
        return sum(n.pitch for n in line) / max(1, len(line))

    state = rng.getstate()
    notes = sing(anchor)
    if above is not None:
        # The realised line must sit above the verse (snapping and the sequence move it from the motif's
        # estimate): sung again from the next start up, the same rhythm and choices, until it does (or
        # the highest it sings, where the tessitura stops it).
        for higher in sorted(t for t in writer.chord_tone_indices(0.0) if t > anchor):
            if average(notes) >= above + LIFT:
                break
            rng.setstate(state)
            notes = max(notes, sing(higher), key=average)

    total = bars * BEATS_PER_BAR
    shaped: list[Note] = []
    for note in notes:
        beat_in_bar = note.start % BEATS_PER_BAR
        accent = 14 if is_strong_beat(beat_in_bar) else (6 if abs(beat_in_bar - round(beat_in_bar)) < 1e-9 else 0)
        velocity = 70 + int(30 * energy) + accent + int(rng.uniform(-1, 1) * 10 * humanization)
        offset = rng.uniform(0, 1) * 0.015 * humanization if note.start > 0 else 0.0
        onset = round(min(note.start + offset, total - 0.05), 4)
        duration = round(max(0.05, min(note.duration * (0.92 if profile.name != "ambient" else 1.0), total - onset)), 4)
        shaped.append(Note(note.pitch, onset, duration, max(1, min(127, velocity))))
    return Part(name=name, program=profile.programs["melody"] if program is None else program, notes=shaped)
