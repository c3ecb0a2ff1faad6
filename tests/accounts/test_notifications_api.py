"""Notifications: list, mark one read, mark all read; others' are invisible."""

from __future__ import annotations

import pytest

from accounts.models import Notification
from accounts.services import notification_create

pytestmark = pytest.mark.django_db


def test_list_and_mark_read(auth_client, user):
    first = notification_create(user=user, kind="generation_complete", title="Melody ready", data={"generation_id": 1})
    notification_create(user=user, kind="generation_failed", title="Drums failed")

    listed = auth_client.get("/api/notifications").json()
    assert listed["unread_count"] == 2
    assert [n["title"] for n in listed["data"]] == ["Drums failed", "Melody ready"]
    assert listed["pagination"] == {"total": 2, "per_page": 20, "current_page": 1, "last_page": 1}

    response = auth_client.put(f"/api/notifications/{first.pk}/read")
    assert response.status_code == 200
    assert response.json()["data"]["read"] is True
    assert auth_client.get("/api/notifications?unread=true").json()["unread_count"] == 1

    assert auth_client.put("/api/notifications/read-all").json()["data"] == {"updated": 1}
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 0


def test_others_notifications_are_404(auth_client, other_user):
    theirs = notification_create(user=other_user, kind="x", title="secret")
    assert auth_client.put(f"/api/notifications/{theirs.pk}/read").status_code == 404
    assert auth_client.get("/api/notifications").json()["data"] == []
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_badge_shows_unread_count(client, user):
    from tests.conftest import USER_PASSWORD

    notification_create(user=user, kind="x", title="one")
    client.login(email=user.email, password=USER_PASSWORD)
    html = client.get("/account/").content.decode()
    assert "data-unread-badge>1</span>" in html
