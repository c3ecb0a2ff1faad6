"""URLs of the Co-Prod generate API, mounted under ``/api/``."""

from django.urls import path

from ..engine.tools import TOOLS_BY_SLUG
from . import music_views, views

urlpatterns = [
    path("generate/tools", views.ToolCatalogView.as_view(), name="api-generate-tools"),
    path("generate/<int:generation_id>/status", views.GenerationStatusView.as_view(), name="api-generation-status"),
    path("generate/<int:generation_id>/cancel", views.GenerationCancelView.as_view(), name="api-generation-cancel"),
    path(
        "generate/<int:generation_id>/midi",
        views.GenerationFileView.as_view(file_format="midi"),
        name="api-generation-midi",
    ),
    path(
        "generate/<int:generation_id>/musicxml",
        views.GenerationFileView.as_view(file_format="musicxml"),
        name="api-generation-musicxml",
    ),
    path("generate/<int:generation_id>/preview", views.GenerationPreviewView.as_view(), name="api-generation-preview"),
    path(
        "generate/<int:generation_id>/parts/<int:index>/midi",
        music_views.GenerationPartMidiView.as_view(),
        name="api-generation-part-midi",
    ),
    path(
        "generate/<int:generation_id>/analysis",
        music_views.GenerationAnalysisView.as_view(),
        name="api-generation-analysis",
    ),
    path("generate/<int:generation_id>/retry", views.GenerationRetryView.as_view(), name="api-generation-retry"),
    # One view class; the URL names the tool (each gets its own operation in the schema).
    *[
        path(f"generate/{slug}", views.GenerateView.as_view(tool_slug=slug), name=f"api-generate-{slug}")
        for slug in TOOLS_BY_SLUG
    ],
]
