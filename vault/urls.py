"""Page URLs of the vault app."""

from django.urls import path  # noqa: F401

app_name = "vault"
urlpatterns: list = []  # type: ignore[type-arg]
