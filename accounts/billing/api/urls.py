"""Subscription endpoints, mounted at ``/api/`` exactly as the Co-Prod spec writes them."""

from django.urls import path

from . import views

urlpatterns = [
    path("subscription", views.SubscriptionView.as_view(), name="api-subscription"),
    path("subscription/checkout", views.CheckoutView.as_view(), name="api-subscription-checkout"),
    path("subscription/cancel", views.CancelView.as_view(), name="api-subscription-cancel"),
    path("subscription/webhook", views.WebhookView.as_view(), name="api-subscription-webhook"),
]
