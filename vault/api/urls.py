"""URLs of the Idea Vault API, mounted under ``/api/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("vault", views.IdeaListView.as_view(), name="api-vault"),
    path("vault/<int:idea_id>", views.IdeaDetailView.as_view(), name="api-vault-idea"),
    path("vault/<int:idea_id>/favorite", views.IdeaFavoriteView.as_view(), name="api-vault-favorite"),
    path("vault/<int:idea_id>/merge", views.IdeaMergeView.as_view(), name="api-vault-merge"),
    path("vault/<int:idea_id>/midi", views.IdeaMidiView.as_view(), name="api-vault-midi"),
    path("vault/<int:idea_id>/preview", views.IdeaPreviewView.as_view(), name="api-vault-preview"),
    path("vault/<int:idea_id>/analysis", views.IdeaAnalysisView.as_view(), name="api-vault-analysis"),
]
