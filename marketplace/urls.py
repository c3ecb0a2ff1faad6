"""Marketplace pages."""

from django.urls import path

from . import views

app_name = "marketplace"

urlpatterns = [
    path("", views.listing_list_view, name="list"),
    path("new/", views.listing_create_view, name="create"),
    path("library/", views.library_view, name="library"),
    path("sales/", views.sales_view, name="sales"),
    path("<int:listing_id>/", views.listing_detail_view, name="detail"),
    path("<int:listing_id>/buy/", views.listing_buy_view, name="buy"),
    path("<int:listing_id>/review/", views.listing_review_view, name="review"),
]
