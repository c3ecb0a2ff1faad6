"""The audit log: logins, API keys, deletions are recorded by the services; staff read it in the admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from generation.models import Generation, Track
from ops.models import AuditAction, AuditEvent
from projects.models import Project
from tests.conftest import USER_PASSWORD
from tests.factories import UserFactory


@pytest.mark.django_db
def test_api_login_success_and_failure_are_recorded(api_client, user):
    ok = api_client.post(
        "/api/auth/login", {"email": user.email, "password": USER_PASSWORD}, format="json", REMOTE_ADDR="198.51.100.7"
    )
    assert ok.status_code == 200
    bad = api_client.post("/api/auth/login", {"email": user.email, "password": "wrong-one"}, format="json")
    assert bad.status_code == 401
    events = list(AuditEvent.objects.order_by("id"))
    assert [(e.action, e.actor_id, e.target) for e in events] == [
        (AuditAction.LOGIN_SUCCEEDED, user.pk, f"accounts.user:{user.pk}"),
        (AuditAction.LOGIN_FAILED, None, user.email),
    ]
    assert events[0].ip == "198.51.100.7"
    assert events[0].actor_label == user.email
    assert events[0].request_id == ok["X-Request-ID"]
    assert events[0].details == {"via": "api"}
    assert events[1].request_id == bad["X-Request-ID"]


@pytest.mark.django_db
def test_page_login_failure_and_success_are_recorded(client, user):
    failed = client.post("/accounts/login/", {"login": user.email, "password": "not-it"})
    assert failed.status_code == 200
    assert list(AuditEvent.objects.values_list("action", "target", "details")) == [
        (AuditAction.LOGIN_FAILED, user.email, {"via": "page"})
    ]
    done = client.post("/accounts/login/", {"login": user.email, "password": USER_PASSWORD})
    assert done.status_code == 302
    last = AuditEvent.objects.order_by("-id").first()
    assert (last.action, last.actor_id, last.details) == (AuditAction.LOGIN_SUCCEEDED, user.pk, {"via": "page"})


@pytest.mark.django_db
def test_api_key_creation_and_revocation_are_recorded(auth_client, user):
    AuditEvent.objects.all().delete()  # the fixture's login
    created = auth_client.post("/api/user/api-keys", {"name": "my DAW"}, format="json").json()["data"]
    auth_client.delete(f"/api/user/api-keys/{created['id']}")
    auth_client.delete(f"/api/user/api-keys/{created['id']}")  # idempotent: no second row
    rows = list(AuditEvent.objects.order_by("id").values_list("action", "actor_id", "target"))
    assert rows == [
        (AuditAction.API_KEY_CREATED, user.pk, f"accounts.apikey:{created['id']}"),
        (AuditAction.API_KEY_REVOKED, user.pk, f"accounts.apikey:{created['id']}"),
    ]


@pytest.mark.django_db
def test_failed_api_key_creation_is_not_recorded(auth_client):
    AuditEvent.objects.all().delete()
    response = auth_client.post("/api/user/api-keys", {"name": ""}, format="json")
    assert response.status_code == 400
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_project_deletion_is_recorded(auth_client, user):
    project = Project.objects.create(owner=user, name="Night drive")
    AuditEvent.objects.all().delete()
    assert auth_client.delete(f"/api/projects/{project.pk}").status_code == 200
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.target, event.details) == (
        AuditAction.DELETED,
        user.pk,
        f"projects.project:{project.pk}",
        {"name": "Night drive"},
    )


@pytest.mark.django_db
def test_someone_elses_project_deletion_is_refused_and_not_recorded(other_client, user):
    project = Project.objects.create(owner=user, name="Mine")
    AuditEvent.objects.all().delete()
    assert other_client.delete(f"/api/projects/{project.pk}").status_code == 404
    assert AuditEvent.objects.count() == 0
    assert Project.objects.filter(pk=project.pk).exists()


@pytest.mark.django_db
def test_track_deletion_is_recorded(auth_client, user):
    generation = Generation.objects.create(owner=user, tool="track", parameters={}, seed=3, status="completed")
    track = Track.objects.create(
        generation=generation, owner=user, title="Neon", expires_at=timezone.now() + timedelta(days=1)
    )
    AuditEvent.objects.all().delete()
    assert auth_client.delete(f"/v1/ai/tracks/{track.public_id}").status_code == 200
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.target, event.details) == (
        AuditAction.DELETED,
        user.pk,
        f"generation.track:{track.pk}",
        {"title": "Neon"},
    )


@pytest.mark.django_db
def test_staff_read_the_audit_log_in_the_admin_and_cannot_change_it(client):
    staff = UserFactory(is_staff=True)
    AuditEvent.objects.create(action=AuditAction.LOGIN_FAILED, target="someone@example.com")
    client.force_login(staff)
    listing = client.get("/admin/ops/auditevent/")
    assert listing.status_code == 200
    assert b"someone@example.com" in listing.content
    assert client.get("/admin/ops/auditevent/add/").status_code == 403
    event = AuditEvent.objects.get()
    assert client.post(f"/admin/ops/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db
def test_non_staff_cannot_read_the_audit_log(client, user):
    client.force_login(user)
    response = client.get("/admin/ops/auditevent/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_a_plan_change_in_the_admin_is_recorded_with_who_made_it(rf, user):
    from types import SimpleNamespace

    from django.contrib import admin

    from accounts.models import User

    staff = UserFactory(is_staff=True, is_superuser=True)
    request = rf.post("/admin/accounts/user/", REMOTE_ADDR="192.0.2.44")
    request.user = staff
    user_admin = admin.site._registry[User]
    user.subscription_tier = "pro"
    form = SimpleNamespace(changed_data=["subscription_tier"], initial={"subscription_tier": "free"})
    user_admin.save_model(request, user, form, change=True)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.target, event.details) == (
        AuditAction.PLAN_CHANGED,
        staff.pk,
        f"accounts.user:{user.pk}",
        {"from": "free", "to": "pro", "via": "admin"},
    )
    user.bio = "no plan change"
    user_admin.save_model(request, user, SimpleNamespace(changed_data=["bio"], initial={}), change=True)
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db
def test_a_plan_change_from_billing_is_recorded_once(user, monkeypatch):
    from accounts.billing import services as billing

    monkeypatch.setattr(billing, "plan_entitled", lambda **kwargs: "pro")
    assert billing.user_plan_sync(user=user) == "pro"
    assert billing.user_plan_sync(user=user) == "pro"  # no change: no second row
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.target, event.details) == (
        AuditAction.PLAN_CHANGED,
        user.pk,
        f"accounts.user:{user.pk}",
        {"from": "free", "to": "pro"},
    )
