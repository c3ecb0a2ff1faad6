"""A test URLconf: the project's URLs plus the v1 webhooks URLs at ``/v1/ai/`` (the lead mounts them on main)."""

from django.urls import include, path

from coprod.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("v1/ai/", include("webhooks.api.v1_urls")),
    *project_urlpatterns,
]
