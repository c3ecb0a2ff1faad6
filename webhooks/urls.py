"""Page URLs of the webhooks app (mounted under ``/account/webhooks/``)."""

from django.urls import path

from . import views

app_name = "webhooks"
urlpatterns = [
    path("secret/rotate", views.webhook_secret_rotate_view, name="secret-rotate"),
]
