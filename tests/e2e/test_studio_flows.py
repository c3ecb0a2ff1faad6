"""The studio in a new producer's first hour: plain words, all errors at once, sources, drums and chords readable,
focus on the result, Add to project, a phone layout with the result first."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_until
from tests.e2e.test_studio import _login, celery_worker  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DONE = "document.getElementById('progress').getAttribute('aria-valuenow') === '100'"


def _generate(page, tool, **fields):
    page.select_option("#tool", tool)
    for name, value in fields.items():
        selector = f"#param-{name}"
        if page.locator(selector).evaluate("el => el.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    before = page.evaluate("document.getElementById('result-summary').textContent")
    page.get_by_role("button", name="Generate").click()
    wait_until(page, f"{DONE} && document.getElementById('result-summary').textContent !== {before!r}", 30_000)


def test_every_bad_field_is_shown_beside_it_in_plain_words(live_server, page, user):
    _login(page, live_server, user)
    assert page.inner_text("label[for=param-bpm]") == "Tempo (BPM)"
    assert page.input_value("#param-key") == "C"  # the default is in the field, not implied
    assert page.locator("#variation-type option").all_inner_texts()[2:4] == ["More emotional", "More energetic"]
    page.fill("#param-bpm", "999")
    page.fill("#param-octave_range", "9")
    page.fill("#param-key", "H")
    page.get_by_role("button", name="Generate").click()
    page.locator("#param-bpm-error").wait_for(state="visible")
    assert page.inner_text("#param-bpm-error") == "Tempo (BPM): enter a number from 40 to 240."
    assert page.inner_text("#param-octave_range-error") == "Range (octaves): enter a number from 1 to 3."
    assert page.inner_text("#param-key-error") == "Key: use a note name such as C, F# or Bb."
    # A counter-melody needs a melody to answer: with none yet, it says so instead of an API error.
    page.select_option("#tool", "counter_melody")
    page.locator("#param-source[disabled]").wait_for()
    page.get_by_role("button", name="Generate").click()
    assert page.inner_text("#param-source-error") == (
        "Choose the result to work from: generate one first or save one to your vault."
    )
    page.select_option("#tool", "melody")
    # An emptied field shows its default again.
    page.fill("#param-complexity", "")
    page.locator("#param-complexity").blur()
    assert page.input_value("#param-complexity") == "0.5"
    page.select_option("#param-genre", "lofi")
    page.fill("#param-bpm", "")
    page.locator("#param-bpm").blur()
    assert page.input_value("#param-bpm") == "82"  # the genre's tempo, in the field
    # "The genre's" swing and comping are shown as what they are, not as a blank.
    from generation.engine.comping import default_pattern
    from generation.engine.genres import GENRES

    page.select_option("#tool", "drums")
    page.select_option("#param-genre", "house")
    assert float(page.input_value("#param-swing")) == GENRES["house"].swing
    page.select_option("#tool", "chords")
    page.select_option("#param-genre", "lofi")
    expected = "Genre's: " + default_pattern("lofi").replace("_", " ")
    assert page.locator("#param-pattern option").first.inner_text() == expected


def test_drums_chords_sources_focus_and_projects(live_server, page, user, celery_worker):  # noqa: F811
    from generation.models import Generation
    from projects.models import Project

    project = Project.objects.create(owner=user, name="Night drive")
    _login(page, live_server, user)
    _generate(page, "drums", genre="house")
    assert page.inner_text("#result-summary").startswith("Drum pattern: house")
    lanes = page.get_attribute("#piano-roll", "data-drum-lanes").split(",")
    assert lanes[0] == "Kick" and "Closed hat" in lanes and len(lanes) == len(set(lanes))
    assert page.evaluate("document.activeElement.id") == "result-heading"  # focus moved to the result

    _generate(page, "chords", genre="pop")
    assert page.inner_text("#result-summary").startswith("Chord progression: pop")
    chords = page.get_attribute("#piano-roll", "data-chords").split()
    assert len(chords) >= 4 and all(c[0] in "ABCDEFG" for c in chords)

    _generate(page, "arpeggiator", key="C", scale="minor", genre="synthwave")
    arpeggio_id = page.evaluate("document.getElementById('download-midi').href").split("/")[-2]
    page.select_option("#tool", "counter_melody")
    page.locator("#param-source option").first.wait_for(state="attached")
    assert page.locator("#param-source option").first.inner_text().startswith("Current: Arpeggio")
    wait_until(page, "document.getElementById('param-scale').value === 'minor'")
    assert page.input_value("#param-genre") == "synthwave"  # the source's genre, not the tool's default
    page.get_by_role("button", name="Generate").click()
    wait_until(page, f"{DONE} && document.getElementById('result-summary').textContent.startsWith('Counter')", 30_000)
    counter = Generation.objects.filter(owner=user, tool="counter_melody").get()
    assert counter.parameters["key"] == "C" and counter.parameters["scale"] == "minor"
    assert counter.parameters["genre"] == "synthwave"
    source_notes = Generation.objects.get(pk=arpeggio_id).result["notes"]
    pitches = [(n["note"], n["start_time"]) for n in counter.parameters["main_melody"]]
    assert pitches == [(n["note"], n["start_time"]) for n in source_notes]
    # Generate pressed while the source list is still loading (the vault is asked first) still sends
    # the source's key and mode: it sent the tool's defaults, a C major line under a C minor arpeggio.
    held = []
    page.route("**/api/vault?per_page=20", lambda route: held.append(route))
    page.select_option("#tool", "melody")
    page.select_option("#tool", "counter_melody")
    wait_until(page, "!!document.getElementById('param-source')")
    page.get_by_role("button", name="Generate").click()
    wait_until(page, f"{DONE} && document.getElementById('download-midi').href.indexOf('/{counter.pk}/') < 0", 30_000)
    for route in held:
        route.continue_()
    page.unroute("**/api/vault?per_page=20")
    counter = Generation.objects.filter(owner=user, tool="counter_melody").latest("pk")
    assert (counter.parameters["key"], counter.parameters["scale"], counter.parameters["genre"]) == (
        "C",
        "minor",
        "synthwave",
    )

    page.select_option("#project-pick", str(project.pk))
    page.click("#add-to-project")
    wait_until(page, "document.getElementById('project-status').textContent.startsWith('Added to Night drive')")
    counter.refresh_from_db()
    assert counter.project_id == project.pk
    page.goto(live_server.url + f"/projects/{project.pk}/")
    assert "Counter-melody" in page.inner_text("#ideas-heading + ul")  # the idea is listed, by its name


def test_new_seed_after_an_exact_variation_gives_new_notes(live_server, page, user, celery_worker):  # noqa: F811
    _login(page, live_server, user)
    _generate(page, "melody", genre="trap")
    page.select_option("#variation-type", "darker")
    page.click("#apply-variation")
    wait_until(page, f"{DONE} && document.getElementById('result-summary').textContent.startsWith('Variation')", 30_000)
    first = page.evaluate("JSON.stringify(document.getElementById('piano-roll').dataset)")
    first_id = page.get_attribute("#download-midi", "href")
    page.click("#regenerate")
    wait_until(page, f"document.getElementById('download-midi').href.indexOf({first_id!r}) < 0", 30_000)
    wait_until(
        page, f"{DONE} && document.getElementById('result-summary').textContent.startsWith('Variation (Darker)')"
    )
    from generation.models import Generation

    darker = list(Generation.objects.filter(owner=user, tool="variations").order_by("pk"))
    assert len(darker) == 2
    assert darker[0].result["notes"] != darker[1].result["notes"]
    assert first is not None


def test_on_a_phone_the_result_comes_first_and_the_form_folds(live_server, browser, user):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        _login(page, live_server, user)
        result_top = page.locator(".studio-result").bounding_box()["y"]
        form_top = page.locator(".studio-controls").bounding_box()["y"]
        assert result_top < form_top and result_top < 420  # under the header, not after the form
        toggle = page.locator("#toggle-form")
        assert toggle.is_visible() and toggle.bounding_box()["height"] >= 44
        assert page.locator("#generate").bounding_box()["height"] >= 44
        toggle.click()
        assert page.locator("#studio-form").is_hidden()
        assert toggle.get_attribute("aria-expanded") == "false"
        page.screenshot(path="var/studio-phone.png", full_page=False)
    finally:
        context.close()


def test_a_first_project_is_made_from_the_studio_with_the_result_in_it(live_server, page, user, celery_worker):  # noqa: F811
    from generation.models import Generation
    from projects.models import Project

    _login(page, live_server, user)
    wait_until(page, "document.querySelector('#project-pick option').textContent === 'No projects yet'")
    _generate(page, "melody", genre="lofi")
    page.click("#new-project")
    page.fill("#new-project-name", "First EP")
    page.keyboard.press("Enter")
    wait_until(page, "document.getElementById('project-status').textContent === 'Added to First EP'")
    project = Project.objects.get(owner=user)
    assert project.name == "First EP"
    assert list(Generation.objects.filter(project=project).values_list("tool", flat=True)) == ["melody"]
    assert page.input_value("#project-pick") == str(project.pk) and page.locator("#new-project-form").is_hidden()


def test_a_failed_results_link_opens_the_studio_saying_why(live_server, page, user):
    from generation.models import Generation

    failed = Generation.objects.create(
        owner=user, tool="arrangement", parameters={}, seed=1, status="failed", error_message="Timed out: no worker"
    )
    _login(page, live_server, user)
    page.goto(live_server.url + f"/studio/?generation={failed.pk}")
    page.locator("#form-error").wait_for(state="visible")
    assert page.inner_text("#form-error") == "Song arrangement failed: Timed out: no worker"


def test_on_a_phone_the_roll_is_tall_enough_and_chord_symbols_readable(live_server, browser, user, celery_worker):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        _login(page, live_server, user)
        _generate(page, "chords", genre="pop")
        box = page.locator("#piano-roll").bounding_box()
        assert box["height"] >= 180  # not a 120 px sliver of a desktop-shaped canvas
        scale = page.evaluate("document.getElementById('piano-roll').width") / box["width"]
        label_px = int(page.get_attribute("#piano-roll", "data-label-px")) / scale
        assert label_px >= 12, label_px  # chord symbols as big on screen as on a desktop
    finally:
        context.close()


TOP_NOTE = "Math.min.apply(null, window.coprodStudio.state.rollNotes.map((r) => r.y))"
# A canvas x where no note covers the row at canvas height y (the editor adds a note only on an empty spot).
FREE_X_AT = """(y) => { const s = window.coprodStudio.state, W = s.rollGeometry.W;
  for (let x = W * 0.02; x < W * 0.98; x += W / 200) {
    if (!s.rollNotes.some((r) => x >= r.x - 8 && x <= r.x + Math.max(r.w, 6) + 8 && y >= r.y && y <= r.y + r.h)) return x;
  }
  return null; }"""


def test_chord_symbols_sit_above_the_notes_and_play_stays_under_the_roll_on_a_phone(
    live_server,
    browser,
    user,
    celery_worker,  # noqa: F811
):
    """Chord names were drawn over the roll's top row; on a phone the MIDI editor's controls pushed Play
    below the first screen."""
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        try:
            _login(page, live_server, user)
            _generate(page, "chords", genre="pop")
            band = int(page.get_attribute("#piano-roll", "data-chord-band"))
            scale = (
                page.evaluate("document.getElementById('piano-roll').width")
                / page.locator("#piano-roll").bounding_box()["width"]
            )
            assert band / scale >= 18  # a band as tall as the 13 px chord names, in screen pixels
            assert page.evaluate(TOP_NOTE) >= band, (width, page.evaluate(TOP_NOTE), band)
            # The editor still maps the pointer to the pitch under it: a note added at the roll's top
            # lands on the highest pitch shown, not above it.
            page.locator("#editor").wait_for(state="visible")
            box = page.locator("#piano-roll").bounding_box()
            geometry = page.evaluate("window.coprodStudio.state.rollGeometry")
            free_x = page.evaluate(FREE_X_AT, band + 2)
            before = int(page.get_attribute("#piano-roll", "data-note-count"))
            page.mouse.dblclick(box["x"] + free_x / scale, box["y"] + (band + 2) / scale)
            assert int(page.get_attribute("#piano-roll", "data-note-count")) == before + 1
            added = page.evaluate(
                "(() => { const s = window.coprodStudio.state; "
                "return s.result.parts[s.selected[0]].notes[s.selected[1]].note; })()"
            )
            assert added == geometry["high"] - 1, (added, geometry)  # the highest row shown
            play = page.locator("#play").bounding_box()
            editor = page.locator("#editor").bounding_box()
            heading = page.locator("#result-heading").bounding_box()
            assert play["y"] < editor["y"]  # right under the roll, before the editor's controls
            assert play["y"] + play["height"] - heading["y"] <= height, (width, play, heading)
            if width == 390:
                page.screenshot(path="var/studio-phone-chords.png", full_page=False)
        finally:
            context.close()


def test_what_the_producer_set_stays_when_the_genre_changes(live_server, page, user):
    """A minor scale and a tempo chosen before the genre were replaced by the genre's (C minor at 87
    became lofi's dorian); fields left alone still follow the genre."""
    _login(page, live_server, user)
    page.select_option("#tool", "melody")
    page.select_option("#param-scale", "minor")
    page.fill("#param-bpm", "87")
    page.select_option("#param-genre", "lofi")
    assert (page.input_value("#param-scale"), page.input_value("#param-bpm")) == ("minor", "87")
    page.select_option("#tool", "chords")  # a fresh form: nothing chosen yet
    page.select_option("#param-genre", "lofi")
    assert page.input_value("#param-bpm") == "82"
    page.fill("#param-bpm", "")  # emptied: back to following the genre
    page.locator("#param-bpm").blur()
    page.select_option("#param-genre", "house")
    from generation.engine.genres import GENRES

    assert page.input_value("#param-bpm") == str(GENRES["house"].default_bpm)
    assert page.input_value("#param-scale") == GENRES["house"].scales[0]


def test_a_counter_melody_is_never_offered_drums_to_answer(live_server, page, user, celery_worker):  # noqa: F811
    """After a drum pattern the counter-melody offered "Current: Drum pattern" and answered its hits as a
    melody; vault ideas were listed by internal type ("drum_pattern")."""
    from vault import services
    from vault.models import Idea

    _login(page, live_server, user)
    _generate(page, "drums", genre="trap")
    from generation.models import Generation

    drums = Generation.objects.get(owner=user, tool="drums")
    services.idea_save(owner=user, generation=drums, data=None, title="groove", tags=[], notes="")
    _generate(page, "melody", genre="trap")
    melody = Generation.objects.get(owner=user, tool="melody")
    services.idea_save(owner=user, generation=melody, data=None, title="hook", tags=[], notes="")
    assert Idea.objects.count() == 2
    page.select_option("#tool", "counter_melody")
    page.locator("#param-source optgroup[label=Vault] option").first.wait_for(state="attached")
    options = page.locator("#param-source option").all_inner_texts()
    assert options[0].startswith("Current: Melody") and not any("Drum" in o or "groove" in o for o in options)
    assert "hook (Melody)" in options  # the vault's ideas by their human names
    page.select_option("#tool", "variations")  # a variation may start from drums
    page.locator("#param-source optgroup[label=Vault] option").first.wait_for(state="attached")
    assert any(o.startswith("Drum pattern") for o in page.locator("#param-source option").all_inner_texts())
