"""App config for accounts: connects the auth cache's revocation on saves and deletions."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .auth_cache import connect_revocation

        connect_revocation()
