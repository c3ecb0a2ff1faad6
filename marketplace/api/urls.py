"""Marketplace endpoints, mounted at ``/api/`` exactly as the Co-Prod spec writes them."""

from django.urls import path

from . import views

urlpatterns = [
    path("marketplace", views.MarketplaceView.as_view(), name="api-marketplace"),
    path("marketplace/library", views.LibraryView.as_view(), name="api-marketplace-library"),
    path("marketplace/sales", views.SalesView.as_view(), name="api-marketplace-sales"),
    path("marketplace/<int:listing_id>", views.ListingView.as_view(), name="api-marketplace-listing"),
    path("marketplace/<int:listing_id>/purchase", views.PurchaseView.as_view(), name="api-marketplace-purchase"),
    path("marketplace/<int:listing_id>/review", views.ReviewView.as_view(), name="api-marketplace-review"),
    path("marketplace/<int:listing_id>/download", views.DownloadView.as_view(), name="api-marketplace-download"),
    path("marketplace/<int:listing_id>/preview", views.PreviewView.as_view(), name="api-marketplace-preview"),
]
