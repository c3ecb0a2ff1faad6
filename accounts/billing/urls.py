"""Billing page URLs (under ``/account/billing/``)."""

from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.billing_view, name="billing"),
    path("checkout/", views.billing_checkout_view, name="checkout"),
    path("cancel/", views.billing_cancel_view, name="cancel"),
]
