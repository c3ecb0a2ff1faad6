"""Page URLs of the vault app."""

from django.urls import path

from . import views

app_name = "vault"
urlpatterns = [
    path("", views.vault_view, name="list"),
]
