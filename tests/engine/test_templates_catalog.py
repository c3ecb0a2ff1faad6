"""The template catalogue: at least 40 real parameter sets across categories, each within its own ranges,
and an 8-bar preview that the engine renders."""

from __future__ import annotations

import subprocess
import tempfile
from collections import Counter

import pytest

from generation.engine.theory import parse_key
from generation.engine.track.params import validate_track_parameters
from generation.engine.track.template_preview import render_template_preview
from generation.engine.track.templates_catalog import template_definitions

TEMPLATES = template_definitions()


def test_the_catalogue_has_40_templates_over_categories_and_subcategories():
    assert len(TEMPLATES) == 45
    assert len({t["template_id"] for t in TEMPLATES}) == 45
    assert TEMPLATES[0]["template_id"] == "ai_template_001" and TEMPLATES[0]["subcategory"] == "synthwave"
    categories = Counter(t["category"] for t in TEMPLATES)
    assert len(categories) == 11 and categories["electronic"] == 12
    assert len({(t["category"], t["subcategory"]) for t in TEMPLATES}) >= 35
    assert sum(t["has_lyrics"] for t in TEMPLATES) == 18


@pytest.mark.parametrize("template", TEMPLATES, ids=[t["template_id"] for t in TEMPLATES])
def test_every_template_is_valid_and_its_defaults_are_within_its_ranges(template):
    parameters = validate_track_parameters(template["parameters"])
    rules = template["customizations"]
    assert rules["tempo"]["min"] <= parameters["tempo"] <= rules["tempo"]["max"]
    assert parse_key(parameters["key"]) in {parse_key(k) for k in rules["key"]["options"]}
    assert parameters["mood"] == rules["mood"]["options"][0]
    assert parameters["lyrics"]["enabled"] is template["has_lyrics"]
    assert ("lyrics.theme" in rules) is template["has_lyrics"] and ("instrumental" in rules) is template["has_lyrics"]


def test_the_spec_example_customizations_fit_template_001():
    rules = TEMPLATES[0]["customizations"]
    assert rules["tempo"]["min"] <= 125 <= rules["tempo"]["max"]
    assert "D_minor" in rules["key"]["options"]
    assert rules["duration"]["min"] <= 240 <= rules["duration"]["max"]
    assert rules["lyrics.theme"]["type"] == "text"


def test_a_preview_is_eight_bars_of_audio_that_decodes():
    parameters = validate_track_parameters(TEMPLATES[17]["parameters"])  # lofi hip hop, 82 BPM
    audio, seconds = render_template_preview(parameters, seed=7)
    assert seconds == pytest.approx(8 * 240 / 82 + 1.0)  # eight bars and the release tail
    with tempfile.NamedTemporaryFile(suffix=".mp3") as handle:
        handle.write(audio)
        handle.flush()
        decoded = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", handle.name, "-f", "s16le", "-ac", "1", "-ar", "8000", "-"],
            capture_output=True,
            check=True,
        ).stdout
    # LAME's encoder delay and last-frame padding: under two 1152-sample frames at 44.1 kHz.
    assert len(decoded) / 16000 == pytest.approx(seconds, abs=0.06)
