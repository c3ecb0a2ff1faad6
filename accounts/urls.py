"""Page URLs of the accounts app."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_view, name="account"),
    path("profile/", views.account_profile_save_view, name="profile-save"),
    path("api-keys/", views.api_key_create_view, name="api-key-create"),
    path("api-keys/<int:key_id>/revoke/", views.api_key_revoke_view, name="api-key-revoke"),
    path("notifications/", views.notifications_view, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all_view, name="notifications-read-all"),
]
