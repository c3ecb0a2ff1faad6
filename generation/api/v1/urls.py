"""URLs of the v1 Music Generation API, mounted under ``/v1/ai/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("generate", views.GenerateView.as_view(), name="v1-generate"),
    path("generations", views.GenerationListView.as_view(), name="v1-generations"),
    path("generations/<str:generation_id>", views.GenerationDetailView.as_view(), name="v1-generation"),
    path("generations/<str:generation_id>/cancel", views.GenerationCancelView.as_view(), name="v1-generation-cancel"),
    path("generations/<str:generation_id>/retry", views.GenerationRetryView.as_view(), name="v1-generation-retry"),
    path("tracks/<str:track_id>", views.TrackDetailView.as_view(), name="v1-track"),
    path("tracks/<str:track_id>/download", views.TrackDownloadView.as_view(), name="v1-track-download"),
    path("tracks/<str:track_id>/plays", views.TrackPlayView.as_view(), name="v1-track-plays"),
]
