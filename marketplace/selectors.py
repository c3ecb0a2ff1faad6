"""Reads of the marketplace: browsing with search, filters and sort; a listing; a buyer's library;
a seller's sales and payouts owed. Reads never write; money stays integer cents."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.urls import reverse

from accounts.models import User
from coprod.errors import ParameterError
from coprod.selectors import integer_id
from generation.models import TrackFile

from .models import Listing, ListingKind, ListingPack, ListingStatus, Payout, Purchase, PurchaseStatus

SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "price_asc": ("price_cents", "-id"),
    "price_desc": ("-price_cents", "-id"),
    "rating": ("-rating_average", "-rating_count", "-id"),
    "popular": ("-sales_count", "-id"),
}
MAX_QUERY_LENGTH = 100


def _cents_param(params: Any, name: str) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    if not str(raw).isdigit() or len(str(raw)) > 9:
        raise ParameterError(name, raw, "a whole number of cents, 0 or more")
    return int(raw)


def listing_search(*, params: Any) -> QuerySet[Listing]:
    """Active listings matching ``params``: ``q`` (title, description, tags), ``kind``, ``genre``,
    ``tag``, ``seller`` (username), ``currency``, ``free=true``, ``min_price`` / ``max_price``
    (cents) and ``sort`` (:data:`SORTS`). Raises :class:`ParameterError` for bad values."""
    queryset = Listing.objects.filter(status=ListingStatus.ACTIVE).select_related("seller")
    q = str(params.get("q") or "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        raise ParameterError("q", q[:20] + "...", f"at most {MAX_QUERY_LENGTH} characters")
    if q:
        # Tags are a JSON list; a substring match on its text finds a tag without a JSON index.
        queryset = queryset.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(tags__icontains=q))
    kind = params.get("kind")
    if kind:
        if kind not in ListingKind.values:
            raise ParameterError("kind", kind, f"one of {', '.join(ListingKind.values)}")
        queryset = queryset.filter(kind=kind)
    for field in ("genre", "currency"):
        value = params.get(field)
        if value:
            queryset = queryset.filter(**{f"{field}__iexact": str(value)[:32]})
    tag = str(params.get("tag") or "").strip().lower()[:32]
    if tag:
        queryset = queryset.filter(tags__icontains=f'"{tag}"')
    seller = params.get("seller")
    if seller:
        queryset = queryset.filter(seller__username__iexact=str(seller)[:150])
    free = str(params.get("free") or "").lower()
    if free in ("true", "1"):
        queryset = queryset.filter(price_cents=0)
    elif free in ("false", "0"):
        queryset = queryset.filter(price_cents__gt=0)
    minimum, maximum = _cents_param(params, "min_price"), _cents_param(params, "max_price")
    if minimum is not None:
        queryset = queryset.filter(price_cents__gte=minimum)
    if maximum is not None:
        queryset = queryset.filter(price_cents__lte=maximum)
    sort = params.get("sort") or "newest"
    if sort not in SORTS:
        raise ParameterError("sort", sort, f"one of {', '.join(SORTS)}")
    return queryset.order_by(*SORTS[sort])


def listing_get(*, listing_id: Any, include_withdrawn_for: User | None = None) -> Listing:
    """An active listing, or a withdrawn one its seller or one of its buyers (``include_withdrawn_for``)
    may still open; Http404 otherwise."""
    object_id = integer_id(listing_id)
    listing = Listing.objects.select_related("seller").filter(pk=object_id).first() if object_id else None
    if listing is None:
        raise Http404
    if listing.status == ListingStatus.ACTIVE:
        return listing
    viewer = include_withdrawn_for
    if viewer is not None and (
        listing.seller_id == viewer.pk
        or Purchase.objects.filter(listing=listing, buyer=viewer, status=PurchaseStatus.COMPLETED).exists()
    ):
        return listing
    raise Http404


def purchase_of(*, listing: Listing, buyer: User) -> Purchase | None:
    return Purchase.objects.filter(listing=listing, buyer=buyer).first()


def listing_owned_by(*, listing: Listing, user: User) -> bool:
    """Whether ``user`` may download the listing: its seller, or a buyer whose purchase completed."""
    return (
        listing.seller_id == user.pk
        or Purchase.objects.filter(listing=listing, buyer=user, status=PurchaseStatus.COMPLETED).exists()
    )


def listing_pack_of(*, listing: Listing) -> ListingPack | None:
    return ListingPack.objects.filter(listing=listing).first()


def listing_preview_file(*, listing: Listing) -> FieldFile | None:
    """What the listing plays: its first idea's MP3 preview, or a listed track's MP3 mix.

    ``None``: nothing to play; an empty file: the preview is still being rendered."""
    generation = listing.preview_generation
    if generation is None:
        return None
    preview: FieldFile = generation.preview
    if not preview:
        track_mp3 = TrackFile.objects.filter(
            track__generation=generation, kind=TrackFile.Kind.AUDIO, format="mp3"
        ).first()
        if track_mp3 is not None:
            preview = track_mp3.file
    return preview


def listing_data(*, listing: Listing, viewer: User | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": listing.pk,
        "kind": listing.kind,
        "title": listing.title,
        "description": listing.description,
        "tags": listing.tags,
        "genre": listing.genre,
        "bpm": listing.bpm,
        "key": listing.key,
        "price_cents": listing.price_cents,
        "currency": listing.currency,
        "is_free": listing.is_free,
        "license": listing.license,
        "license_terms": listing.get_license_display(),
        "license_notes": listing.license_notes,
        "seller": {"id": listing.seller_id, "username": listing.seller.username},
        "status": listing.status,
        "sales_count": listing.sales_count,
        "rating_average": float(listing.rating_average),
        "rating_count": listing.rating_count,
        "preview_url": reverse("api-marketplace-preview", kwargs={"listing_id": listing.pk})
        if listing.preview_generation_id
        else None,
        "created_at": listing.created_at.isoformat(),
    }
    if viewer is not None:
        purchase = purchase_of(listing=listing, buyer=viewer)
        owned = listing.seller_id == viewer.pk or (purchase is not None and purchase.status == PurchaseStatus.COMPLETED)
        data["is_seller"] = listing.seller_id == viewer.pk
        data["purchased"] = purchase is not None and purchase.status == PurchaseStatus.COMPLETED
        data["download_url"] = reverse("api-marketplace-download", kwargs={"listing_id": listing.pk}) if owned else None
    return data


def purchase_data(*, purchase: Purchase) -> dict[str, Any]:
    return {
        "id": purchase.pk,
        "listing_id": purchase.listing_id,
        "title": purchase.listing.title,
        "kind": purchase.listing.kind,
        "status": purchase.status,
        "price_cents": purchase.price_cents,
        "currency": purchase.currency,
        "created_at": purchase.created_at.isoformat(),
        "completed_at": purchase.completed_at.isoformat() if purchase.completed_at else None,
        "download_url": reverse("api-marketplace-download", kwargs={"listing_id": purchase.listing_id})
        if purchase.status == PurchaseStatus.COMPLETED
        else None,
    }


def library_of(*, buyer: User) -> QuerySet[Purchase]:
    """The buyer's completed purchases, newest first."""
    return Purchase.objects.filter(buyer=buyer, status=PurchaseStatus.COMPLETED).select_related("listing")


def seller_summary(*, seller: User) -> dict[str, Any]:
    """A seller's sales and money per currency: ``earned``, ``paid_out`` and ``owed`` (integer cents)."""
    sales = (
        Purchase.objects.filter(listing__seller=seller, status=PurchaseStatus.COMPLETED)
        .select_related("listing", "buyer")
        .order_by("-completed_at", "-id")
    )
    money: dict[str, dict[str, int]] = defaultdict(lambda: {"gross": 0, "fees": 0, "earned": 0, "paid_out": 0})
    for row in sales.values("currency").annotate(
        gross=Sum("price_cents"), fees=Sum("fee_cents"), earned=Sum("seller_earnings_cents")
    ):
        money[row["currency"]].update(gross=row["gross"] or 0, fees=row["fees"] or 0, earned=row["earned"] or 0)
    for row in Payout.objects.filter(seller=seller).values("currency").annotate(paid=Sum("amount_cents")):
        money[row["currency"]]["paid_out"] = row["paid"] or 0
    totals = [{"currency": c, **v, "owed": v["earned"] - v["paid_out"]} for c, v in sorted(money.items())]
    return {
        "sales": [
            {
                "purchase_id": p.pk,
                "listing_id": p.listing_id,
                "title": p.listing.title,
                "buyer": p.buyer.username,
                "price_cents": p.price_cents,
                "fee_cents": p.fee_cents,
                "seller_earnings_cents": p.seller_earnings_cents,
                "currency": p.currency,
                "completed_at": p.completed_at.isoformat() if p.completed_at else None,
            }
            for p in sales[:200]
        ],
        "totals": totals,
        "listings": Listing.objects.filter(seller=seller).count(),
    }
