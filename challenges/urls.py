"""Page URLs of the challenges app."""

from django.urls import path

from . import views

app_name = "challenges"
urlpatterns = [
    path("", views.challenge_list_view, name="list"),
    path("leaderboard/", views.leaderboard_view, name="leaderboard"),
    path("<int:challenge_id>/", views.challenge_detail_view, name="detail"),
]
