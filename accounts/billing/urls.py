"""Billing page URLs (under ``/account/billing/``)."""

from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.billing_view, name="billing"),
]
