"""The site around the tools: styled error pages with a way back, the favicon, emails naming the site, login landing."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client, RequestFactory, override_settings

from coprod.views import permission_denied_view, server_error_view
from tests.conftest import USER_PASSWORD

pytestmark = pytest.mark.django_db


def _is_site_page(html: str) -> bool:
    return '/static/css/app.css"' in html and 'href="/"' in html and 'class="site-header"' in html


def test_an_unknown_page_is_a_styled_404_with_a_way_back(client):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 id="error-heading">Page not found</h1>' in html
    assert _is_site_page(html)
    assert 'href="/studio/"' in html


def test_an_unknown_api_path_keeps_the_api_shape(client):
    response = client.get("/api/no-such-endpoint")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_the_403_and_500_pages_use_the_layout():
    request = RequestFactory().get("/somewhere/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    denied = permission_denied_view(request, Exception("nope"))
    assert denied.status_code == 403 and "You cannot open this page" in denied.content.decode()
    assert _is_site_page(denied.content.decode())
    broken = server_error_view(request)
    html = broken.content.decode()
    assert broken.status_code == 500
    assert "Something broke on our side" in html and _is_site_page(html)
    assert "<title>Something broke on our side · Co-Prod AI</title>" in html


def test_a_stale_form_is_a_styled_403_saying_what_to_do(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/account/api-keys/", {"name": "no token"})
    html = response.content.decode()
    assert response.status_code == 403
    assert '<h1 id="error-heading">That form has expired</h1>' in html and _is_site_page(html)
    assert "reload the page and send it again" in html
    assert user.api_keys.count() == 0


def test_a_page_while_the_database_is_down_is_a_styled_503():
    from unittest import mock

    from django.db import OperationalError

    request = RequestFactory().get("/projects/")
    with mock.patch("coprod.views.sys.exc_info", return_value=(OperationalError, OperationalError("down"), None)):
        response = server_error_view(request)
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert '<h1 id="error-heading">We are back in a moment</h1>' in html and _is_site_page(html)


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/svg+xml"
    assert 'rel="icon" href="/static/img/favicon.svg"' in client.get("/").content.decode()


@override_settings(SITE_NAME="Beat Lab", SITE_URL="https://beats.example.org")
def test_the_verification_email_names_the_site_from_settings(api_client):
    response = api_client.post(
        "/api/auth/register",
        {"email": "new@example.com", "username": "newproducer", "password": "A-long-pass-123"},
        format="json",
    )
    assert response.status_code == 201
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.startswith("Hello from Beat Lab!")
    assert "register an account on beats.example.org" in body
    assert "example.com" not in body.replace("new@example.com", "")


def test_login_lands_in_the_studio_or_where_the_user_was_going(user):
    browser = Client()
    response = browser.post("/accounts/login/", {"login": user.email, "password": USER_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/studio/"
    browser = Client()
    response = browser.post("/accounts/login/?next=/vault/", {"login": user.email, "password": USER_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/vault/"


def test_the_unread_badge_is_hidden_at_zero(client, user):
    client.login(email=user.email, password=USER_PASSWORD)
    html = client.get("/studio/").content.decode()
    assert re.search(r'<span class="badge" data-unread-badge hidden>0</span>', html)


def test_the_api_docs_load_nothing_from_other_sites(client):
    for path in ("/api/redoc/", "/api/docs/"):
        html = client.get(path).content.decode()
        assert "<title>" in html
        assert not re.search(r'(src|href)="(https?:)?//', html), path


def test_dashboard_labels_fit_and_use_human_names(client, user):
    from generation.models import Generation
    from insights.dashboard import bars

    chart = bars([("boom_bap", 3), ("synthwave", 2), ("amapiano", 1), ("reggaeton", 1), ("cinematic", 1)])
    assert [b["short"] for b in chart["bars"]] == ["boom bap", "synthwave", "amapiano", "reggaeton", "cinematic"]
    assert [b["cx"] for b in chart["bars"]] == [30.0, 90.0, 150.0, 210.0, 270.0]
    crowded = bars(
        [(name, 1) for name in ("boom_bap", "synthwave", "lofi", "pop", "edm", "rnb", "jazz", "trap", "house", "rock")]
    )
    assert [b["short"] for b in crowded["bars"]][:4] == ["boo…", "syn…", "lofi", "pop"]
    assert all(len(b["short"]) * 6 <= 28 for b in crowded["bars"])  # 30 units a bar: no label runs into the next
    Generation.objects.create(owner=user, tool="extreme_inspiration", parameters={}, seed=1, status="completed")
    client.login(email=user.email, password=USER_PASSWORD)
    html = client.get("/account/dashboard/").content.decode()
    assert "<li>Extreme inspiration ·" in html and "extreme_inspiration" not in html
    # The trend in words: with one idea it read "insufficientdata".
    assert "Trend: too early to tell (six ideas needed)" in html and "insufficient" not in html


def test_notifications_are_paged_and_link_to_their_result(client, user):
    from accounts.models import Notification

    for index in range(45):
        Notification.objects.create(
            user=user,
            kind="generation_complete",
            title=f"Melody ready {index}",
            data={"url": f"/studio/?generation={index}"},
        )
    client.login(email=user.email, password=USER_PASSWORD)
    first = client.get("/account/notifications/").content.decode()
    assert first.count('data-testid="notification-link"') == 20
    assert "Melody ready 44" in first and "Melody ready 24" not in first
    assert '<a href="/studio/?generation=44" data-testid="notification-link">Melody ready 44</a>' in first
    assert 'href="/studio/?generation=44"' in first and "Page 1 of 3" in first and 'href="?page=2" rel="next"' in first
    last = client.get("/account/notifications/?page=9").content.decode()
    assert "Page 3 of 3" in last and "Melody ready 0<" in last and last.count('data-testid="notification-link"') == 5
    client.post("/account/notifications/read-all/")
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 0
