"""Response serializers of the marketplace endpoints, for the schema (what ``marketplace.selectors`` builds)."""

from __future__ import annotations

from rest_framework import serializers

from coprod.api.responses import Base, CoprodPaginationSerializer


class SellerSerializer(Base):  # type: ignore[type-arg]
    """Who sells the listing."""

    id = serializers.IntegerField()
    username = serializers.CharField()


class ListingSerializer(Base):  # type: ignore[type-arg]
    """A listing; prices are integer cents. ``is_seller``, ``purchased`` and ``download_url`` are the viewer's."""

    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="midi_pack, stem_pack or template")
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField())
    genre = serializers.CharField(allow_blank=True)
    bpm = serializers.IntegerField(allow_null=True)
    key = serializers.CharField(allow_blank=True)
    price_cents = serializers.IntegerField(min_value=0)
    currency = serializers.CharField()
    is_free = serializers.BooleanField()
    license = serializers.CharField()
    license_terms = serializers.CharField()
    license_notes = serializers.CharField(allow_blank=True)
    seller = SellerSerializer()
    status = serializers.CharField()
    sales_count = serializers.IntegerField(min_value=0)
    rating_average = serializers.FloatField(min_value=0, max_value=5)
    rating_count = serializers.IntegerField(min_value=0)
    preview_url = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    is_seller = serializers.BooleanField(required=False)
    purchased = serializers.BooleanField(required=False)
    download_url = serializers.CharField(required=False, allow_null=True)


class ListingReviewSerializer(Base):  # type: ignore[type-arg]
    """A buyer's review."""

    rating = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(allow_blank=True)
    buyer = serializers.CharField()
    created_at = serializers.DateTimeField()


class ListingDetailSerializer(ListingSerializer):
    """A listing with its latest reviews."""

    reviews = ListingReviewSerializer(many=True)


class ListingPageResponseSerializer(Base):  # type: ignore[type-arg]
    """A page of active listings."""

    success = serializers.BooleanField()
    data = ListingSerializer(many=True)
    pagination = CoprodPaginationSerializer()


class ListingCreatedResponseSerializer(Base):  # type: ignore[type-arg]
    """201: the new listing."""

    success = serializers.BooleanField()
    data = ListingSerializer()
    message = serializers.CharField()


class ListingDetailResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with a listing and its reviews."""

    success = serializers.BooleanField()
    data = ListingDetailSerializer()


class PurchaseSerializer(Base):  # type: ignore[type-arg]
    """A purchase (``download_url`` once completed)."""

    id = serializers.IntegerField()
    listing_id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    price_cents = serializers.IntegerField(min_value=0)
    currency = serializers.CharField()
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    download_url = serializers.CharField(allow_null=True)


class PurchaseResponseSerializer(Base):  # type: ignore[type-arg]
    """201: a free item, purchased (``download_url``); 200: a paid item, pay at ``checkout_url``."""

    success = serializers.BooleanField()
    message = serializers.CharField()
    data = PurchaseSerializer()
    download_url = serializers.CharField(required=False, allow_null=True, help_text="201 (free item)")
    checkout_url = serializers.CharField(required=False, help_text="200 (paid item): Stripe Checkout")
    session_id = serializers.CharField(required=False, help_text="200 (paid item): the Checkout Session id")


class ReviewCreatedSerializer(Base):  # type: ignore[type-arg]
    """The review as stored."""

    id = serializers.IntegerField()
    rating = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(allow_blank=True)


class ListingRatingSerializer(Base):  # type: ignore[type-arg]
    """The listing's rating after the review."""

    id = serializers.IntegerField()
    rating_average = serializers.FloatField(min_value=0, max_value=5)
    rating_count = serializers.IntegerField(min_value=0)


class ReviewCreatedResponseSerializer(Base):  # type: ignore[type-arg]
    """201: the review and the listing's new rating."""

    success = serializers.BooleanField()
    data = ReviewCreatedSerializer()
    listing = ListingRatingSerializer()


class LibraryResponseSerializer(Base):  # type: ignore[type-arg]
    """A page of your completed purchases."""

    success = serializers.BooleanField()
    data = PurchaseSerializer(many=True)
    pagination = CoprodPaginationSerializer()


class SaleSerializer(Base):  # type: ignore[type-arg]
    """One sale (integer cents)."""

    purchase_id = serializers.IntegerField()
    listing_id = serializers.IntegerField()
    title = serializers.CharField()
    buyer = serializers.CharField()
    price_cents = serializers.IntegerField(min_value=0)
    fee_cents = serializers.IntegerField(min_value=0)
    seller_earnings_cents = serializers.IntegerField(min_value=0)
    currency = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)


class CurrencyTotalsSerializer(Base):  # type: ignore[type-arg]
    """Money in one currency (integer cents): gross, fees, earned, paid out and still owed."""

    currency = serializers.CharField()
    gross = serializers.IntegerField()
    fees = serializers.IntegerField()
    earned = serializers.IntegerField()
    paid_out = serializers.IntegerField()
    owed = serializers.IntegerField()


class SalesSummarySerializer(Base):  # type: ignore[type-arg]
    """Your sales, totals per currency and how many listings you have."""

    sales = SaleSerializer(many=True)
    totals = CurrencyTotalsSerializer(many=True)
    listings = serializers.IntegerField(min_value=0)


class SalesResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the sales summary."""

    success = serializers.BooleanField()
    data = SalesSummarySerializer()
