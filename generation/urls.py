"""Page URLs of the generation app (the studio)."""

from django.urls import path  # noqa: F401

app_name = "generation"
urlpatterns: list = []  # type: ignore[type-arg]
