"""Project pages and the pricing page."""

from __future__ import annotations

import io

import pytest

from generation.models import Generation
from projects.models import MidiFile, Project
from tests.conftest import USER_PASSWORD
from tests.projects.test_projects_api import _midi_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client, user):
    client.login(email=user.email, password=USER_PASSWORD)
    return client


def test_create_open_edit_delete_a_project(browser, user):
    response = browser.post("/projects/new/", {"name": "Neon", "genre": "synthwave", "bpm": 100, "status": "draft"})
    project = Project.objects.get(owner=user)
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert "Neon" in browser.get("/projects/").content.decode()
    assert "synthwave" in browser.get(f"/projects/{project.pk}/").content.decode()
    browser.post(f"/projects/{project.pk}/edit/", {"name": "Neon Nights", "bpm": 101, "status": "in_progress"})
    project.refresh_from_db()
    assert (project.name, project.bpm, project.status) == ("Neon Nights", 101, "in_progress")
    browser.post(f"/projects/{project.pk}/delete/")
    assert not Project.objects.filter(pk=project.pk).exists()


def test_form_errors_are_shown_next_to_the_field(browser):
    html = browser.post("/projects/new/", {"name": "", "bpm": 999, "status": "draft"}).content.decode()
    assert "This field is required." in html and "between 40 and 240" in html
    assert Project.objects.count() == 0


def test_upload_midi_on_the_project_page(browser, user):
    project = Project.objects.create(owner=user, name="p")
    uploaded = browser.post(f"/projects/{project.pk}/midi/", {"file": io.BytesIO(_midi_bytes(3))})
    assert uploaded.status_code == 302 and uploaded["Location"] == f"/projects/{project.pk}/"
    assert MidiFile.objects.get(project=project).note_count == 3
    html = browser.post(f"/projects/{project.pk}/midi/", {"file": io.BytesIO(b"junk")}).content.decode()
    assert "Not a readable MIDI file" in html
    assert MidiFile.objects.count() == 1


def test_export_on_the_free_plan_explains_the_upgrade(browser, user):
    project = Project.objects.create(owner=user, name="p")
    html = browser.post(f"/projects/{project.pk}/export/", {"type": "zip_project"}).content.decode()
    assert 'Project ZIP export comes with Pro. <a href="/pricing/">See the plans</a>' in html
    assert not project.exports.exists()


def test_other_users_project_pages_are_404(client, other_user, user):
    project = Project.objects.create(owner=user, name="mine")
    client.login(email=other_user.email, password=USER_PASSWORD)
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert client.post(f"/projects/{project.pk}/delete/").status_code == 404
    assert client.post(f"/projects/{project.pk}/midi/", {"file": io.BytesIO(_midi_bytes(1))}).status_code == 404
    assert client.post(f"/projects/{project.pk}/export/", {"type": "midi"}).status_code == 404
    assert not MidiFile.objects.exists() and not project.exports.exists()
    assert Project.objects.filter(pk=project.pk).exists()


def test_pricing_page_shows_the_plan_matrix(client):
    html = client.get("/pricing/").content.decode()
    assert "Producer Plus" in html and "Whole project as ZIP" in html
    # Free users get 100 API requests a minute: a number, never a dash.
    assert (
        '<tr data-testid="limit-row"><td>API requests per minute</td><td>100</td><td>500</td><td>unlimited</td></tr>'
        in html
    )
    assert "<td>Rendered audio per day</td><td>30 min</td><td>300 min</td><td>1,200 min</td>" in html


def test_project_form_offers_the_engines_choices(browser, user):
    html = browser.get("/projects/new/").content.decode()
    assert '<select name="genre"' in html and '<option value="harmonic_minor">harmonic minor</option>' in html
    assert '<option value="F#">F#</option>' in html
    assert '<label for="id_bpm">Tempo (BPM):</label>' in html  # it read "Bpm:"
    refused = browser.post("/projects/new/", {"name": "x", "genre": "polka", "status": "draft"})
    assert refused.status_code == 200 and Project.objects.count() == 0
    browser.post(
        "/projects/new/",
        {"name": "Dusk", "genre": "lofi", "key_signature": "Eb", "scale": "dorian", "mood": "dark", "status": "draft"},
    )
    project = Project.objects.get(owner=user)
    assert (project.genre, project.key_signature, project.scale, project.mood) == ("lofi", "Eb", "dorian", "dark")


def test_exports_show_the_plan_before_the_click_and_an_empty_project_says_what_to_do(browser, user):
    from projects.models import Export

    project = Project.objects.create(owner=user, name="empty")
    html = browser.get(f"/projects/{project.pk}/").content.decode()
    assert '<li class="included" data-format="midi">' in html
    assert '<li class="locked" data-format="wav">' in html and 'href="/pricing/">with Pro</a>' in html
    assert '<li class="locked" data-format="zip_project">' in html
    assert "🔒" not in html and '<svg class="lock"' in html  # no emoji a font may lack
    # The menu marks them too, and choosing one anyway says which plan has it, with the way there.
    assert '<option value="wav">WAV (with Pro)</option>' in html and '<option value="midi">MIDI</option>' in html
    html = browser.post(f"/projects/{project.pk}/export/", {"type": "midi"}, follow=True).content.decode()
    assert "This project has no finished idea to export yet" in html
    Generation.objects.create(owner=user, tool="melody", parameters={}, seed=1, status="completed", project=project)
    html = browser.post(f"/projects/{project.pk}/export/", {"type": "wav"}).content.decode()
    assert 'WAV export comes with Pro. <a href="/pricing/">See the plans</a>' in html
    assert Export.objects.count() == 0
    user.subscription_tier = "pro"
    user.save()
    html = browser.get(f"/projects/{project.pk}/").content.decode()
    assert '<li class="included" data-format="wav">' in html and 'class="locked"' not in html


def test_single_file_exports_take_the_idea_the_producer_picks_merges_included(browser, user):
    """MIDI, WAV and MP3 exported only the latest studio result: a merged idea filed in the project
    (often its newest idea) could go out only inside the Project ZIP."""
    from projects.models import Export
    from tests.projects.test_exports import _generation
    from vault.models import Idea

    project = Project.objects.create(owner=user, name="EP")
    # Only a merged idea: its MIDI export starts (it said "no studio result" before).
    merged = Idea.objects.create(owner=user, title="Hook + groove", type="merge", data=_generation(user).result)
    project.saved_ideas.add(merged)
    html = browser.get(f"/projects/{project.pk}/").content.decode()
    assert f'<option value="i{merged.pk}" selected>Hook + groove (' in html
    response = browser.post(f"/projects/{project.pk}/export/", {"type": "midi", "source": f"i{merged.pk}"})
    assert response.status_code == 302
    export = Export.objects.get()
    assert (export.idea_id, export.generation_id, export.project_id) == (merged.pk, None, project.pk)
    # With a newer studio result, the menu lists both, newest first, and each can be chosen.
    generation = _generation(user, project=project)
    html = browser.get(f"/projects/{project.pk}/").content.decode()
    assert html.index(f'value="g{generation.pk}"') < html.index(f'value="i{merged.pk}"')
    browser.post(f"/projects/{project.pk}/export/", {"type": "midi", "source": f"g{generation.pk}"})
    assert Export.objects.latest("pk").generation_id == generation.pk
    browser.post(f"/projects/{project.pk}/export/", {"type": "midi", "source": f"i{merged.pk}"})
    assert Export.objects.latest("pk").idea_id == merged.pk
    # An idea of another project (or someone else's) is not a choice.
    other = Project.objects.create(owner=user, name="other")
    stray = _generation(user, project=other)
    html = browser.post(f"/projects/{project.pk}/export/", {"type": "midi", "source": f"g{stray.pk}"}).content.decode()
    assert "Select a valid choice" in html and Export.objects.count() == 3
    # The exports list says which idea each holds.
    html = browser.get(f"/projects/{project.pk}/").content.decode()
    from generation.templatetags.tool_labels import tool_label

    assert (
        "<li>MIDI of Hook + groove · pending" in html and f"<li>MIDI of {tool_label(generation.tool)} · pending" in html
    )
