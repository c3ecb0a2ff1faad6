"""Genre profiles: the one place where what a genre sounds like is written down.

Each profile holds a tempo range, typical scales and progressions (roman numerals, for minor-
and major-mode keys), a drum grid, a bass style, swing, General MIDI programs and the genre's
melodic habits (rhythm cells, density, register, leap tendency, syncopation).

Drum grids are one bar of sixteen steps per instrument, written as strings: ``X`` accent,
``x`` normal hit, ``o`` soft, ``g`` ghost, ``.`` rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import EngineParameterError

# General MIDI percussion keys used by the grids.
DRUM_KEYS: dict[str, int] = {
    "kick": 36,
    "rim": 37,
    "snare": 38,
    "clap": 39,
    "hat": 42,
    "pedal_hat": 44,
    "open_hat": 46,
    "low_tom": 45,
    "mid_tom": 47,
    "high_tom": 50,
    "crash": 49,
    "ride": 51,
    "cowbell": 56,
    "high_conga": 63,
    "low_conga": 64,
    "shaker": 70,
    "clave": 75,
}
HIT_VELOCITY: dict[str, int] = {"X": 118, "x": 96, "o": 72, "g": 38}

STEPS_PER_BAR = 16


@dataclass(frozen=True, slots=True)
class GenreProfile:
    name: str
    bpm_range: tuple[int, int]
    default_bpm: int
    scales: tuple[str, ...]
    minor_progressions: tuple[tuple[str, ...], ...]
    major_progressions: tuple[tuple[str, ...], ...]
    drum_grid: dict[str, str]
    bass_style: str
    programs: dict[str, int]
    # How a ``root_fifth`` bass player plays (other styles ignore these): the figure family
    # ("straight" or "syncopated"), how often a bar breathes (a beat or more left silent), the share
    # of players who play sixteenths, how often a bar pushes a note an eighth early, and the span
    # (semitones, lowest to highest note) a player keeps to, drawn per piece from this range.
    bass_figures: str = "straight"
    bass_rests: float = 0.3
    bass_sixteenths: float = 0.3
    bass_pushes: float = 0.2
    bass_span: tuple[int, int] = (19, 26)
    swing: float = 0.5
    chord_rhythm_bars: float = 1.0
    hat_rolls: bool = False
    ghost_notes: bool = False
    half_time: bool = False
    seventh_chords: float = 0.2
    melody_rhythm_cells: tuple[tuple[float, ...], ...] = ((0.5, 0.5), (1.0,), (0.75, 0.25), (0.5, 0.25, 0.25))
    melody_density: float = 0.6
    melody_register: tuple[int, int] = (60, 79)
    leap_tendency: float = 0.25
    syncopation: float = 0.3
    # Share of a genre's melodies that sing in sixteenths (the others in an eighth-note feel); None:
    # 0.2 + syncopation.
    melody_sixteenths: float | None = None
    # How much a genre's melodies dwell on the home tones (each draws its own between these bounds).
    melody_dwell: tuple[float, float] = (0.0, 0.8)
    # Tessituras (semitones, at the default two-octave range) a melody draws and turns back from.
    melody_tessituras: tuple[int, ...] = (19, 20, 21)
    energy: float = 0.6
    fill_instruments: tuple[str, ...] = ("snare", "high_tom", "mid_tom", "low_tom")
    moods: tuple[str, ...] = field(default=())

    @property
    def default_scale(self) -> str:
        return self.scales[0]


def _programs(melody: int, chords: int, bass: int, arp: int, pad: int, counter: int | None = None) -> dict[str, int]:
    return {
        "melody": melody,
        "chords": chords,
        "bass": bass,
        "arp": arp,
        "pad": pad,
        "counter_melody": melody if counter is None else counter,
        "vocals": 52,
    }


_TRAP_MINOR = (
    ("i", "VI", "III", "VII"),
    ("i", "iv", "VI", "V"),
    ("i", "VI", "iv", "V"),
    ("i", "i", "VI", "VII"),
    ("i", "iv", "i", "V"),
)
_POP_MAJOR = (
    ("I", "V", "vi", "IV"),
    ("vi", "IV", "I", "V"),
    ("I", "vi", "IV", "V"),
    ("IV", "I", "V", "vi"),
    ("I", "IV", "vi", "V"),
)
_POP_MINOR = (("i", "VI", "III", "VII"), ("i", "VII", "VI", "VII"), ("i", "iv", "VI", "VII"))
_JAZZY_MAJOR = (
    ("ii7", "V7", "I7", "vi7"),
    ("I7", "vi7", "ii7", "V7"),
    ("IV7", "iii7", "ii7", "I7"),
    ("iii7", "vi7", "ii7", "V7"),
)
_JAZZY_MINOR = (
    ("i7", "iv7", "VII7", "III7"),
    ("ii7", "V7", "i7", "i7"),
    ("i7", "VI7", "ii7", "V7"),
    ("iv7", "VII7", "III7", "VI7"),
)
_EDM_MINOR = (("i", "VI", "III", "VII"), ("VI", "VII", "i", "i"), ("i", "VII", "VI", "VII"), ("VI", "III", "VII", "i"))
_EDM_MAJOR = (("vi", "IV", "I", "V"), ("I", "V", "vi", "IV"), ("IV", "V", "vi", "vi"))

GENRES: dict[str, GenreProfile] = {
    "trap": GenreProfile(
        name="trap",
        bpm_range=(130, 160),
        default_bpm=140,
        scales=("minor", "harmonic_minor", "phrygian"),
        minor_progressions=_TRAP_MINOR,
        major_progressions=(("vi", "IV", "I", "V"), ("I", "iii", "vi", "IV")),
        drum_grid={
            "kick": "X.....x...x.....",
            "snare": "........X.......",
            "clap": "........x.......",
            "hat": "x.x.x.x.x.x.x.x.",
            "open_hat": "..............o.",
        },
        bass_style="808",
        programs=_programs(melody=81, chords=4, bass=38, arp=80, pad=89, counter=11),
        chord_rhythm_bars=1.0,
        hat_rolls=True,
        half_time=True,
        seventh_chords=0.1,
        melody_rhythm_cells=((0.5, 0.5), (0.25, 0.25, 0.5), (0.75, 0.75, 0.5), (1.0, 0.5, 0.5), (0.5, 1.0, 0.5)),
        melody_density=0.55,
        melody_register=(63, 82),
        leap_tendency=0.3,
        syncopation=0.45,
        energy=0.8,
    ),
    "drill": GenreProfile(
        name="drill",
        bpm_range=(138, 146),
        default_bpm=142,
        scales=("minor", "harmonic_minor"),
        minor_progressions=(
            ("i", "VI", "VII", "i"),
            ("i", "iv", "v", "VI"),
            ("i", "VI", "III", "VII"),
            ("i", "iv", "VI", "V"),
        ),
        major_progressions=(("vi", "IV", "V", "vi"),),
        drum_grid={
            "kick": "X.........x.....",
            "snare": "........X.....g.",
            "clap": "........x.......",
            "hat": "x..x..x.x..x..x.",
            "open_hat": "................",
        },
        bass_style="808",
        programs=_programs(melody=0, chords=48, bass=38, arp=11, pad=49, counter=40),
        chord_rhythm_bars=1.0,
        hat_rolls=True,
        ghost_notes=True,
        half_time=True,
        seventh_chords=0.05,
        melody_rhythm_cells=((0.75, 0.75, 0.5), (0.5, 0.5), (0.25, 0.25, 0.25, 0.25), (1.5, 0.5)),
        melody_density=0.5,
        melody_register=(62, 81),
        leap_tendency=0.3,
        syncopation=0.5,
        energy=0.8,
    ),
    "lofi": GenreProfile(
        name="lofi",
        bpm_range=(70, 92),
        default_bpm=82,
        scales=("dorian", "minor", "major"),
        minor_progressions=_JAZZY_MINOR,
        major_progressions=_JAZZY_MAJOR,
        drum_grid={
            "kick": "x......x..x.....",
            "snare": "....x.......x...",
            "hat": "x.x.x.x.x.x.x.x.",
            "rim": "..........g.....",
        },
        bass_style="standard",
        programs=_programs(melody=4, chords=4, bass=32, arp=11, pad=89, counter=73),
        swing=0.6,
        chord_rhythm_bars=1.0,
        ghost_notes=True,
        seventh_chords=0.9,
        melody_rhythm_cells=((1.0, 0.5, 0.5), (0.5, 0.5), (1.5, 0.5), (0.75, 0.25, 1.0)),
        melody_density=0.45,
        melody_register=(62, 79),
        leap_tendency=0.2,
        syncopation=0.35,
        energy=0.35,
    ),
    "boom_bap": GenreProfile(
        name="boom_bap",
        bpm_range=(84, 96),
        default_bpm=90,
        scales=("minor", "dorian"),
        minor_progressions=(("i7", "iv7", "i7", "V7"), ("i", "VI", "iv", "V"), ("i7", "VII", "VI", "V7")),
        major_progressions=(("ii7", "V7", "I7", "I7"), ("I", "vi", "ii", "V")),
        drum_grid={"kick": "X.....x...x.....", "snare": "....X.......X...", "hat": "x.x.x.x.x.x.x.xo"},
        bass_style="standard",
        programs=_programs(melody=0, chords=0, bass=33, arp=11, pad=48, counter=56),
        swing=0.58,
        chord_rhythm_bars=2.0,
        ghost_notes=True,
        seventh_chords=0.6,
        melody_rhythm_cells=((0.5, 0.5), (1.0,), (0.75, 0.25), (0.5, 0.25, 0.25)),
        melody_density=0.5,
        melody_register=(60, 77),
        leap_tendency=0.25,
        syncopation=0.3,
        energy=0.55,
    ),
    "pop": GenreProfile(
        name="pop",
        bpm_range=(96, 128),
        default_bpm=116,
        scales=("major", "minor", "mixolydian"),
        minor_progressions=_POP_MINOR,
        major_progressions=_POP_MAJOR,
        drum_grid={
            "kick": "X.......x.x.....",
            "snare": "....X.......X...",
            "clap": "....x.......x...",
            "hat": "x.x.x.x.x.x.x.x.",
        },
        bass_style="root_fifth",
        programs=_programs(melody=80, chords=0, bass=33, arp=81, pad=89, counter=73),
        bass_figures="straight",
        bass_rests=0.4,
        bass_sixteenths=0.45,
        bass_pushes=0.7,
        bass_span=(19, 26),
        chord_rhythm_bars=1.0,
        seventh_chords=0.1,
        melody_rhythm_cells=((0.5, 0.5), (1.0,), (0.5, 1.0, 0.5), (0.25, 0.25, 0.5), (1.5, 0.5)),
        melody_density=0.6,
        melody_register=(62, 79),
        leap_tendency=0.2,
        # Every line dwells on the home tones a little (POP909: 70% of a line's notes on three pitch classes).
        melody_dwell=(0.2, 0.9),
        syncopation=0.3,
        energy=0.65,
    ),
    "rnb": GenreProfile(
        name="rnb",
        bpm_range=(62, 100),
        default_bpm=78,
        scales=("minor", "dorian", "major"),
        minor_progressions=_JAZZY_MINOR,
        major_progressions=_JAZZY_MAJOR,
        drum_grid={
            "kick": "x......x.x......",
            "snare": "....X.......X...",
            "hat": "xoxoxoxoxoxoxoxo",
            "rim": "..g.......g.....",
        },
        bass_style="root_fifth",
        programs=_programs(melody=4, chords=4, bass=38, arp=11, pad=89, counter=52),
        bass_figures="syncopated",
        bass_rests=0.4,
        bass_sixteenths=0.45,
        bass_pushes=0.25,
        bass_span=(19, 26),
        swing=0.55,
        chord_rhythm_bars=1.0,
        ghost_notes=True,
        hat_rolls=True,
        seventh_chords=0.85,
        melody_rhythm_cells=((0.25, 0.25, 0.5), (0.75, 0.25), (1.0, 0.5, 0.5), (0.5, 1.5)),
        melody_density=0.55,
        melody_register=(60, 79),
        leap_tendency=0.2,
        syncopation=0.45,
        # Measured against POP909 (README, "Music statistics"): half the songs in an eighth-note feel
        # as in real pop (0.2 + syncopation sang 65% in sixteenths and overshot); lines leap less and
        # dwell on the home tones over the ii-V changes (which spread a line over more pitch classes),
        # and keep a tessitura a semitone narrower (too many lines spanned 18-21 semitones).
        melody_sixteenths=0.5,
        melody_dwell=(0.2, 0.9),
        melody_tessituras=(18, 19, 20),
        energy=0.45,
    ),
    "house": GenreProfile(
        name="house",
        bpm_range=(118, 128),
        default_bpm=124,
        scales=("minor", "dorian", "major"),
        minor_progressions=(("i7", "iv7", "VII7", "III7"), ("i", "VI", "III", "VII"), ("i7", "VII", "VI", "VII")),
        major_progressions=(("vi7", "IV7", "I7", "V"), ("ii7", "V7", "I7", "IV7")),
        drum_grid={
            "kick": "X...X...X...X...",
            "clap": "....x.......x...",
            "open_hat": "..x...x...x...x.",
            "hat": "o.o.o.o.o.o.o.o.",
            "shaker": "gogogogogogogogo",
        },
        bass_style="octave",
        programs=_programs(melody=81, chords=4, bass=38, arp=81, pad=89, counter=80),
        chord_rhythm_bars=1.0,
        seventh_chords=0.6,
        melody_rhythm_cells=((0.5, 0.5), (0.25, 0.25, 0.5), (0.75, 0.75, 0.5), (1.0,)),
        melody_density=0.55,
        melody_register=(64, 81),
        leap_tendency=0.25,
        syncopation=0.5,
        energy=0.75,
    ),
    "techno": GenreProfile(
        name="techno",
        bpm_range=(124, 138),
        default_bpm=130,
        scales=("minor", "phrygian", "dorian"),
        minor_progressions=(("i", "i", "VII", "VI"), ("i", "iv", "i", "VII"), ("i", "II", "i", "VII")),
        major_progressions=(("vi", "vi", "IV", "V"),),
        drum_grid={
            "kick": "X...X...X...X...",
            "rim": "....o.......o...",
            "open_hat": "..x...x...x...x.",
            "hat": "oooooooooooooooo",
            "clap": "....x.......x...",
        },
        bass_style="sub",
        programs=_programs(melody=81, chords=90, bass=39, arp=81, pad=95, counter=87),
        chord_rhythm_bars=2.0,
        seventh_chords=0.1,
        melody_rhythm_cells=((0.25, 0.25, 0.25, 0.25), (0.5, 0.5), (0.75, 0.75, 0.5)),
        melody_density=0.6,
        melody_register=(60, 76),
        leap_tendency=0.2,
        syncopation=0.55,
        energy=0.85,
    ),
    "edm": GenreProfile(
        name="edm",
        bpm_range=(124, 132),
        default_bpm=128,
        scales=("minor", "major"),
        minor_progressions=_EDM_MINOR,
        major_progressions=_EDM_MAJOR,
        drum_grid={
            "kick": "X...X...X...X...",
            "clap": "....X.......X...",
            "open_hat": "..x...x...x...x.",
            "hat": "x.x.x.x.x.x.x.x.",
        },
        bass_style="octave",
        programs=_programs(melody=81, chords=90, bass=38, arp=81, pad=89, counter=80),
        chord_rhythm_bars=1.0,
        seventh_chords=0.05,
        melody_rhythm_cells=((0.5, 0.5), (0.75, 0.75, 0.5), (0.25, 0.25, 0.5), (1.0,)),
        melody_density=0.65,
        melody_register=(64, 84),
        leap_tendency=0.3,
        syncopation=0.45,
        energy=0.9,
    ),
    "synthwave": GenreProfile(
        name="synthwave",
        bpm_range=(80, 118),
        default_bpm=100,
        scales=("minor", "dorian", "major"),
        minor_progressions=(("i", "VI", "III", "VII"), ("i", "VII", "VI", "VII"), ("VI", "VII", "i", "i")),
        major_progressions=(("I", "V", "vi", "IV"), ("IV", "V", "iii", "vi")),
        drum_grid={"kick": "X.......X.......", "snare": "....X.......X...", "hat": "x.x.x.x.x.x.x.x."},
        bass_style="octave",
        programs=_programs(melody=81, chords=90, bass=38, arp=81, pad=89, counter=62),
        chord_rhythm_bars=1.0,
        seventh_chords=0.2,
        melody_rhythm_cells=((1.0,), (0.5, 0.5), (1.5, 0.5), (0.5, 1.0, 0.5)),
        melody_density=0.5,
        melody_register=(62, 81),
        leap_tendency=0.3,
        syncopation=0.25,
        energy=0.6,
    ),
    "afrobeat": GenreProfile(
        name="afrobeat",
        bpm_range=(98, 118),
        default_bpm=108,
        scales=("dorian", "major", "mixolydian"),
        minor_progressions=(("i7", "iv7", "i7", "VII"), ("i", "VII", "VI", "VII"), ("ii7", "V7", "i7", "i7")),
        major_progressions=(("I", "IV", "vi", "V"), ("ii7", "V7", "I7", "IV7"), ("I", "vi", "ii", "V")),
        drum_grid={
            "kick": "X..x....X..x....",
            "rim": "...x..x....x..x.",
            "shaker": "xoxoxoxoxoxoxoxo",
            "high_conga": "..x...x...x.x...",
            "low_conga": "x.....x.........",
            "snare": "....x.......x...",
        },
        bass_style="standard",
        programs=_programs(melody=24, chords=4, bass=33, arp=108, pad=89, counter=56),
        swing=0.54,
        chord_rhythm_bars=2.0,
        seventh_chords=0.4,
        melody_rhythm_cells=((0.25, 0.25, 0.5), (0.75, 0.25), (0.5, 0.5), (0.5, 0.25, 0.25)),
        melody_density=0.6,
        melody_register=(62, 79),
        leap_tendency=0.25,
        syncopation=0.6,
        energy=0.7,
    ),
    "amapiano": GenreProfile(
        name="amapiano",
        bpm_range=(108, 116),
        default_bpm=112,
        scales=("minor", "dorian"),
        minor_progressions=(("i7", "iv7", "VII7", "III7"), ("ii7", "V7", "i7", "i7"), ("i7", "VI7", "iv7", "V7")),
        major_progressions=(("ii7", "V7", "I7", "vi7"), ("I7", "iii7", "IV7", "V7")),
        drum_grid={
            "kick": "X...X...X...X...",
            "rim": "...x..x....x..x.",
            "shaker": "ogogogogogogogog",
            "clap": "....x.......x...",
            "open_hat": "..o...o...o...o.",
        },
        bass_style="log_drum",
        programs=_programs(melody=4, chords=4, bass=38, arp=11, pad=89, counter=73),
        swing=0.56,
        chord_rhythm_bars=1.0,
        seventh_chords=0.9,
        melody_rhythm_cells=((0.5, 0.5), (0.75, 0.75, 0.5), (1.0, 1.0), (0.25, 0.25, 0.5)),
        melody_density=0.45,
        melody_register=(62, 79),
        leap_tendency=0.25,
        syncopation=0.5,
        energy=0.65,
    ),
    "reggaeton": GenreProfile(
        name="reggaeton",
        bpm_range=(88, 100),
        default_bpm=94,
        scales=("minor", "harmonic_minor"),
        minor_progressions=(("i", "VI", "III", "VII"), ("i", "iv", "VII", "III"), ("i", "VII", "VI", "V")),
        major_progressions=(("vi", "IV", "I", "V"),),
        drum_grid={
            "kick": "X...x...X...x...",
            "snare": "...x..x....x..x.",
            "hat": "x.x.x.x.x.x.x.x.",
            "rim": "...g..g....g..g.",
        },
        bass_style="standard",
        programs=_programs(melody=24, chords=4, bass=38, arp=11, pad=89, counter=73),
        chord_rhythm_bars=1.0,
        seventh_chords=0.1,
        melody_rhythm_cells=((0.75, 0.75, 0.5), (0.5, 0.5), (0.25, 0.25, 0.5), (1.0,)),
        melody_density=0.6,
        melody_register=(62, 79),
        leap_tendency=0.2,
        syncopation=0.55,
        energy=0.75,
    ),
    "jazz": GenreProfile(
        name="jazz",
        bpm_range=(90, 200),
        default_bpm=132,
        scales=("major", "dorian", "melodic_minor"),
        minor_progressions=(("ii7", "V7", "i7", "i7"), ("i7", "iv7", "VII7", "III7"), ("i7", "VI7", "ii7", "V7")),
        major_progressions=(("ii7", "V7", "I7", "I7"), ("I7", "vi7", "ii7", "V7"), ("iii7", "vi7", "ii7", "V7")),
        drum_grid={
            "ride": "x...x.x.x...x.x.",
            "pedal_hat": "....x.......x...",
            "kick": "o.......o.......",
            "snare": "......g.......g.",
        },
        bass_style="walking",
        programs=_programs(melody=66, chords=0, bass=32, arp=11, pad=48, counter=56),
        swing=0.66,
        chord_rhythm_bars=1.0,
        ghost_notes=True,
        seventh_chords=1.0,
        melody_rhythm_cells=((0.5, 0.5), (0.5, 0.5, 0.5, 0.5), (1.0, 0.5, 0.5), (0.75, 0.25)),
        melody_density=0.7,
        melody_register=(58, 81),
        leap_tendency=0.35,
        syncopation=0.45,
        energy=0.55,
    ),
    "rock": GenreProfile(
        name="rock",
        bpm_range=(96, 150),
        default_bpm=120,
        scales=("minor", "major", "mixolydian"),
        minor_progressions=(("i", "VII", "VI", "VII"), ("i", "VI", "III", "VII"), ("i", "iv", "VII", "i")),
        major_progressions=(("I", "IV", "V", "IV"), ("I", "V", "vi", "IV"), ("I", "VII", "IV", "I")),
        drum_grid={
            "kick": "X.....x.x.......",
            "snare": "....X.......X...",
            "hat": "x.x.x.x.x.x.x.x.",
            "crash": "X...............",
        },
        bass_style="octave",
        programs=_programs(melody=29, chords=30, bass=34, arp=27, pad=48, counter=27),
        chord_rhythm_bars=1.0,
        seventh_chords=0.0,
        melody_rhythm_cells=((0.5, 0.5), (1.0,), (0.5, 1.0, 0.5), (1.5, 0.5)),
        melody_density=0.55,
        melody_register=(59, 79),
        leap_tendency=0.3,
        syncopation=0.25,
        energy=0.8,
    ),
    "ambient": GenreProfile(
        name="ambient",
        bpm_range=(60, 90),
        default_bpm=72,
        scales=("lydian", "major", "dorian"),
        minor_progressions=(("i", "VI", "III", "VII"), ("i7", "iv7", "VI7", "VII")),
        major_progressions=(("I7", "IV7", "vi7", "V"), ("I", "iii", "IV", "I"), ("IV7", "I7", "V", "vi7")),
        drum_grid={"shaker": "o...o...o...o...", "kick": "o..............."},
        bass_style="sub",
        programs=_programs(melody=88, chords=89, bass=39, arp=98, pad=94, counter=92),
        chord_rhythm_bars=2.0,
        seventh_chords=0.7,
        melody_rhythm_cells=((2.0,), (1.5, 0.5), (1.0, 1.0), (4.0,)),
        melody_density=0.25,
        melody_register=(60, 84),
        leap_tendency=0.35,
        syncopation=0.1,
        energy=0.2,
    ),
    "cinematic": GenreProfile(
        name="cinematic",
        bpm_range=(60, 110),
        default_bpm=84,
        scales=("minor", "harmonic_minor", "dorian"),
        minor_progressions=(
            ("i", "VI", "III", "VII"),
            ("i", "iv", "VI", "V"),
            ("VI", "VII", "i", "i"),
            ("i", "III", "VII", "iv"),
        ),
        major_progressions=(("I", "V", "vi", "IV"), ("vi", "IV", "I", "V")),
        drum_grid={
            "low_tom": "X.....x...x.....",
            "mid_tom": "........x.....x.",
            "kick": "X.......x.......",
            "crash": "X...............",
        },
        bass_style="sub",
        programs=_programs(melody=48, chords=48, bass=43, arp=46, pad=89, counter=60),
        chord_rhythm_bars=2.0,
        seventh_chords=0.05,
        melody_rhythm_cells=((2.0,), (1.0, 1.0), (1.5, 0.5), (1.0, 0.5, 0.5)),
        melody_density=0.4,
        melody_register=(57, 81),
        leap_tendency=0.35,
        syncopation=0.15,
        energy=0.6,
        fill_instruments=("low_tom", "mid_tom", "high_tom", "low_tom"),
    ),
}

GENRE_NAMES: tuple[str, ...] = tuple(sorted(GENRES))
_GENRE_ALIASES = {
    "lo-fi": "lofi",
    "lo_fi": "lofi",
    "boombap": "boom_bap",
    "boom-bap": "boom_bap",
    "r&b": "rnb",
    "hip_hop": "boom_bap",
    "hiphop": "boom_bap",
    "electronic": "edm",
    "dance": "house",
    "afrobeats": "afrobeat",
    "orchestral": "cinematic",
}


def get_genre(name: object, parameter: str = "genre") -> GenreProfile:
    """The profile for ``name`` (case-insensitive, common aliases accepted); a profile is returned as is
    (genre fusion builds blended profiles that the generators take directly).

    Raises :class:`EngineParameterError` listing the valid genres.
    """
    if isinstance(name, GenreProfile):
        return name
    if not isinstance(name, str):
        raise EngineParameterError.choice(parameter, name, GENRE_NAMES)
    key = name.strip().lower().replace(" ", "_")
    key = _GENRE_ALIASES.get(key, key)
    if key not in GENRES:
        raise EngineParameterError.choice(parameter, name, GENRE_NAMES)
    return GENRES[key]
