"""Page URLs of the generation app (the studio)."""

from django.urls import path

from . import group_views, staff_views, views

app_name = "generation"
urlpatterns = [
    path("", views.studio_view, name="studio"),
    path("listen/", staff_views.listening_view, name="listening"),
    path("tracks/", views.track_list_view, name="tracks"),
    path("tracks/<str:track_id>/", views.track_view, name="track"),
    path("templates/", group_views.template_gallery_view, name="templates"),
    path("templates/<str:template_id>/", group_views.template_use_view, name="template"),
    path("collections/", group_views.groups_view, name="groups"),
    path("batches/<str:batch_id>/", group_views.batch_view, name="batch"),
    path("playlists/<str:playlist_id>/", group_views.playlist_view, name="playlist"),
]
