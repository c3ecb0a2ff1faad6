"""URLs of the v1 Music Generation API, mounted under ``/v1/ai/``."""

from django.urls import path

from . import batches, playlists, templates, views

urlpatterns = [
    path("generate", views.GenerateView.as_view(), name="v1-generate"),
    path("generations", views.GenerationListView.as_view(), name="v1-generations"),
    path("generations/<str:generation_id>", views.GenerationDetailView.as_view(), name="v1-generation"),
    path("generations/<str:generation_id>/cancel", views.GenerationCancelView.as_view(), name="v1-generation-cancel"),
    path("generations/<str:generation_id>/retry", views.GenerationRetryView.as_view(), name="v1-generation-retry"),
    path("tracks/<str:track_id>", views.TrackDetailView.as_view(), name="v1-track"),
    path("tracks/<str:track_id>/download", views.TrackDownloadView.as_view(), name="v1-track-download"),
    path("tracks/<str:track_id>/plays", views.TrackPlayView.as_view(), name="v1-track-plays"),
    path("templates", templates.TemplateListView.as_view(), name="v1-templates"),
    path("templates/<str:template_id>", templates.TemplateDetailView.as_view(), name="v1-template"),
    path("templates/<str:template_id>/preview", templates.TemplatePreviewView.as_view(), name="v1-template-preview"),
    path("generate-from-template", templates.GenerateFromTemplateView.as_view(), name="v1-generate-from-template"),
    path("generate-batch", batches.GenerateBatchView.as_view(), name="v1-generate-batch"),
    path("batches", batches.BatchListView.as_view(), name="v1-batches"),
    path("batches/<str:batch_id>", batches.BatchDetailView.as_view(), name="v1-batch"),
    path("batches/<str:batch_id>/cancel", batches.BatchCancelView.as_view(), name="v1-batch-cancel"),
    path("generate-playlist", playlists.GeneratePlaylistView.as_view(), name="v1-generate-playlist"),
    path("playlists", playlists.PlaylistListView.as_view(), name="v1-playlists"),
    path("playlists/<str:playlist_id>", playlists.PlaylistDetailView.as_view(), name="v1-playlist"),
    path("playlists/<str:playlist_id>/cancel", playlists.PlaylistCancelView.as_view(), name="v1-playlist-cancel"),
    path("playlists/<str:playlist_id>/download", playlists.PlaylistDownloadView.as_view(), name="v1-playlist-download"),
]
