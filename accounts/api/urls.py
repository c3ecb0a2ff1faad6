"""URLs of the accounts API, mounted under ``/api/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("auth/register", views.RegisterView.as_view(), name="api-register"),
    path("auth/login", views.LoginView.as_view(), name="api-login"),
    path("auth/logout", views.LogoutView.as_view(), name="api-logout"),
    path("user", views.CurrentUserView.as_view(), name="api-user"),
    path("user/api-keys", views.ApiKeyListView.as_view(), name="api-keys"),
    path("user/api-keys/<int:key_id>", views.ApiKeyDetailView.as_view(), name="api-key-detail"),
    path("notifications", views.NotificationListView.as_view(), name="api-notifications"),
    path("notifications/read-all", views.NotificationReadAllView.as_view(), name="api-notifications-read-all"),
    path(
        "notifications/<int:notification_id>/read", views.NotificationReadView.as_view(), name="api-notification-read"
    ),
]
