"""A cohesive playlist (v1 ``POST /ai/generate-playlist``): the request checked, each track's parameters
chosen within the cohesion bounds, and the order that makes the smoothest transitions.

:func:`validate_playlist_request` checks ``playlist_config``, ``base_parameters`` and
``track_variations`` (errors name the field: ``playlist_config.track_count``). :func:`plan_playlist`
then picks, deterministically for a seed, a key, a tempo and (where allowed) instruments for every
track, and the play order.

**Cohesion bounds** (the README prints the same table). The *home key* is ``base_parameters.key``
(default C in the genre's usual scale, as for one track); the *home tempo* is
``base_parameters.tempo``, else the middle of ``tempo_range``, else the genre's tempo.

=========  =========================  =====================================  =============================
cohesion   key: fifths from home      tempo: BPM from home                   instruments
=========  =========================  =====================================  =============================
high       at most 1                  at most half of allow_tempo_variation  the same on every track
medium     at most 2                  at most allow_tempo_variation          one part may change per track
low        at most 3                  at most allow_tempo_variation          any part may change
=========  =========================  =====================================  =============================

Keys keep the home key's scale and move round the circle of fifths (C minor's neighbours are
G minor and F minor). ``allow_key_changes: false`` keeps every track in the home key,
``allow_instrumentation_variation: false`` keeps the instruments. Tempos also stay inside
``tempo_range`` when it is given.

**Order.** The cost of playing track *b* after *a* is their distance on the circle of fifths plus
a quarter of their tempo difference in BPM (4 BPM weigh as much as one fifth); the order is the
path through all tracks with the least total cost (exhaustive up to 8 tracks; nearest neighbour
from every start, improved by 2-opt, beyond).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from typing import Any

from .. import limits
from ..errors import EngineParameterError
from ..genres import get_genre
from ..theory import Key, parse_key, pitch_class_name
from .catalog import INSTRUMENTS
from .params import FIELDS, MAX_TEMPO, MIN_TEMPO, validate_track_parameters

COHESION_LEVELS = ("low", "medium", "high")
TRANSITION_STYLES = ("abrupt", "smooth", "crossfade")
CONFIG_FIELDS = ("name", "description", "total_duration", "track_count", "cohesion_level", "transition_style")
VARIATION_FIELDS = ("allow_key_changes", "allow_tempo_variation", "allow_instrumentation_variation")
BASE_FIELDS = (*(f for f in FIELDS if f != "duration"), "tempo_range")
MIN_TRACKS, MAX_TRACKS = 1, 20
MAX_TOTAL_SECONDS = 3600
MAX_TEMPO_VARIATION = 40
DEFAULT_TEMPO_VARIATION = 5
# Fifths a key may move from the home key, and the share of allow_tempo_variation a tempo may use.
KEY_REACH = {"high": 1, "medium": 2, "low": 3}
TEMPO_SHARE = {"high": 0.5, "medium": 1.0, "low": 1.0}
# How many parts may change instrument on one track (None: any).
INSTRUMENT_CHANGES: dict[str, int | None] = {"high": 0, "medium": 1, "low": None}
# Bars each transition overlaps (the mix, :mod:`.playlist_mix`, uses the same numbers).
TRANSITION_BARS = {"abrupt": 0, "smooth": 1, "crossfade": 4}
BPM_PER_FIFTH = 4.0
EXHAUSTIVE_ORDER_MAX = 8


@dataclass(frozen=True, slots=True)
class PlaylistRequest:
    """A checked playlist request: the config, the base parameters (validated) and the variations."""

    name: str
    description: str
    total_duration: float
    track_count: int
    cohesion_level: str
    transition_style: str
    base: dict[str, Any]
    tempo_range: tuple[int, int] | None
    allow_key_changes: bool
    allow_tempo_variation: float
    allow_instrumentation_variation: bool


@dataclass(frozen=True, slots=True)
class PlaylistPlan:
    """Every track's validated v1 parameters (in creation order), the play order and the bounds kept."""

    tracks: list[dict[str, Any]]
    order: list[int]
    home_key: str
    home_tempo: float
    max_key_distance: int
    max_tempo_distance: float
    transition_bars: int

    def summary(self) -> dict[str, Any]:
        return {
            "home_key": self.home_key,
            "home_tempo": self.home_tempo,
            "max_key_distance": self.max_key_distance,
            "max_tempo_distance": self.max_tempo_distance,
            "transition_bars": self.transition_bars,
        }


def _object(name: str, value: Any, fields: tuple[str, ...], required: bool = False) -> dict[str, Any]:
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise EngineParameterError(name, value, f"an object with: {', '.join(fields)}")
    unknown = sorted(set(value) - set(fields))
    if unknown:
        field = f"{name}.{str(unknown[0])[: limits.MAX_NAME_LENGTH]}"
        raise EngineParameterError(field, value[unknown[0]], f"one of: {', '.join(fields)}")
    return value


def _number(name: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or not low <= value <= high:
        raise EngineParameterError(
            name, value, f"{low:g}-{high:g}", f"Invalid parameter: {name} must be between {low:g} and {high:g}"
        )
    return float(value)


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value.strip().lower() not in allowed:
        raise EngineParameterError.choice(name, value, allowed)
    return value.strip().lower()


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise EngineParameterError(name, value, "true or false")
    return value


def _text(name: str, value: Any, longest: int) -> str:
    if not isinstance(value, str) or len(value) > longest:
        raise EngineParameterError(name, value, f"a text of at most {longest} characters")
    return value.strip()


def _tempo_range(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise EngineParameterError("base_parameters.tempo_range", value, f"[low, high] within {MIN_TEMPO}-{MAX_TEMPO}")
    low = _number("base_parameters.tempo_range", value[0], MIN_TEMPO, MAX_TEMPO)
    high = _number("base_parameters.tempo_range", value[1], MIN_TEMPO, MAX_TEMPO)
    if low > high:
        raise EngineParameterError("base_parameters.tempo_range", value, "[low, high] with low <= high")
    return round(low), round(high)


def validate_playlist_request(config: Any, base_parameters: Any, track_variations: Any) -> PlaylistRequest:
    """The three objects of a playlist request checked. Raises :class:`EngineParameterError` naming the field.

    Defaults: 6 tracks, 3 minutes a track, cohesion ``medium``, transition ``smooth``, key changes
    and instrument changes allowed, tempo variation 5 BPM. ``base_parameters`` takes every v1
    track parameter but ``duration`` (the playlist's ``total_duration`` sets it) plus
    ``tempo_range``; it is validated as a track's parameters would be.
    """
    cfg = _object("playlist_config", config, CONFIG_FIELDS, required=True)
    count = int(_number("playlist_config.track_count", cfg.get("track_count", 6), MIN_TRACKS, MAX_TRACKS))
    if cfg.get("track_count") is not None and not float(cfg["track_count"]).is_integer():
        raise EngineParameterError("playlist_config.track_count", cfg["track_count"], "a whole number")
    low_total = limits.MIN_ARRANGEMENT_SECONDS * count
    high_total = min(MAX_TOTAL_SECONDS, limits.MAX_ARRANGEMENT_SECONDS * count)
    total = _number("playlist_config.total_duration", cfg.get("total_duration", 180 * count), low_total, high_total)
    cohesion = _choice("playlist_config.cohesion_level", cfg.get("cohesion_level", "medium"), COHESION_LEVELS)
    style = _choice("playlist_config.transition_style", cfg.get("transition_style", "smooth"), TRANSITION_STYLES)
    name = _text("playlist_config.name", cfg.get("name", "Playlist"), 200) or "Playlist"
    description = _text("playlist_config.description", cfg.get("description", ""), 2000)

    base_raw = _object("base_parameters", base_parameters, BASE_FIELDS, required=True)
    tempo_range = _tempo_range(base_raw.get("tempo_range"))
    track_raw = {k: v for k, v in base_raw.items() if k != "tempo_range"}
    if tempo_range is not None and track_raw.get("tempo") is None:
        track_raw["tempo"] = round(sum(tempo_range) / 2)
    try:
        base = validate_track_parameters(track_raw)
    except EngineParameterError as error:
        raise EngineParameterError(
            f"base_parameters.{error.parameter}", error.value, error.constraint, str(error)
        ) from None
    if tempo_range is not None and not tempo_range[0] <= base["tempo"] <= tempo_range[1]:
        raise EngineParameterError(
            "base_parameters.tempo", base["tempo"], f"within tempo_range {tempo_range[0]}-{tempo_range[1]}"
        )
    variations = _object("track_variations", track_variations, VARIATION_FIELDS)
    return PlaylistRequest(
        name=name,
        description=description,
        total_duration=total,
        track_count=count,
        cohesion_level=cohesion,
        transition_style=style,
        base=base,
        tempo_range=tempo_range,
        allow_key_changes=_flag("track_variations.allow_key_changes", variations.get("allow_key_changes", True)),
        allow_tempo_variation=_number(
            "track_variations.allow_tempo_variation",
            variations.get("allow_tempo_variation", DEFAULT_TEMPO_VARIATION),
            0,
            MAX_TEMPO_VARIATION,
        ),
        allow_instrumentation_variation=_flag(
            "track_variations.allow_instrumentation_variation",
            variations.get("allow_instrumentation_variation", True),
        ),
    )


def fifths_distance(a: Key, b: Key) -> int:
    """Steps round the circle of fifths between two tonics (0-6); keys of one scale share a signature step."""
    steps = ((b.tonic - a.tonic) * 7) % 12
    return min(steps, 12 - steps)


def _key_name(key: Key) -> str:
    return f"{pitch_class_name(key.tonic, prefer_flats=key.prefers_flats)}_{key.scale}"


def _keys_within(home: Key, reach: int) -> list[Key]:
    return [Key((home.tonic + 7 * step) % 12, home.scale) for step in range(-reach, reach + 1)]


def _instrument_sets(base: dict[str, Any], profile_parts: set[str], changes: int | None, rng: random.Random) -> Any:
    """The primary instruments of one track: the base ones, with up to ``changes`` parts swapped."""
    chosen = {i["part"]: i["name"] for i in base["primary_instruments"]}
    by_part: dict[str, list[str]] = {}
    for name, instrument in INSTRUMENTS.items():
        if instrument.part != "drums" and instrument.part in profile_parts:
            by_part.setdefault(instrument.part, []).append(name)
    parts = sorted(by_part)
    rng.shuffle(parts)
    limit = len(parts) if changes is None else changes
    for part in parts[:limit]:
        options = [n for n in by_part[part] if n != chosen.get(part)]
        if options:
            chosen[part] = rng.choice(sorted(options))
    return sorted(chosen.values())


def transition_cost(a: dict[str, Any], b: dict[str, Any]) -> float:
    """How rough playing ``b`` after ``a`` is: fifths apart plus a quarter of the BPM difference."""
    keys = fifths_distance(parse_key(a["key"]), parse_key(b["key"]))
    return keys + abs(float(a["tempo"]) - float(b["tempo"])) / BPM_PER_FIFTH


def _path_cost(order: list[int], costs: list[list[float]]) -> float:
    return sum(costs[a][b] for a, b in itertools.pairwise(order))


def smoothest_order(tracks: list[dict[str, Any]]) -> list[int]:
    """Indexes of ``tracks`` in the order with the least total :func:`transition_cost` (ties: lowest indexes)."""
    n = len(tracks)
    costs = [[transition_cost(a, b) for b in tracks] for a in tracks]
    if n <= EXHAUSTIVE_ORDER_MAX:
        return list(min(itertools.permutations(range(n)), key=lambda p: _path_cost(list(p), costs)))
    best: list[int] = []
    for start in range(n):
        order, left = [start], set(range(n)) - {start}
        while left:
            nearest = min(sorted(left), key=lambda j: costs[order[-1]][j])
            order.append(nearest)
            left.remove(nearest)
        improved = True
        while improved:  # 2-opt: reverse a stretch whenever that shortens the path
            improved = False
            for i, j in itertools.combinations(range(n), 2):
                candidate = order[:i] + order[i : j + 1][::-1] + order[j + 1 :]
                if _path_cost(candidate, costs) < _path_cost(order, costs) - 1e-9:
                    order, improved = candidate, True
        if not best or _path_cost(order, costs) < _path_cost(best, costs) - 1e-9:
            best = order
    return best


def _overlap_seconds(style: str, tempos: list[float], bars: list[int]) -> float:
    wanted = TRANSITION_BARS[style]
    return sum(
        min(wanted, bars[i] // 2, bars[i + 1] // 2) * 240.0 / tempos[i] for i in range(len(tempos) - 1) if wanted
    )


def plan_playlist(request: PlaylistRequest, *, seed: int) -> PlaylistPlan:
    """Every track's parameters within the cohesion bounds and the smoothest order (see the module doc).

    Each track lasts ``(total_duration + the transitions' overlaps) / track_count`` seconds, so
    the continuous mix, whose transitions overlap the tracks, lasts about ``total_duration``.
    """
    rng = random.Random(seed)
    base = request.base
    profile = get_genre(base["profile"])
    home = parse_key(base["key"])
    cohesion = request.cohesion_level
    reach = KEY_REACH[cohesion] if request.allow_key_changes else 0
    keys = _keys_within(home, reach)
    home_tempo = float(base["tempo"])
    spread = request.allow_tempo_variation * TEMPO_SHARE[cohesion]
    low, high = home_tempo - spread, home_tempo + spread
    if request.tempo_range is not None:
        low, high = max(low, request.tempo_range[0]), min(high, request.tempo_range[1])
    low, high = max(low, MIN_TEMPO), min(high, MAX_TEMPO)
    whole = list(range(int(-(-low // 1)), int(high // 1) + 1)) or [round(home_tempo)]
    changes = INSTRUMENT_CHANGES[cohesion] if request.allow_instrumentation_variation else 0
    profile_parts = set(profile.programs)

    chosen: list[tuple[Key, int, list[str]]] = []
    for index in range(request.track_count):
        # The first track sits in the home key at the home tempo: the playlist's anchor.
        key = home if index == 0 else rng.choice(keys)
        tempo = round(home_tempo) if index == 0 and low <= round(home_tempo) <= high else rng.choice(whole)
        instruments = _instrument_sets(base, profile_parts, changes if index else 0, rng)
        chosen.append((key, tempo, instruments))

    tempos = [float(t) for _, t, _ in chosen]
    guess = request.total_duration / request.track_count
    bars = [max(1, round(guess * t / 240)) for t in tempos]
    per_track = (request.total_duration + _overlap_seconds(request.transition_style, tempos, bars)) / len(tempos)
    per_track = round(min(float(limits.MAX_ARRANGEMENT_SECONDS), per_track), 2)

    tracks = []
    for key, tempo, instruments in chosen:
        raw = _track_raw(base, key=_key_name(key), tempo=tempo, duration=per_track, instruments=instruments)
        tracks.append(validate_track_parameters(raw))
    return PlaylistPlan(
        tracks=tracks,
        order=smoothest_order(tracks),
        home_key=_key_name(home),
        home_tempo=home_tempo,
        max_key_distance=reach,
        max_tempo_distance=spread,
        transition_bars=TRANSITION_BARS[request.transition_style],
    )


def _track_raw(
    base: dict[str, Any], *, key: str, tempo: int, duration: float, instruments: list[str]
) -> dict[str, Any]:
    """Validated ``base`` turned back into a raw v1 ``parameters`` object with this track's choices."""
    lyrics = base["lyrics"]
    raw: dict[str, Any] = {
        "genre": base["genre"],
        "mood": base["mood"],
        "tempo": tempo,
        "key": key,
        "duration": duration,
        "instrumental": base["instrumental"],
        "lyrics": {
            "enabled": lyrics["enabled"],
            "theme": lyrics["requested_theme"][:64],
            "language": lyrics["language"],
            "style": lyrics["style"],
        },
        "primary_instruments": instruments,
        "complexity": base["complexity"],
        "ai_model": base["ai_model"],
        "creativity": base["creativity"],
        # The continuous mix is made from each track's WAV, so every track has one.
        "output_formats": list(dict.fromkeys([*base["output_formats"], "wav"])),
        "audio_quality": base["audio_quality"],
    }
    if base["subgenre"] is not None:
        raw["subgenre"] = base["subgenre"]
    return raw
