"""The vault page in a producer's first hour: retitle, annotate, tag, delete, add to a project, merge with the
idea the producer picks setting key, mode and tempo; previews with their length; a phone layout that fits."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_until
from tests.e2e.test_studio import _login
from tests.vault.test_vault_api import _generation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _idea(user, tool, params, title):
    from vault import services

    generation = _generation(user, tool, params)
    return services.idea_save(owner=user, generation=generation, data=None, title=title, tags=[], notes="")


def test_edit_delete_project_and_merge_with_the_chosen_key(live_server, page, user):
    from projects.models import Project
    from vault.models import Idea

    project = Project.objects.create(owner=user, name="EP one")
    melody = _idea(user, "melody", {"genre": "trap", "key": "C", "scale": "minor", "bpm": 140}, "dark hook")
    drums = _idea(user, "drums", {"genre": "house", "bpm": 124}, "groove")  # newest: first in page order
    spare = _idea(user, "chords", {"genre": "pop"}, "spare")
    _login(page, live_server, user)
    page.goto(live_server.url + "/vault/")

    card = page.locator(f"article.idea[data-idea-id='{melody.pk}']")
    card.locator("summary").click()
    card.locator(".title").fill("Dark hook v2")
    card.locator(".tags").fill("dark, hook")
    card.locator(".notes").fill("try with 808 glide")
    card.locator(".edit-form button[type=submit]").click()
    wait_until(
        page, f"document.querySelector(\"article[data-idea-id='{melody.pk}'] .edit-status\").textContent === 'Saved.'"
    )
    melody.refresh_from_db()
    assert (melody.title, melody.tags, melody.notes) == ("Dark hook v2", ["dark", "hook"], "try with 808 glide")
    assert card.locator(".idea-title").inner_text() == "Dark hook v2"

    card.locator(".project-pick").select_option(str(project.pk))
    card.locator(".add-to-project").click()
    wait_until(
        page,
        f"document.querySelector(\"article[data-idea-id='{melody.pk}'] .project-status\").textContent === 'Added to EP one'",
    )
    assert list(project.generations.values_list("pk", flat=True)) == [melody.generation_id]

    spare_card = page.locator(f"article.idea[data-idea-id='{spare.pk}']")
    spare_card.locator("summary").click()
    page.once("dialog", lambda dialog: dialog.accept())
    spare_card.locator(".delete").click()
    wait_until(page, f"!document.querySelector(\"article[data-idea-id='{spare.pk}']\")")
    assert not Idea.objects.filter(pk=spare.pk).exists()

    # The drum groove comes first on the page, but it has no key: the melody's C minor is the default.
    assert page.locator("#merge").is_hidden()  # nothing to merge yet: no controls taking room
    page.locator(f".merge-pick[value='{drums.pk}']").check()
    assert page.locator("#merge").is_hidden()
    page.locator(f".merge-pick[value='{melody.pk}']").check()
    assert page.locator("#merge").is_visible()
    assert page.input_value("#merge-base") == str(melody.pk)
    assert page.inner_text("#merge-note").startswith("The merge is in C minor at 140 BPM.")
    page.click("#merge")
    wait_until(page, "document.getElementById('merge-status').textContent.startsWith('Merged')")
    merged = Idea.objects.get(type="merge")
    assert (merged.key, merged.scale, round(merged.bpm)) == ("C", "minor", 140)

    # The merge has no generation behind it, and goes into a project all the same.
    page.wait_for_url(live_server.url + "/vault/")
    wait_until(page, f"!!document.querySelector(\"article[data-idea-id='{merged.pk}']\")")
    card = page.locator(f"article.idea[data-idea-id='{merged.pk}']")
    card.locator("summary").click()
    card.locator(".project-pick").select_option(str(project.pk))
    card.locator(".add-to-project").click()
    wait_until(
        page,
        f"document.querySelector(\"article[data-idea-id='{merged.pk}'] .project-status\").textContent === 'Added to EP one'",
    )
    assert list(project.saved_ideas.values_list("pk", flat=True)) == [merged.pk]
    page.goto(live_server.url + f"/projects/{project.pk}/")
    assert merged.title in page.inner_text("#ideas-heading + ul")


def test_previews_show_their_length_and_the_page_fits_a_phone(live_server, browser, user):
    from django.core.files.base import ContentFile

    idea = _idea(user, "melody", {"genre": "lofi"}, "phone idea")
    idea.preview.save("preview.mp3", ContentFile(b"ID3\x03\x00\x00\x00\x00\x00\x00"), save=True)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        _login(page, live_server, user)
        page.goto(live_server.url + "/vault/")
        # Filters two by two, each wide enough to read (they were 40 px), and the ideas within a screen.
        assert page.locator("#genre").bounding_box()["width"] >= 160
        assert page.locator("#q").bounding_box()["width"] >= 160
        assert page.locator("article.idea").first.bounding_box()["y"] < 844
        star = page.locator(f"article[data-idea-id='{idea.pk}'] .favorite").bounding_box()
        assert star["width"] >= 44 and star["height"] >= 44
        assert page.locator(".merge-pick").first.bounding_box()["height"] >= 20
        # The player asks for the file's header at once, so it shows the length before play.
        assert page.locator(f"article[data-idea-id='{idea.pk}'] audio").get_attribute("preload") == "metadata"
        page.screenshot(path="var/vault-phone.png")
    finally:
        context.close()


def test_a_long_title_keeps_its_star_beside_it_and_the_edit_panel_shows_it_opens(live_server, page, user):
    """A merge's title ("trap melody + trap drum pattern") pushed the star to a line of its own, and the
    edit panel's summary had lost its disclosure triangle (it read as muted text, not a control)."""
    idea = _idea(user, "melody", {"genre": "trap"}, "trap melody + trap drum pattern + house chords")
    _login(page, live_server, user)
    page.goto(live_server.url + "/vault/")
    card = page.locator(f"article[data-idea-id='{idea.pk}']")
    title = card.locator(".merge-label").bounding_box()
    star = card.locator(".favorite").bounding_box()
    assert star["y"] < title["y"] + title["height"] and star["x"] >= title["x"] + title["width"] - 1
    marker = "(s) => getComputedStyle(s, '::before').content"
    summary = card.locator("summary")
    assert summary.evaluate(marker) == '"▸"'
    summary.click()
    assert summary.evaluate(marker) == '"▾"'
