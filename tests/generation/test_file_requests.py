"""A download that finds its file missing queues one render, however often the client polls it.

Each poll used to send another files task: a client following ``Retry-After: 2`` on a long
arrangement's MusicXML (about 14 CPU seconds, past the task's limit on a busy machine) kept the
audio queue full of renders of the same file.
"""

from __future__ import annotations

import pytest

from generation.engine import tools
from generation.jobs import FILES_TASK
from generation.models import Generation
from vault.models import Idea
from vault.services import FILES_TASK as IDEA_FILES_TASK

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    from coprod.celery import app

    calls: list[tuple[str, list[int]]] = []
    monkeypatch.setattr(app, "send_task", lambda name, args=None, **kw: calls.append((name, args)))
    return calls


def _completed_without_files(user) -> Generation:
    result = tools.generate("melody", tools.validate_parameters("melody", {}), seed=3)
    return Generation.objects.create(
        owner=user, tool="melody", parameters={}, seed=3, status="completed", result=result
    )


@pytest.mark.parametrize("file_format", ["midi", "musicxml"])
def test_polling_a_missing_generation_file_queues_one_render(auth_client, user, sent, file_format):
    generation = _completed_without_files(user)

    statuses = [auth_client.get(f"/api/generate/{generation.pk}/{file_format}").status_code for _ in range(5)]

    assert statuses == [202] * 5
    assert sent == [(FILES_TASK, [generation.pk])]


def test_each_generation_gets_its_own_render(auth_client, user, sent):
    first, second = _completed_without_files(user), _completed_without_files(user)

    auth_client.get(f"/api/generate/{first.pk}/musicxml")
    auth_client.get(f"/api/generate/{second.pk}/musicxml")
    auth_client.get(f"/api/generate/{first.pk}/midi")

    assert sent == [(FILES_TASK, [first.pk]), (FILES_TASK, [second.pk])]


def test_polling_a_missing_idea_midi_queues_one_render(auth_client, user, sent):
    data = tools.generate("chords", tools.validate_parameters("chords", {}), seed=4)
    idea = Idea.objects.create(owner=user, title="Loop", data=data)

    statuses = [auth_client.get(f"/api/vault/{idea.pk}/midi").status_code for _ in range(4)]

    assert statuses == [202] * 4
    assert sent == [(IDEA_FILES_TASK, [idea.pk])]


def test_the_preview_is_written_before_a_score_that_runs_out_of_time(user, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    from generation import services
    from generation.engine import writers

    def too_slow(idea):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(writers, "idea_to_musicxml", too_slow)
    generation = _completed_without_files(user)

    with pytest.raises(SoftTimeLimitExceeded):
        services.generation_render_files(generation_id=generation.pk)

    generation.refresh_from_db()
    assert generation.midi and generation.preview
    head = generation.preview.read(2)
    assert head[0] == 0xFF and head[1] & 0xE0 == 0xE0  # an MPEG audio frame's sync bits
    assert not generation.musicxml
