"""Each generate tool's musical contract, checked on the ``data`` of its API result.

``TOOL_CONTRACTS[slug](data, request)`` fails with an ``AssertionError`` when the result breaks
what the tool promises for that request (key, bars, tempo, harmony, grid...). The musical checks
themselves live in :mod:`tests.music_checks`, shared with the engine tests.
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import mean
from typing import Any

from tests.music_checks import (
    GM_PERCUSSION_KEYS,
    assert_arpeggio_of,
    assert_bass_follows_roots,
    assert_chord_part_plays_the_progression,
    assert_chord_tones,
    assert_chords_cover_bars,
    assert_chords_in_key,
    assert_drums_on_grid,
    assert_in_key,
    notes_of,
    parts_of,
    progression_of,
    scale_steps,
    tonic_of,
)

BEATS_PER_BAR = 4
_EPSILON = 1e-6


def _spans_exactly(notes: list[Any], bars: int) -> None:
    """The line starts in the first bar, plays in the last one and ends inside it."""
    assert min(n.start for n in notes) < BEATS_PER_BAR
    assert max(n.start for n in notes) >= (bars - 1) * BEATS_PER_BAR
    assert max(n.end for n in notes) <= bars * BEATS_PER_BAR + _EPSILON


def melody(data: dict[str, Any], request: dict[str, Any]) -> None:
    assert (data["type"], data["bpm"], data["key"], data["scale"], data["bars"]) == ("melody", 140, "C", "minor", 8)
    line = parts_of(data)["melody"].notes
    assert notes_of(data["notes"]) == line
    assert_in_key(line, 0, "minor")
    _spans_exactly(line, 8)
    chords = progression_of(data)
    assert_chords_cover_bars(chords, 8)
    assert_chords_in_key(chords, 0, "minor")


def chords(data: dict[str, Any], request: dict[str, Any]) -> None:
    assert (data["type"], data["key"], data["scale"], data["bars"]) == ("chord_progression", "C", "major", 4)
    progression = progression_of(data)
    assert_chords_cover_bars(progression, 4)
    assert_chords_in_key(progression, 0, "major")
    parts = parts_of(data)
    assert list(parts) == ["chords"]
    assert_chord_part_plays_the_progression(parts["chords"], progression, 0, "major", strikes_on_changes=True)


def bassline(data: dict[str, Any], request: dict[str, Any]) -> None:
    assert (data["type"], data["bpm"], data["key"], data["scale"], data["bars"], data["style"]) == (
        "bassline",
        140,
        "C",
        "minor",
        8,
        "808",
    )
    bass = parts_of(data)["bass"].notes
    assert notes_of(data["notes"]) == bass
    progression = progression_of(data)
    assert_chords_cover_bars(progression, 8)
    assert_bass_follows_roots(bass, progression)
    assert_in_key(bass, 0, "minor")
    assert max(n.end for n in bass) <= 8 * BEATS_PER_BAR + _EPSILON


def drums(data: dict[str, Any], request: dict[str, Any]) -> None:
    assert "key" not in data and "scale" not in data  # a drum pattern has no key
    assert (data["type"], data["bpm"], data["genre"], data["bars"], data["progression"]) == (
        "drum_pattern",
        140,
        "trap",
        4,
        [],
    )
    part = parts_of(data)["drums"]
    assert notes_of(data["notes"]) == part.notes
    assert_drums_on_grid(part, "trap", swing=0.0, humanization=0.2)  # 0.2: the tool's default
    assert max(n.start for n in part.notes) < 4 * BEATS_PER_BAR


def arpeggiator(data: dict[str, Any], request: dict[str, Any]) -> None:
    assert (data["type"], data["bpm"], data["key"], data["bars"], data["pattern"], data["chord"]) == (
        "arpeggio",
        140,
        "C",
        4,
        "up",
        [0, 4, 7],
    )
    arp = parts_of(data)["arp"].notes
    assert notes_of(data["notes"]) == arp
    assert_arpeggio_of(arp, 0, [0, 4, 7], rate=0.25)  # 0.25: the tool's default rate
    assert len(arp) == 4 * BEATS_PER_BAR * 4
    # "up" across two octaves, then the cycle again.
    assert [n.pitch for n in arp[:12]] == [60, 64, 67, 72, 76, 79] * 2


def counter_melody(data: dict[str, Any], request: dict[str, Any]) -> None:
    assert (data["type"], data["key"], data["scale"], data["style"], data["bars"]) == (
        "counter_melody",
        "C",
        "minor",
        "harmony",
        1,
    )
    parts = parts_of(data)
    assert list(parts) == ["melody", "counter_melody"]
    main, counter = parts["melody"].notes, parts["counter_melody"].notes
    assert main == notes_of(request["main_melody"])
    assert notes_of(data["notes"]) == counter
    assert_in_key(counter, 0, "minor")
    # The harmony style doubles each note a third or a sixth below, on its onset.
    assert [n.start for n in counter] == [n.start for n in main]
    assert [upper.pitch - lower.pitch in (3, 4, 8, 9) for upper, lower in zip(main, counter, strict=True)] == [
        True
    ] * len(main)


def arrangement(data: dict[str, Any], request: dict[str, Any]) -> None:
    bpm, bars, seconds = data["bpm"], data["bars"], request["length"]
    assert (data["type"], data["key"], data["scale"], data["genre"]) == ("arrangement", "C", "major", "pop")
    plan = data["arrangement"]
    assert plan["sections"] == data["sections"]
    sections = data["sections"]
    assert sections[0]["start_bar"] == 0
    for a, b in zip(sections, sections[1:], strict=False):
        assert a["start_bar"] + a["bars"] == b["start_bar"], (a, b)
    assert sections[-1]["start_bar"] + sections[-1]["bars"] == bars == plan["total_bars"]
    # Whole bars nearest the requested length: within half a bar of it.
    assert bars == round(seconds * bpm / (BEATS_PER_BAR * 60))
    assert abs(bars * BEATS_PER_BAR * 60 / bpm - seconds) <= BEATS_PER_BAR * 60 / bpm / 2
    assert data["duration_seconds"] == plan["duration_seconds"] == round(bars * BEATS_PER_BAR * 60 / bpm, 2)
    progression = progression_of(data)
    assert_chords_cover_bars(progression, bars)
    assert_chords_in_key(progression, 0, "major")
    assert_in_key(parts_of(data)["melody"].notes, 0, "major")


def _starter_pack(data: dict[str, Any]) -> dict[str, Any]:
    """Melody, chords, bass and drums over one progression, all in the result's key."""
    tonic, scale = tonic_of(data["key"]), data["scale"]
    parts = parts_of(data)
    assert list(parts)[:4] == ["melody", "chords", "bass", "drums"]
    assert notes_of(data["melody"]["notes"]) == parts["melody"].notes != []
    assert notes_of(data["bassline"]["notes"]) == parts["bass"].notes != []
    assert notes_of(data["drums"]["notes"]) == parts["drums"].notes != []
    assert data["chords"]["progression"] == data["progression"] != []
    progression = progression_of(data)
    assert_chords_cover_bars(progression, data["bars"])
    assert_chords_in_key(progression, tonic, scale)
    assert_in_key(parts["melody"].notes, tonic, scale)
    # The genre's own comping pattern: it may stab off the beat (house), so no strike is required on changes.
    assert_chord_part_plays_the_progression(parts["chords"], progression, tonic, scale, strikes_on_changes=False)
    assert_bass_follows_roots(parts["bass"].notes, progression)
    assert {n.pitch for n in parts["drums"].notes} <= set(GM_PERCUSSION_KEYS)
    assert {k: data["metadata"][k] for k in ("genre", "key", "scale", "bpm")} == {
        k: data[k] for k in ("genre", "key", "scale", "bpm")
    }
    return parts


def genre_fusion(data: dict[str, Any], request: dict[str, Any]) -> None:
    assert list(_starter_pack(data)) == ["melody", "chords", "bass", "drums"]
    assert (data["type"], data["genre"]) == ("genre_fusion", "trap+amapiano")
    assert data["fusion"]["genres"] == ["trap", "amapiano"]
    low, high = data["fusion"]["bpm_range"]
    assert low <= data["bpm"] <= high
    assert data["scale"] in data["fusion"]["scales"]


def emotion(data: dict[str, Any], request: dict[str, Any]) -> None:
    assert list(_starter_pack(data)) == ["melody", "chords", "bass", "drums"]
    mapping = data["mapping"]
    assert (data["type"], data["emotion"], data["intensity"]) == ("emotion", "hope", 0.7)
    assert (mapping["emotion"], mapping["intensity"]) == ("hope", 0.7)
    assert (data["scale"], data["bpm"], data["genre"]) == (mapping["scale"], mapping["bpm"], mapping["genre"])


def surprise_me(data: dict[str, Any], request: dict[str, Any]) -> None:
    assert list(_starter_pack(data)) == ["melody", "chords", "bass", "drums"]
    chosen = data["parameters"]
    assert data["type"] == "surprise_me"
    assert {k: chosen[k] for k in ("genre", "key", "scale", "bpm")} == {
        k: data[k] for k in ("genre", "key", "scale", "bpm")
    }


def extreme_inspiration(data: dict[str, Any], request: dict[str, Any]) -> None:
    parts = _starter_pack(data)
    assert list(parts) == ["melody", "chords", "bass", "drums", "arp"]  # the wild card adds an arpeggio
    assert_chord_tones(parts["arp"].notes, progression_of(data))
    chosen = data["parameters"]
    assert data["type"] == "extreme_inspiration"
    assert data["habits_broken"] == chosen["habits_broken"] != []
    assert {k: chosen[k] for k in ("genre", "key", "scale", "bpm")} == {
        k: data[k] for k in ("genre", "key", "scale", "bpm")
    }


def variations(data: dict[str, Any], request: dict[str, Any]) -> None:
    """``happier`` on C D Eb G in C minor: C major, each note two degrees up, louder, 5 % faster."""
    assert request["variation_type"] == "happier"
    assert (data["type"], data["variation_type"], data["key"], data["scale"], data["bpm"]) == (
        "variation",
        "happier",
        "C",
        "major",
        126,
    )
    assert data["changes"] == ["mode minor -> major", "lead two scale degrees higher", "louder", "5% faster"]
    # Degrees 1, 2, b3, 5 of C minor become degrees 3, 4, 5, 7 of C major; velocity 100 + 6.
    assert [(n["note"], n["start_time"], n["duration"], n["velocity"]) for n in data["notes"]] == [
        (64, 0.0, 1.0, 106),
        (65, 1.0, 1.0, 106),
        (67, 2.0, 1.0, 106),
        (71, 3.0, 1.0, 106),
    ]


def _move_by_degrees(pitch: int, tonic: int, old_scale: str, new_scale: str, degrees: int) -> int:
    """``pitch`` (in ``old_scale``) moved ``degrees`` scale steps, landing on ``new_scale``'s same degree."""
    old_steps, new_steps = scale_steps(tonic, old_scale), scale_steps(tonic, new_scale)
    octave, within = divmod(pitch - tonic, 12)
    octave, index = divmod(octave * len(old_steps) + old_steps.index(within) + degrees, len(new_steps))
    return tonic + 12 * octave + new_steps[index]


def darker_than(varied: dict[str, Any], original: dict[str, Any]) -> None:
    """``darker``: the darker mode, the same rhythm with a lower line, softer and 5 % slower."""
    assert varied["changes"] == [
        f"mode {original['scale']} -> phrygian",
        "lead two scale degrees lower",
        "softer",
        "5% slower",
    ]
    assert (original["scale"], varied["scale"], varied["key"]) == ("minor", "phrygian", original["key"])
    before, after = notes_of(original["notes"]), notes_of(varied["notes"])
    tonic = tonic_of(varied["key"])
    assert_in_key(after, tonic, "phrygian")
    assert [n.start for n in after] == [n.start for n in before]
    assert [n.pitch for n in after] == [_move_by_degrees(n.pitch, tonic, "minor", "phrygian", -2) for n in before]
    assert mean(n.pitch for n in after) < mean(n.pitch for n in before)
    assert [n.velocity for n in after] == [max(1, n.velocity - 10) for n in before]
    assert varied["bpm"] == round(original["bpm"] * 0.95, 2)
    report = varied["metadata"]["variation"]
    assert (report["before"]["scale"], report["after"]["scale"]) == ("minor", "phrygian")
    assert report["after"]["mean_pitch"] < report["before"]["mean_pitch"]


TOOL_CONTRACTS: dict[str, Callable[[dict[str, Any], dict[str, Any]], None]] = {
    "melody": melody,
    "chords": chords,
    "bassline": bassline,
    "drums": drums,
    "arpeggiator": arpeggiator,
    "counter-melody": counter_melody,
    "arrangement": arrangement,
    "genre-fusion": genre_fusion,
    "emotion": emotion,
    "surprise-me": surprise_me,
    "extreme-inspiration": extreme_inspiration,
    "variations": variations,
}
