"""URLs of the Co-Prod webhooks API, mounted under ``/api/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("user/webhook-secret", views.WebhookSecretView.as_view(), name="api-webhook-secret"),
    path("user/webhook-deliveries", views.WebhookDeliveryListView.as_view(), name="api-webhook-deliveries"),
]
