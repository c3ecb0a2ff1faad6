"""Browser-facing account flows through allauth's pages: password reset and logout; the account page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import USER_PASSWORD

pytestmark = pytest.mark.django_db


def test_password_reset_through_allauth_pages(user):
    browser = Client()
    response = browser.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page = browser.get(path, follow=True)
    assert page.status_code == 200
    form_path = page.redirect_chain[-1][0] if page.redirect_chain else path
    done = browser.post(form_path, {"password1": "Brand-new-pass-77", "password2": "Brand-new-pass-77"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brand-new-pass-77")
    assert Client().login(email=user.email, password="Brand-new-pass-77")


def test_logout_through_allauth_page(client, user):
    client.login(email=user.email, password=USER_PASSWORD)
    assert client.get("/account/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/account/").status_code == 302


def test_home_and_account_pages(client, user):
    assert "Create a free account" in client.get("/").content.decode()
    assert client.get("/account/").status_code == 302
    client.login(email=user.email, password=USER_PASSWORD)
    html = client.get("/account/").content.decode()
    assert user.email in html and "API keys" in html


def test_profile_form_saves_and_redirects(client, user):
    client.login(email=user.email, password=USER_PASSWORD)
    saved = client.post("/account/profile/", {"first_name": "Ada", "last_name": "", "bio": "Lo-fi at night"})
    assert saved.status_code == 302 and saved["Location"] == "/account/"
    user.refresh_from_db()
    assert (user.first_name, user.bio, user.profile_public) == ("Ada", "Lo-fi at night", False)
    refused = client.post("/account/profile/", {"first_name": "x" * 151, "bio": "changed"})
    assert refused.status_code == 200 and "at most 150 characters" in refused.content.decode()
    user.refresh_from_db()
    assert user.bio == "Lo-fi at night"


def test_notifications_page_marks_all_read_and_redirects(client, user):
    from accounts.models import Notification
    from accounts.services import notification_create

    notification_create(user=user, kind="generation_completed", title="Melody ready")
    client.login(email=user.email, password=USER_PASSWORD)
    assert "Melody ready" in client.get("/account/notifications/").content.decode()
    marked = client.post("/account/notifications/read-all/")
    assert marked.status_code == 302 and marked["Location"] == "/account/notifications/"
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    assert client.post("/account/notifications/").status_code == 405
