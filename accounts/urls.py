"""Page URLs of the accounts app."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_view, name="account"),
    path("notifications/", views.notifications_view, name="notifications"),
]
