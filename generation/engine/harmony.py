"""Chords on scale degrees, their roman numerals and symbols, voicings and voice leading.

Chords are built by stacking thirds inside the key's seven-note scale (five- and six-note scales
borrow the chords of their parent scale, ``theory.PARENT_SCALE``), so every chord is diatonic,
with one documented borrowing: an upper-case ``V``/``V7`` in a key whose fifth degree carries a
minor triad becomes the major (harmonic-minor) dominant, as producers of trap, drill and
cinematic music write it. Figures follow music21's ``roman`` conventions (case gives quality,
``o`` diminished, ``+`` augmented, ``ø7`` half-diminished, ``7`` the diatonic seventh), and the
tests check every figure against ``music21.roman.RomanNumeral``.

Voice leading picks, among the inversions and octave placements of a chord, the voicing with
the least total movement from the previous one (common tones held, since holding costs nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations

from .errors import EngineParameterError
from .theory import PARENT_SCALE, SCALES, Key

NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII")
CHORD_KINDS = ("triad", "seventh", "sus2", "sus4", "add9", "ninth")
_FIGURE = re.compile(r"^(?P<acc>[b#]?)(?P<num>VII|VI|IV|V|III|II|I|vii|vi|iv|v|iii|ii|i)(?P<q>[o+ø]?)(?P<ext>.*)$")
_QUALITY_SUFFIX = {
    ("major", None): "",
    ("minor", None): "m",
    ("diminished", None): "dim",
    ("augmented", None): "aug",
    ("major", 11): "maj7",
    ("major", 10): "7",
    ("minor", 10): "m7",
    ("minor", 11): "mMaj7",
    ("diminished", 10): "m7b5",
    ("diminished", 9): "dim7",
    ("augmented", 11): "maj7#5",
    ("augmented", 10): "7#5",
}
VOICING_LOW, VOICING_HIGH = 48, 79


@dataclass(frozen=True, slots=True)
class ChordSpec:
    """A chord as harmony: pitch classes from the root up (root, third, fifth[, seventh][, ninth])."""

    degree: int
    pitch_classes: tuple[int, ...]
    quality: str
    roman: str
    symbol: str

    @property
    def root(self) -> int:
        return self.pitch_classes[0]


def harmony_scale(key: Key) -> tuple[int, ...]:
    """The seven-note scale whose thirds build the key's chords."""
    return SCALES[PARENT_SCALE.get(key.scale, key.scale)]


def _triad_quality(third: int, fifth: int) -> str:
    if third == 4:
        return "augmented" if fifth == 8 else "major"
    if third == 3:
        return "diminished" if fifth == 6 else "minor"
    return "suspended"


@lru_cache(maxsize=4096)
def chord_on_degree(key: Key, degree: int, kind: str = "triad", force_major: bool = False) -> ChordSpec:
    """The diatonic chord on ``degree`` (0 = I) of ``key``; ``kind`` in :data:`CHORD_KINDS`."""
    if kind not in CHORD_KINDS:
        raise EngineParameterError.choice("kind", kind, CHORD_KINDS)
    scale = harmony_scale(key)

    def step(n: int) -> int:
        octave, index = divmod(degree + n, 7)
        return (key.tonic + scale[index] + 12 * octave) % 12

    root, third, fifth = step(0), step(2), step(4)
    if force_major and (third - root) % 12 == 3:
        third = (third + 1) % 12
    if kind == "sus2":
        tones: tuple[int, ...] = (root, step(1), fifth)
    elif kind == "sus4":
        tones = (root, step(3), fifth)
    elif kind == "add9":
        tones = (root, third, fifth, step(1))
    elif kind == "seventh":
        tones = (root, third, fifth, step(6))
    elif kind == "ninth":
        tones = (root, third, fifth, step(6), step(1))
    else:
        tones = (root, third, fifth)
    quality = _triad_quality((third - root) % 12, (fifth - root) % 12)
    seventh = (step(6) - root) % 12 if kind in ("seventh", "ninth") else None
    return ChordSpec(
        degree=degree,
        pitch_classes=tones,
        quality=quality,
        roman=_roman_text(key, degree, root, quality, kind, seventh),
        symbol=_symbol(key, root, quality, kind, seventh),
    )


def _roman_text(key: Key, degree: int, root: int, quality: str, kind: str, seventh: int | None) -> str:
    # Numerals are read in the key's own scale (music21 does the same for modes), so a diatonic
    # chord never needs an accidental; case and the o/+/ø marks carry the quality.
    numeral = NUMERALS[degree % 7]
    accidental = ""
    if quality in ("minor", "diminished"):
        numeral = numeral.lower()
    if quality == "diminished":
        suffix = "ø7" if seventh == 10 else ("o7" if seventh == 9 else "o")
    elif quality == "augmented":
        suffix = "+" + ("7" if seventh is not None else "")
    else:
        suffix = "7" if seventh is not None else ""
    if kind == "ninth":
        suffix = suffix.replace("7", "9") if suffix else "9"
    extra = {"sus2": "sus2", "sus4": "sus4", "add9": "add9"}.get(kind, "")
    return f"{accidental}{numeral}{suffix}{extra}"


def _symbol(key: Key, root: int, quality: str, kind: str, seventh: int | None) -> str:
    name = key.spell(root)
    if kind in ("sus2", "sus4"):
        return f"{name}{kind}"
    suffix = _QUALITY_SUFFIX.get((quality, seventh), "")
    if kind == "add9":
        return f"{name}{'m' if quality == 'minor' else ''}add9"
    if kind == "ninth":
        suffix = suffix.replace("7", "9") if "7" in suffix else suffix + "9"
    return f"{name}{suffix}"


@lru_cache(maxsize=4096)
def chord_from_figure(key: Key, figure: str) -> ChordSpec:
    """Parse a progression figure (``"i"``, ``"VI"``, ``"V7"``, ``"ii7"``, ``"IVadd9"``) into a diatonic chord."""
    match = _FIGURE.match(figure.strip())
    if not match:
        raise EngineParameterError("progression", figure, "roman numerals such as i, iv, V7, VImaj7")
    numeral, ext = match.group("num"), match.group("ext")
    degree = NUMERALS.index(numeral.upper())
    kind = "triad"
    if "add9" in ext:
        kind = "add9"
    elif "sus2" in ext:
        kind = "sus2"
    elif "sus4" in ext or ext == "sus":
        kind = "sus4"
    elif "9" in ext:
        kind = "ninth"
    elif "7" in ext:
        kind = "seventh"
    # The one borrowing: an upper-case V asks for the major dominant even in minor-family keys.
    force_major = numeral == "V"
    return chord_on_degree(key, degree, kind, force_major)


def with_kind(key: Key, chord: ChordSpec, kind: str) -> ChordSpec:
    """The same degree with another kind (a seventh, a sus...), keeping a borrowed major third."""
    force_major = chord.quality == "major" and chord_on_degree(key, chord.degree).quality == "minor"
    return chord_on_degree(key, chord.degree, kind, force_major)


def _close_voicings(pitch_classes: tuple[int, ...], use_inversions: bool) -> list[tuple[int, ...]]:
    """Close-position voicings of the chord in every inversion and octave inside the voicing range."""
    rotations = range(len(pitch_classes)) if use_inversions else range(1)
    voicings = []
    for rotation in rotations:
        order = pitch_classes[rotation:] + pitch_classes[:rotation]
        for bass_octave in range(VOICING_LOW // 12, VOICING_HIGH // 12 + 1):
            pitches = [order[0] + 12 * bass_octave]
            for pc in order[1:]:
                nxt = pitches[-1] + ((pc - pitches[-1]) % 12 or 12)
                pitches.append(nxt)
            if pitches[0] >= VOICING_LOW and pitches[-1] <= VOICING_HIGH:
                voicings.append(tuple(pitches))
    return voicings


def voice_movement(previous: tuple[int, ...], candidate: tuple[int, ...]) -> int:
    """Least total semitone movement between two voicings (voices matched to minimise it)."""
    if len(previous) == len(candidate):
        return sum(abs(a - b) for a, b in zip(sorted(previous), sorted(candidate), strict=True))
    small, large = sorted((previous, candidate), key=len)
    best = 10**9
    for chosen in permutations(large, len(small)):
        best = min(best, sum(abs(a - b) for a, b in zip(sorted(small), sorted(chosen), strict=True)))
    return best + 2 * (len(large) - len(small))


def voice_chord(
    chord: ChordSpec,
    previous: tuple[int, ...] | None,
    *,
    use_inversions: bool = True,
    voice_leading: bool = True,
    center: int = 60,
) -> tuple[int, ...]:
    """MIDI pitches for ``chord``: nearest to ``previous`` with voice leading, else root position near ``center``."""
    candidates = _close_voicings(chord.pitch_classes, use_inversions)
    if previous is None or not voice_leading:
        root_position = [v for v in candidates if v[0] % 12 == chord.root] or candidates
        return min(root_position, key=lambda v: abs(sum(v) / len(v) - center))
    return min(candidates, key=lambda v: (voice_movement(previous, v), abs(sum(v) / len(v) - center)))
