"""``manage.py seed_demo``: create the verified demo user shown in the README (idempotent).

Development only: its password is public, so with ``COPROD_ENV`` other than ``development`` the
command refuses and creates nothing.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User

DEMO_EMAIL = "demo@coprod.local"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "coprod-demo-2026"  # noqa: S105 - documented demo credentials for local use only


class Command(BaseCommand):
    help = "Create (or reset) the verified demo user: demo@coprod.local / coprod-demo-2026"

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.ENVIRONMENT != "development":
            raise CommandError(
                "seed_demo creates an account with a published password; "
                f"refused with COPROD_ENV={settings.ENVIRONMENT}"
            )
        user, created = User.objects.get_or_create(
            email=DEMO_EMAIL, defaults={"username": DEMO_USERNAME, "first_name": "Demo", "last_name": "Producer"}
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=DEMO_EMAIL, defaults={"verified": True, "primary": True})
        verb = "Created" if created else "Reset"
        self.stdout.write(self.style.SUCCESS(f"{verb} demo user {DEMO_EMAIL} / {DEMO_PASSWORD}"))
