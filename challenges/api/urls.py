"""URLs of the challenges API, mounted under ``/api/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("challenges", views.ChallengeListView.as_view(), name="api-challenges"),
    path("challenges/leaderboard", views.OverallLeaderboardView.as_view(), name="api-challenges-leaderboard"),
    path("challenges/<int:challenge_id>", views.ChallengeDetailView.as_view(), name="api-challenge"),
    path("challenges/<int:challenge_id>/join", views.ChallengeJoinView.as_view(), name="api-challenge-join"),
    path("challenges/<int:challenge_id>/check", views.ChallengeCheckView.as_view(), name="api-challenge-check"),
    path("challenges/<int:challenge_id>/submit", views.ChallengeSubmitView.as_view(), name="api-challenge-submit"),
    path(
        "challenges/<int:challenge_id>/progress", views.ChallengeProgressView.as_view(), name="api-challenge-progress"
    ),
    path(
        "challenges/<int:challenge_id>/submissions",
        views.SubmissionListView.as_view(),
        name="api-challenge-submissions",
    ),
    path(
        "challenges/<int:challenge_id>/submissions/<int:submission_id>",
        views.SubmissionDetailView.as_view(),
        name="api-challenge-submission",
    ),
    path("challenges/<int:challenge_id>/vote", views.ChallengeVoteView.as_view(), name="api-challenge-vote"),
    path(
        "challenges/<int:challenge_id>/leaderboard",
        views.ChallengeLeaderboardView.as_view(),
        name="api-challenge-leaderboard",
    ),
    path("xp", views.XpView.as_view(), name="api-xp"),
]
