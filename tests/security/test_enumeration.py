"""Register and login answer the same, and do the same work, whether or not an email is registered;
the demo account exists only in development."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTRATION = {"username": "freshname", "password": "SecurePass123!x", "first_name": "A", "last_name": "B"}


@pytest.fixture
def hash_count(monkeypatch):
    """How many times a password was hashed (checking one hashes it too)."""
    calls = []
    original = MD5PasswordHasher.encode

    def counting(self, password, salt):
        calls.append(password)
        return original(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    return calls


def test_login_answers_and_works_the_same_for_unknown_and_known_emails(api_client, user, hash_count):
    known = api_client.post("/api/auth/login", {"email": user.email, "password": "wrong-pass"}, format="json")
    known_hashes = len(hash_count)
    unknown = api_client.post(
        "/api/auth/login", {"email": "ghost@example.com", "password": "wrong-pass"}, format="json"
    )
    unknown_hashes = len(hash_count) - known_hashes

    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert known.status_code == 401
    assert known.json() == {"error": "Authentication required", "details": "Invalid email or password"}
    assert (known_hashes, unknown_hashes) == (1, 1)


def test_register_answers_the_same_for_a_taken_email_and_emails_its_owner(api_client, hash_count):
    owner = UserFactory(email="taken@example.com")
    mail.outbox.clear()
    hash_count.clear()

    fresh = api_client.post("/api/auth/register", REGISTRATION | {"email": "fresh@example.com"}, format="json")
    fresh_hashes = len(hash_count)
    taken = api_client.post(
        "/api/auth/register", REGISTRATION | {"email": "TAKEN@example.com", "username": "othername"}, format="json"
    )
    taken_hashes = len(hash_count) - fresh_hashes

    assert (
        (fresh.status_code, fresh.json())
        == (taken.status_code, taken.json())
        == (
            201,
            {
                "success": True,
                "message": "Registration successful. Please check your email to verify your account.",
                "user_id": None,
            },
        )
    )
    assert (fresh_hashes, taken_hashes) == (1, 1)
    assert [m.to for m in mail.outbox] == [["fresh@example.com"], ["taken@example.com"]]
    assert "confirm-email" not in mail.outbox[1].body  # the owner is told, nothing is confirmed
    assert not User.objects.filter(username="othername").exists()
    owner.refresh_from_db()
    assert owner.check_password("Tr4p-Melody-140!")


def test_seed_demo_creates_the_demo_account_only_in_development():
    with override_settings(ENVIRONMENT="production"), pytest.raises(CommandError, match="COPROD_ENV=production"):
        call_command("seed_demo")
    assert not User.objects.filter(email="demo@coprod.local").exists()
    call_command("seed_demo")
    assert User.objects.get(email="demo@coprod.local").check_password("coprod-demo-2026")
