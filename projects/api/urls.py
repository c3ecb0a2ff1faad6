"""URLs of the projects, MIDI and export API, mounted under ``/api/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("projects", views.ProjectListView.as_view(), name="api-projects"),
    path("projects/<int:project_id>", views.ProjectDetailView.as_view(), name="api-project"),
    path("projects/<int:project_id>/ideas", views.ProjectIdeasView.as_view(), name="api-project-ideas"),
    path("midi", views.MidiListView.as_view(), name="api-midi"),
    path("midi/<int:midi_id>/download", views.MidiDownloadView.as_view(), name="api-midi-download"),
    path("midi/<int:midi_id>/analysis", views.MidiAnalysisView.as_view(), name="api-midi-analysis"),
    path("midi/<int:midi_id>/versions", views.MidiVersionsView.as_view(), name="api-midi-versions"),
    path(
        "midi/<int:midi_id>/parts/<int:index>/download",
        views.MidiPartDownloadView.as_view(),
        name="api-midi-part-download",
    ),
    path("export", views.ExportView.as_view(), name="api-export"),
    path("export/<int:export_id>", views.ExportStatusView.as_view(), name="api-export-status"),
    path("export/<int:export_id>/download", views.ExportDownloadView.as_view(), name="api-export-download"),
]
