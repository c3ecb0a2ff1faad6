"""Page URLs of the insights app."""

from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("account/dashboard/", views.dashboard_view, name="dashboard"),
    path("u/<str:username>/", views.public_profile_view, name="public-profile"),
]
