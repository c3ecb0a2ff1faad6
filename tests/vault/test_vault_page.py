"""The vault page in pages of 48: numbered and previous/next links that keep the filters and the
ordering, four orderings, bad page numbers answered with a page, and no query per idea."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import UserFactory
from vault.models import Idea

pytestmark = pytest.mark.django_db


def _ideas(owner, count, genre="trap"):
    """``count`` ideas, one a minute apart: "idea 0" is the oldest."""
    start = timezone.now() - timedelta(days=1)
    ideas = Idea.objects.bulk_create(
        Idea(owner=owner, title=f"idea {i}", type="melody", genre=genre, data={}) for i in range(count)
    )
    for i, idea in enumerate(ideas):
        Idea.objects.filter(pk=idea.pk).update(created_at=start + timedelta(minutes=i))
    return ideas


def _titles(response) -> list[str]:
    return re.findall(r'data-title="([^"]*)"', response.content.decode())


def _links(response) -> dict[str, str]:
    """rel=prev/next and aria-current links of the pager, by their rel (or "current")."""
    html = response.content.decode()
    links = {rel: href for href, rel in re.findall(r'href="([^"]*)" rel="(prev|next)"', html)}
    current = re.search(r'href="([^"]*)" aria-current="page"', html)
    if current:
        links["current"] = current.group(1)
    return {rel: href.replace("&amp;", "&") for rel, href in links.items()}


def test_the_newest_48_ideas_come_first_and_next_leads_to_the_rest(client, user):
    client.force_login(user)
    _ideas(user, 50)

    first = client.get("/vault/")
    assert first.status_code == 200
    assert _titles(first) == [f"idea {i}" for i in range(49, 1, -1)]
    assert "Ideas 1–48 of 50" in first.content.decode()
    assert _links(first) == {"next": "?page=2", "current": "?page=1"}

    second = client.get("/vault/?page=2")
    assert _titles(second) == ["idea 1", "idea 0"]
    assert "Ideas 49–50 of 50" in second.content.decode()
    assert _links(second) == {"prev": "?page=1", "current": "?page=2"}


def test_one_page_of_ideas_has_no_pager(client, user):
    client.force_login(user)
    _ideas(user, 3)

    response = client.get("/vault/")

    assert len(_titles(response)) == 3
    assert 'aria-label="Vault pages"' not in response.content.decode()


def test_page_numbers_that_are_not_pages_answer_the_nearest_page(client, user):
    client.force_login(user)
    _ideas(user, 50)

    assert _titles(client.get("/vault/?page=99"))[-1] == "idea 0"  # past the end: the last page
    for bad in ("abc", "0", "-1", "1.5", "9" * 40):
        response = client.get(f"/vault/?page={bad}")
        assert response.status_code == 200, bad
        assert len(_titles(response)) in (48, 2), bad


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["b-Song", "c-song", "A-song", "a-song"]),
        ("oldest", ["a-song", "A-song", "c-song", "b-Song"]),
        ("title", ["a-song", "A-song", "b-Song", "c-song"]),
        ("favourites", ["c-song", "A-song", "b-Song", "a-song"]),
        ("nonsense", ["b-Song", "c-song", "A-song", "a-song"]),
    ],
)
def test_orderings(client, user, sort, expected):
    client.force_login(user)
    for index, (title, favourite) in enumerate(
        [("a-song", False), ("A-song", True), ("c-song", True), ("b-Song", False)]
    ):
        idea = Idea.objects.create(owner=user, title=title, type="melody", data={}, is_favorite=favourite)
        Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() + timedelta(minutes=index))

    response = client.get(f"/vault/?sort={sort}")

    assert _titles(response) == expected
    selected = re.search(r'<option value="([a-z]+)" selected>', response.content.decode().split('id="sort"')[1])
    assert selected.group(1) == (sort if sort != "nonsense" else "newest")


def test_page_links_keep_the_filters_and_the_ordering(client, user):
    client.force_login(user)
    _ideas(user, 60)
    _ideas(user, 5, genre="house")  # not trap: filtered out below

    first = client.get("/vault/?genre=trap&sort=oldest&q=idea")
    assert _titles(first)[:2] == ["idea 0", "idea 1"]
    next_link = _links(first)["next"]
    assert next_link == "?genre=trap&sort=oldest&q=idea&page=2"

    second = client.get("/vault/" + next_link)
    assert _titles(second) == [f"idea {i}" for i in range(48, 60)]
    assert "Ideas 49–60 of 60" in second.content.decode()
    assert _links(second)["prev"] == "?genre=trap&sort=oldest&q=idea&page=1"


def test_only_the_users_own_ideas_are_paged(client, user):
    client.force_login(user)
    _ideas(UserFactory(), 60)
    _ideas(user, 2)

    response = client.get("/vault/?page=2")

    assert _titles(response) == ["idea 1", "idea 0"]
    assert "of 2" in response.content.decode()


def test_a_page_costs_the_same_queries_whatever_the_vault_holds(client, user):
    client.force_login(user)
    _ideas(user, 5)
    with CaptureQueriesContext(connection) as few:
        client.get("/vault/")
    _ideas(user, 100)
    with CaptureQueriesContext(connection) as many:
        assert len(_titles(client.get("/vault/?page=2"))) == 48

    assert len(many) == len(few)
