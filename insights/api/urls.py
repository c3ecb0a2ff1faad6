"""URLs of the insights API (Producer DNA, creativity score, analytics), mounted under ``/api/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("user/producer-dna", views.ProducerDnaView.as_view(), name="api-producer-dna"),
    path("user/creativity-score", views.CreativityScoreView.as_view(), name="api-creativity-score"),
    path("analytics", views.AnalyticsView.as_view(), name="api-analytics"),
    path("analytics/user", views.UserAnalyticsView.as_view(), name="api-analytics-user"),
]
