"""``/api/marketplace`` (browse, list), ``/{id}`` (a listing), ``/{id}/purchase``, ``/{id}/review``,
``/{id}/download``, ``/{id}/preview``, ``/library`` (a buyer's purchases), ``/sales`` (a seller's)."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.pagination import paginate
from coprod.api.views import ApiView
from coprod.errors import Conflict
from coprod.files import file_pending_response, file_response
from coprod.jobs.models import JobStatus

from .. import selectors, services
from .responses import (
    LibraryResponseSerializer,
    ListingCreatedResponseSerializer,
    ListingDetailResponseSerializer,
    ListingPageResponseSerializer,
    PurchaseResponseSerializer,
    ReviewCreatedResponseSerializer,
    SalesResponseSerializer,
)
from .serializers import ListingCreateSerializer, ReviewSerializer

SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description="Words in the title, description or tags"),
    OpenApiParameter("kind", str, enum=["midi_pack", "stem_pack", "template"]),
    OpenApiParameter("genre", str),
    OpenApiParameter("tag", str),
    OpenApiParameter("seller", str, description="Seller's username"),
    OpenApiParameter("currency", str),
    OpenApiParameter("free", bool),
    OpenApiParameter("min_price", int, description="Cents"),
    OpenApiParameter("max_price", int, description="Cents"),
    OpenApiParameter("sort", str, enum=list(selectors.SORTS)),
    OpenApiParameter("page", int),
    OpenApiParameter("per_page", int),
]


class MarketplaceView(ApiView):
    @extend_schema(
        operation_id="marketplace_list",
        parameters=SEARCH_PARAMETERS,
        responses={200: ListingPageResponseSerializer},
        tags=["marketplace"],
    )
    def get(self, request: Request) -> Response:
        """Browse active listings: search, filters, sort and pagination."""
        user = self.user_of(request)
        items, pagination = paginate(selectors.listing_search(params=request.query_params), request.query_params)
        return Response(
            {
                "success": True,
                "data": [selectors.listing_data(listing=listing, viewer=user) for listing in items],
                "pagination": pagination,
            }
        )

    @extend_schema(
        request=ListingCreateSerializer, responses={201: ListingCreatedResponseSerializer}, tags=["marketplace"]
    )
    def post(self, request: Request) -> Response:
        """List your own generations or project for sale (price in integer cents, 0 = free)."""
        serializer = ListingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        user = self.user_of(request)
        listing = services.listing_create(
            seller=user,
            data=data,
            generation_ids=data.pop("generation_ids"),
            track_ids=data.pop("track_ids"),
            project_id=data.pop("project_id", None),
        )
        return Response(
            {"success": True, "data": selectors.listing_data(listing=listing, viewer=user), "message": "Listed"},
            status=status.HTTP_201_CREATED,
        )


class ListingView(ApiView):
    """A listing with its latest reviews (a withdrawn one only for its seller and buyers)."""

    @extend_schema(responses={200: ListingDetailResponseSerializer}, tags=["marketplace"])
    def get(self, request: Request, listing_id: int) -> Response:
        user = self.user_of(request)
        listing = selectors.listing_get(listing_id=listing_id, include_withdrawn_for=user)
        reviews = [
            {"rating": r.rating, "text": r.text, "buyer": r.buyer.username, "created_at": r.created_at.isoformat()}
            for r in listing.reviews.select_related("buyer")[:50]
        ]
        return Response(
            {"success": True, "data": {**selectors.listing_data(listing=listing, viewer=user), "reviews": reviews}}
        )


class PurchaseView(ApiView):
    """Buy a listing: a free item at once (201); a paid one through Stripe Checkout (200, ``checkout_url``)."""

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(
                PurchaseResponseSerializer,
                description="Paid item: go to checkout_url; the purchase completes on payment",
            ),
            201: OpenApiResponse(PurchaseResponseSerializer, description="Free item: purchased"),
            403: OpenApiResponse(description="Your own listing"),
            409: OpenApiResponse(description="Already purchased"),
            503: OpenApiResponse(description="Paid item and billing is not configured"),
        },
        tags=["marketplace"],
    )
    def post(self, request: Request, listing_id: int) -> Response:
        user = self.user_of(request)
        listing = selectors.listing_get(listing_id=listing_id)
        page = request.build_absolute_uri(reverse("marketplace:detail", kwargs={"listing_id": listing.pk}))
        purchase, checkout_url = services.purchase_start(
            buyer=user,
            listing=listing,
            success_url=f"{page}?purchase=success",
            cancel_url=f"{page}?purchase=cancelled",
        )
        data = selectors.purchase_data(purchase=purchase)
        if checkout_url is None:
            return Response(
                {"success": True, "message": "Purchased", "data": data, "download_url": data["download_url"]},
                status=status.HTTP_201_CREATED,
            )
        return Response(
            {
                "success": True,
                "message": "Complete the payment at checkout_url",
                "checkout_url": checkout_url,
                "session_id": purchase.checkout_session_id,
                "data": data,
            }
        )


class ReviewView(ApiView):
    @extend_schema(request=ReviewSerializer, responses={201: ReviewCreatedResponseSerializer}, tags=["marketplace"])
    def post(self, request: Request, listing_id: int) -> Response:
        """Buyers only, one review each; the listing's average and count are updated."""
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        listing = selectors.listing_get(listing_id=listing_id)
        review = services.review_create(buyer=self.user_of(request), listing=listing, **serializer.validated_data)
        listing.refresh_from_db()
        return Response(
            {
                "success": True,
                "data": {"id": review.pk, "rating": review.rating, "text": review.text},
                "listing": {
                    "id": listing.pk,
                    "rating_average": float(listing.rating_average),
                    "rating_count": listing.rating_count,
                },
            },
            status=status.HTTP_201_CREATED,
        )


class DownloadView(ApiView):
    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY}, tags=["marketplace"])
    def get(self, request: Request, listing_id: int) -> HttpResponseBase:
        """The listing's pack: its buyers and its seller only."""
        user = self.user_of(request)
        listing = selectors.listing_get(listing_id=listing_id, include_withdrawn_for=user)
        services.listing_download_check(user=user, listing=listing)
        pack = selectors.listing_pack_of(listing=listing)
        if pack is None or pack.status in (JobStatus.PENDING, JobStatus.PROCESSING):
            return file_pending_response()
        if pack.status != JobStatus.COMPLETED or not pack.file:
            raise Conflict("The pack could not be built; the seller has been told")
        return file_response(pack.file, filename=pack.filename, content_type="application/zip")


class PreviewView(ApiView):
    @extend_schema(responses={(200, "audio/mpeg"): OpenApiTypes.BINARY}, tags=["marketplace"])
    def get(self, request: Request, listing_id: int) -> HttpResponseBase:
        """The listing's MP3 preview (its first idea's first bars), for anyone browsing."""
        listing = selectors.listing_get(listing_id=listing_id, include_withdrawn_for=self.user_of(request))
        preview = selectors.listing_preview_file(listing=listing)
        if preview is None:
            raise Conflict("This listing has no preview")
        if not preview:
            return file_pending_response()
        return file_response(
            preview, filename=f"listing-{listing.pk}-preview.mp3", content_type="audio/mpeg", as_attachment=False
        )


class LibraryView(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter("page", int), OpenApiParameter("per_page", int)],
        responses={200: LibraryResponseSerializer},
        tags=["marketplace"],
    )
    def get(self, request: Request) -> Response:
        """Everything you bought, newest first."""
        items, pagination = paginate(selectors.library_of(buyer=self.user_of(request)), request.query_params)
        return Response(
            {"success": True, "data": [selectors.purchase_data(purchase=p) for p in items], "pagination": pagination}
        )


class SalesView(ApiView):
    @extend_schema(responses={200: SalesResponseSerializer}, tags=["marketplace"])
    def get(self, request: Request) -> Response:
        """Your sales and, per currency, what you earned, were paid out and are owed (cents)."""
        return Response({"success": True, "data": selectors.seller_summary(seller=self.user_of(request))})
