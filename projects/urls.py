"""Page URLs of the projects app."""

from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list_view, name="list"),
    path("new/", views.project_create_view, name="create"),
    path("<int:project_id>/", views.project_detail_view, name="detail"),
    path("<int:project_id>/midi/", views.project_midi_upload_view, name="midi-upload"),
    path("<int:project_id>/export/", views.project_export_view, name="export"),
    path("<int:project_id>/edit/", views.project_edit_view, name="edit"),
    path("<int:project_id>/delete/", views.project_delete_view, name="delete"),
    path("midi/<int:midi_id>/", views.midi_file_detail_view, name="midi"),
]
