"""``manage.py seed_templates``: load the v1 template catalogue (``make run`` runs it; idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from generation.template_services import templates_seed


class Command(BaseCommand):
    help = "Create the v1 catalogue's missing templates (--update also resets the existing ones to the catalogue)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--update", action="store_true", help="reset existing templates to the catalogue")

    def handle(self, *args: Any, **options: Any) -> None:
        created, updated = templates_seed(update=bool(options["update"]))
        self.stdout.write(f"templates: {created} created, {updated} updated")
