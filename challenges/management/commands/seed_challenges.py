"""``manage.py seed_challenges``: open this week's challenge and announce the next (idempotent).

``make run`` calls it, so a fresh machine has an open challenge; Celery beat keeps the rotation
going afterwards (``challenges.advance``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from challenges.services import challenges_schedule


class Command(BaseCommand):
    help = "Make sure a weekly challenge is open and the next one is announced"

    def handle(self, *args: Any, **options: Any) -> None:
        created = challenges_schedule()
        for challenge in created:
            self.stdout.write(
                f"Scheduled “{challenge.title}” {challenge.starts_at:%Y-%m-%d} - {challenge.ends_at:%Y-%m-%d}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(created)} challenge(s) created"))
