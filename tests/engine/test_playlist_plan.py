"""Playlist planning: every validation rule names its field; cohesion keeps keys and tempos within the
documented bounds; the order is the smoothest path; track lengths cover total_duration."""

from __future__ import annotations

import itertools

import pytest

from generation.engine.errors import EngineParameterError
from generation.engine.theory import parse_key
from generation.engine.track.playlist_plan import (
    fifths_distance,
    plan_playlist,
    smoothest_order,
    transition_cost,
    validate_playlist_request,
)

CONFIG = {"name": "Chill Study Session", "total_duration": 1800, "track_count": 6, "cohesion_level": "high"}
BASE = {"genre": "lofi", "mood": "calm", "tempo_range": [75, 90], "complexity": "low"}
VARIATIONS = {"allow_key_changes": True, "allow_tempo_variation": 5, "allow_instrumentation_variation": True}


@pytest.mark.parametrize(
    ("config", "base", "variations", "parameter"),
    [
        (CONFIG | {"track_count": 0}, BASE, VARIATIONS, "playlist_config.track_count"),
        (CONFIG | {"track_count": 21}, BASE, VARIATIONS, "playlist_config.track_count"),
        (CONFIG | {"total_duration": 30}, BASE, VARIATIONS, "playlist_config.total_duration"),
        (CONFIG | {"cohesion_level": "total"}, BASE, VARIATIONS, "playlist_config.cohesion_level"),
        (CONFIG | {"transition_style": "fade"}, BASE, VARIATIONS, "playlist_config.transition_style"),
        (CONFIG | {"colour": "red"}, BASE, VARIATIONS, "playlist_config.colour"),
        (CONFIG, BASE | {"tempo_range": [90, 75]}, VARIATIONS, "base_parameters.tempo_range"),
        (CONFIG, BASE | {"tempo_range": [20, 90]}, VARIATIONS, "base_parameters.tempo_range"),
        (CONFIG, BASE | {"duration": 60}, VARIATIONS, "base_parameters.duration"),
        (CONFIG, BASE | {"genre": "polka"}, VARIATIONS, "base_parameters.genre"),
        (CONFIG, BASE | {"tempo": 120}, VARIATIONS, "base_parameters.tempo"),
        (CONFIG, BASE, VARIATIONS | {"allow_tempo_variation": 41}, "track_variations.allow_tempo_variation"),
        (CONFIG, BASE, VARIATIONS | {"allow_key_changes": "yes"}, "track_variations.allow_key_changes"),
    ],
)
def test_each_rule_names_its_field(config, base, variations, parameter):
    with pytest.raises(EngineParameterError) as error:
        validate_playlist_request(config, base, variations)
    assert error.value.parameter == parameter


@pytest.mark.parametrize(("cohesion", "reach", "share"), [("high", 1, 0.5), ("medium", 2, 1.0), ("low", 3, 1.0)])
@pytest.mark.parametrize("seed", range(6))
def test_keys_and_tempos_stay_within_the_cohesion_bounds(cohesion, reach, share, seed):
    request = validate_playlist_request(
        CONFIG | {"cohesion_level": cohesion, "track_count": 6},
        {"genre": "electronic", "subgenre": "house", "key": "A_minor", "tempo": 124},
        {"allow_tempo_variation": 6},
    )
    plan = plan_playlist(request, seed=seed)

    home = parse_key("A_minor")
    assert plan.max_key_distance == reach and plan.max_tempo_distance == 6 * share
    for track in plan.tracks:
        assert fifths_distance(home, parse_key(track["key"])) <= reach
        assert parse_key(track["key"]).scale == "minor"
        assert abs(track["tempo"] - 124) <= 6 * share
        assert "wav" in track["output_formats"]
    assert plan.tracks[0]["key"] == "A_minor" and plan.tracks[0]["tempo"] == 124


def test_a_wide_enough_plan_actually_moves_keys_and_tempos():
    request = validate_playlist_request(CONFIG | {"cohesion_level": "low", "track_count": 10}, BASE, VARIATIONS)
    plan = plan_playlist(request, seed=1)
    assert len({t["key"] for t in plan.tracks}) > 1
    assert len({t["tempo"] for t in plan.tracks}) > 1


def test_no_key_changes_and_tempo_range_are_honoured():
    request = validate_playlist_request(
        CONFIG | {"cohesion_level": "low"}, BASE | {"key": "D_dorian"}, VARIATIONS | {"allow_key_changes": False}
    )
    plan = plan_playlist(request, seed=4)
    assert {t["key"] for t in plan.tracks} == {"D_dorian"}
    assert all(77 <= t["tempo"] <= 87 for t in plan.tracks)  # home 82 (middle of 75-90) +- 5


def test_instruments_stay_put_at_high_cohesion_and_move_at_low():
    base = BASE | {"primary_instruments": ["electric_piano", "bass"]}
    high = plan_playlist(validate_playlist_request(CONFIG, base, VARIATIONS), seed=2)
    assert {tuple(sorted(i["name"] for i in t["primary_instruments"])) for t in high.tracks} == {
        ("bass", "electric_piano")
    }
    low = plan_playlist(validate_playlist_request(CONFIG | {"cohesion_level": "low"}, base, VARIATIONS), seed=2)
    assert len({tuple(sorted(i["name"] for i in t["primary_instruments"])) for t in low.tracks}) > 1


def test_the_order_is_the_cheapest_path():
    request = validate_playlist_request(CONFIG | {"cohesion_level": "low", "track_count": 6}, BASE, VARIATIONS)
    plan = plan_playlist(request, seed=9)
    cost = lambda order: sum(transition_cost(plan.tracks[a], plan.tracks[b]) for a, b in itertools.pairwise(order))
    best = min(cost(list(p)) for p in itertools.permutations(range(6)))
    assert sorted(plan.order) == list(range(6))
    assert cost(plan.order) == pytest.approx(best)


def test_the_greedy_order_of_many_tracks_is_a_permutation_no_worse_than_creation_order():
    tracks = [
        {"key": k, "tempo": t}
        for k, t in zip(["C_minor", "G_minor", "D_minor", "F_minor"] * 3, range(100, 124, 2), strict=True)
    ]
    order = smoothest_order(tracks)
    assert sorted(order) == list(range(12))
    cost = lambda o: sum(transition_cost(tracks[a], tracks[b]) for a, b in itertools.pairwise(o))
    assert cost(order) <= cost(list(range(12)))


def test_track_lengths_cover_the_total_with_the_transitions():
    request = validate_playlist_request(
        CONFIG | {"track_count": 3, "total_duration": 60, "transition_style": "abrupt"}, BASE, VARIATIONS
    )
    plan = plan_playlist(request, seed=1)
    assert [t["duration"] for t in plan.tracks] == [20.0, 20.0, 20.0]
    smooth = plan_playlist(
        validate_playlist_request(CONFIG | {"track_count": 3, "total_duration": 60}, BASE, VARIATIONS), seed=1
    )
    assert smooth.tracks[0]["duration"] > 20.0  # two 1-bar blends overlap, so each track is longer
