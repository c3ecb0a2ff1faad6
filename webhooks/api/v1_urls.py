"""URLs of the v1 webhooks API, to be mounted under ``/v1/ai/`` (``path("", include("webhooks.api.v1_urls"))``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("webhooks/deliveries", views.V1WebhookDeliveryListView.as_view(), name="v1-webhook-deliveries"),
]
