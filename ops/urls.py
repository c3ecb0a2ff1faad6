"""Readiness and metrics (liveness, ``/healthz``, stays in coprod.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("readyz", views.readiness_view, name="readiness"),
    path("metrics", views.metrics_view, name="metrics"),
]
