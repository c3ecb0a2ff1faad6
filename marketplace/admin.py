"""Admin for the marketplace: listings, purchases, reviews, and payouts (staff record them here)."""

from django.contrib import admin

from .models import Listing, ListingPack, Payout, Purchase, Review


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "title",
        "kind",
        "seller",
        "price_cents",
        "currency",
        "status",
        "sales_count",
        "rating_average",
    )
    list_filter = ("kind", "status", "currency")
    search_fields = ("title", "seller__username")
    raw_id_fields = ("seller", "project", "preview_generation", "generations")


@admin.register(Purchase)
class PurchaseAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "listing",
        "buyer",
        "status",
        "price_cents",
        "currency",
        "seller_earnings_cents",
        "completed_at",
    )
    list_filter = ("status", "currency")
    raw_id_fields = ("listing", "buyer")


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "seller", "amount_cents", "currency", "reference", "created_at")
    raw_id_fields = ("seller",)


admin.site.register(Review)
admin.site.register(ListingPack)
