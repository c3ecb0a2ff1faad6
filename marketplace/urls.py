"""Marketplace pages."""

from django.urls import path

app_name = "marketplace"
urlpatterns: list = []
