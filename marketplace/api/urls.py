"""Marketplace endpoints, mounted at ``/api/`` exactly as the Co-Prod spec writes them."""

from django.urls import path

urlpatterns: list = []
