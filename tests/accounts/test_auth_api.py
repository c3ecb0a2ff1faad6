"""Registration, email verification, login and logout through the Co-Prod API."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.conftest import USER_PASSWORD, login_token

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "email": "new.producer@example.com",
    "username": "newproducer",
    "password": "SecurePass123!x",
    "first_name": "John",
    "last_name": "Doe",
}


def _verification_link(message_body: str) -> str:
    match = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message_body)
    assert match, message_body
    return match.group(0)


def test_register_creates_unverified_user_and_emails_a_verification_link(api_client):
    response = api_client.post("/api/auth/register", REGISTRATION, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["success"] is True
    assert body["message"] == "Registration successful. Please check your email to verify your account."
    assert body["user_id"] is None  # never an id: it would tell new emails from registered ones
    user = User.objects.get(username="newproducer")
    assert user.email == "new.producer@example.com"
    assert user.first_name == "John"
    assert user.check_password("SecurePass123!x")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.producer@example.com"]
    _verification_link(mail.outbox[0].body)


def test_register_refuses_a_taken_username(api_client):
    from tests.factories import UserFactory

    UserFactory(email="taken@example.com", username="takenname")
    response = api_client.post("/api/auth/register", REGISTRATION | {"username": "takenname"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "Invalid request data"
    assert "username" in body["details"]
    assert User.objects.filter(email="new.producer@example.com").count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("password", ["short1!", "password123", "12345678901", "newproducer1"])
def test_register_refuses_weak_passwords(api_client, password):
    response = api_client.post("/api/auth/register", REGISTRATION | {"password": password}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()["details"]
    assert not User.objects.filter(email=REGISTRATION["email"]).exists()


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"email": "not-an-email", "username": "x1y2z3", "password": "SecurePass123!x"},
        {"email": 5, "username": [], "password": None},
    ],
)
def test_register_validates_fields(api_client, payload):
    response = api_client.post("/api/auth/register", payload, format="json")

    assert response.status_code == 400
    assert response.json()["error"] == "Invalid request data"
    assert User.objects.count() == 0


def test_unverified_account_cannot_log_in_and_is_told_why(api_client):
    api_client.post("/api/auth/register", REGISTRATION, format="json")

    response = api_client.post(
        "/api/auth/login", {"email": REGISTRATION["email"], "password": REGISTRATION["password"]}, format="json"
    )

    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "Access denied"
    assert "not verified" in body["reason"]
    assert "token" not in body


def test_register_verify_login_profile_logout_flow(api_client):
    api_client.post("/api/auth/register", REGISTRATION, format="json")
    link = _verification_link(mail.outbox[0].body)
    browser = Client()
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert browser.get("/" + path).status_code == 200
    confirm = browser.post("/" + path)
    assert confirm.status_code == 302
    assert EmailAddress.objects.get(email=REGISTRATION["email"]).verified

    login = api_client.post(
        "/api/auth/login", {"email": "New.Producer@example.com", "password": REGISTRATION["password"]}, format="json"
    )
    assert login.status_code == 200
    body = login.json()
    assert body["success"] is True
    assert body["user"] == {
        "id": body["user"]["id"],
        "email": "new.producer@example.com",
        "username": "newproducer",
        "subscription_tier": "free",
    }
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['token']}")

    profile = api_client.get("/api/user")
    assert profile.status_code == 200
    data = profile.json()["data"]
    assert data["username"] == "newproducer"
    assert data["xp_points"] == 0
    assert data["total_generations"] == 0
    assert data["total_projects"] == 0

    logout = api_client.post("/api/auth/logout")
    assert logout.status_code == 200
    assert logout.json() == {"success": True, "message": "Logged out successfully"}

    after = api_client.get("/api/user")
    assert after.status_code == 401
    assert after.json()["error"] == "Authentication required"


def test_login_with_wrong_password_is_401(api_client, user):
    response = api_client.post("/api/auth/login", {"email": user.email, "password": "wrong-password"}, format="json")

    assert response.status_code == 401
    assert response.json() == {"error": "Authentication required", "details": "Invalid email or password"}


def test_login_with_unknown_email_is_401(api_client, db):
    response = api_client.post(
        "/api/auth/login", {"email": "nobody@example.com", "password": USER_PASSWORD}, format="json"
    )
    assert response.status_code == 401


def test_logout_revokes_only_that_token(api_client, user):
    first = login_token(api_client, user.email)
    second = login_token(api_client, user.email)

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {first}")
    assert api_client.post("/api/auth/logout").status_code == 200
    assert api_client.get("/api/user").status_code == 401

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {second}")
    assert api_client.get("/api/user").status_code == 200


def test_garbage_token_is_401(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not.a.jwt")
    response = api_client.get("/api/user")

    assert response.status_code == 401
    assert response.json() == {"error": "Authentication required", "details": "Token is invalid, expired or revoked"}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_update_profile_changes_only_sent_fields(auth_client, user):
    response = auth_client.put("/api/user", {"last_name": "Smith", "bio": "Updated bio"}, format="json")

    assert response.status_code == 200
    assert response.json() == {"success": True, "message": "Profile updated successfully"}
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.bio) == ("Test", "Smith", "Updated bio")


def test_update_profile_rejects_bad_values_and_changes_nothing(auth_client, user):
    response = auth_client.put("/api/user", {"bio": "x" * 1001, "first_name": "Changed"}, format="json")

    assert response.status_code == 400
    assert "bio" in response.json()["details"]
    user.refresh_from_db()
    assert user.first_name == "Test"
