"""First paint: the main pages cost the same number of queries for 3 items as for 30 (no N+1), and
each page stays within its budget of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from generation.engine import tools
from generation.models import Generation
from insights.services import producer_profile_refresh
from vault.services import idea_save

pytestmark = pytest.mark.django_db
PAGES = ("/studio/", "/vault/", "/account/dashboard/", "/projects/", "/studio/tracks/", "/account/notifications/")


def _material(user, count):
    for index in range(count):
        tool = ("melody", "drums", "chords")[index % 3]
        result = tools.generate(tool, tools.validate_parameters(tool, {}), seed=index)
        generation = Generation.objects.create(
            owner=user,
            tool=tool,
            parameters={},
            seed=index,
            status="completed",
            result=result,
            genre=result.get("genre") or "",
            bpm=result.get("bpm"),
        )
        idea_save(owner=user, generation=generation)
    producer_profile_refresh(user=user)


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_pages_do_not_query_per_item(client, user):
    client.force_login(user)
    _material(user, 3)
    few = {path: _queries(client, path) for path in PAGES}
    _material(user, 27)
    many = {path: _queries(client, path) for path in PAGES}

    assert many == few
    assert max(many.values()) <= 16


# Queries per page for a signed-in producer (the session and the user row are two of them). A
# page that needs more should say why here; more items must never mean more queries (above).
QUERY_BUDGETS = {
    "/studio/": 3,
    "/vault/": 5,  # + the count of ideas for the pager
    "/account/dashboard/": 14,  # profile, 4 chart counts, 5 activity figures, recent work, badge
    "/projects/": 4,
    "/studio/tracks/": 4,
    "/account/notifications/": 4,
}


def test_each_page_stays_within_its_query_budget(client, user):
    client.force_login(user)
    _material(user, 30)

    counts = {path: _queries(client, path) for path in PAGES}

    assert {path: n for path, n in counts.items() if n > QUERY_BUDGETS[path]} == {}, counts
