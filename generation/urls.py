"""Page URLs of the generation app (the studio)."""

from django.urls import path

from . import views

app_name = "generation"
urlpatterns = [
    path("", views.studio_view, name="studio"),
]
