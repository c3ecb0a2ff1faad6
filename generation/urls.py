"""Page URLs of the generation app (the studio)."""

from django.urls import path

from . import staff_views, views

app_name = "generation"
urlpatterns = [
    path("", views.studio_view, name="studio"),
    path("listen/", staff_views.listening_view, name="listening"),
    path("tracks/", views.track_list_view, name="tracks"),
    path("tracks/<str:track_id>/", views.track_view, name="track"),
]
