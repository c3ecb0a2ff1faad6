"""Marketplace use cases: list work for sale, buy (free at once, paid through Stripe Checkout with
fulfilment on the webhook), review. Each is the one place its write happens.

Rules: a seller lists only their own generations and projects; a seller cannot buy their own
listing; a buyer buys a listing once; only buyers review, once each. Money is integer cents: the
marketplace keeps ``MARKETPLACE_FEE_PERCENT`` of each paid sale (rounded down) and owes the rest
to the seller.
"""

from __future__ import annotations

import logging
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from djstripe.models import Event

from accounts.billing import selectors as billing_selectors
from accounts.billing.money import money_format
from accounts.billing.services import BillingNotConfigured, checkout_session_create
from accounts.models import User
from accounts.services import notification_create
from coprod.errors import Conflict, DomainError, ParameterError
from coprod.jobs.services import job_enqueue
from coprod.plans import plan_require
from coprod.quotas import quota_check_audio, quota_check_jobs
from generation.models import Generation, GenerationStatus
from generation.selectors import generation_get
from generation.track_selectors import track_get
from projects.models import Project
from projects.selectors import project_get

from .models import Listing, ListingKind, ListingPack, Purchase, PurchaseStatus, Review
from .packs import MAX_PACK_GENERATIONS, listing_audio_seconds

logger = logging.getLogger(__name__)

LISTING_FIELDS = ("kind", "title", "description", "tags", "price_cents", "currency", "license", "license_notes")


class MarketplaceForbidden(DomainError):
    """403 with the rule that forbids it as the Co-Prod ``reason``."""

    status_code = 403
    default_code = "FORBIDDEN"

    def __init__(self, reason: str):
        super().__init__("Access denied", reason=reason)


def listing_create(
    *,
    seller: User,
    data: dict[str, Any],
    generation_ids: list[int | str],
    project_id: int | None,
    track_ids: list[str] | None = None,
) -> Listing:
    """List the seller's own work for sale and queue its pack (built on a worker).

    Raises Http404 for generations, tracks or a project that are not the seller's, :class:`ParameterError`
    for sources that have no music yet, ``QuotaExceeded`` when the seller's job or audio quota
    (stem packs are rendered) is used up.
    """
    kind = ListingKind(data["kind"])
    plan_require(user=seller, feature="marketplace_sell")
    track_ids = list(dict.fromkeys(track_ids or []))
    if not generation_ids and not track_ids and project_id is None:
        raise ParameterError("generation_ids", None, "one or more of your generations or tracks, or a project_id")
    limit = MAX_PACK_GENERATIONS[kind]
    if len(generation_ids) + len(track_ids) > limit:
        raise ParameterError(
            "generation_ids",
            len(generation_ids) + len(track_ids),
            f"at most {limit} generations and tracks for a {kind.label}",
        )
    tracks = [track_get(user=seller, public_id=track_id) for track_id in track_ids]
    generations: list[Generation] = []
    for generation_id in dict.fromkeys(generation_ids):
        generation = generation_get(user=seller, generation_id=generation_id, with_result=False)
        if generation.status != GenerationStatus.COMPLETED:
            raise ParameterError("generation_ids", generation_id, "completed generations only")
        generations.append(generation)
    project: Project | None = None
    if project_id is not None:
        project = project_get(owner=seller, project_id=project_id)
        if not generations and not project.generations.filter(status=GenerationStatus.COMPLETED).exists():
            raise ParameterError("project_id", project_id, "a project with at least one completed generation")
    quota_check_jobs(user=seller)
    first = generations[0] if generations else (tracks[0].generation if tracks else None)
    if first is None and project is not None:
        first = project.generations.filter(status=GenerationStatus.COMPLETED).order_by("-created_at").first()
    with transaction.atomic():
        listing = Listing.objects.create(
            seller=seller,
            project=project,
            preview_generation=first,
            genre=data.get("genre") or (first.genre if first else "") or (project.genre if project else ""),
            bpm=data.get("bpm") or (round(first.bpm) if first and first.bpm else None),
            key=data.get("key") or (first.key if first else ""),
            **{field: data[field] for field in LISTING_FIELDS if field in data},
        )
        listing.generations.set(generations)
        listing.tracks.set(tracks)
        seconds = listing_audio_seconds(listing=listing)
        if seconds:
            quota_check_audio(user=seller, seconds=seconds)
        pack = ListingPack.objects.create(owner=seller, listing=listing, audio_seconds=seconds)
        job_enqueue(pack)
    return listing


def _split(price_cents: int) -> tuple[int, int]:
    """(marketplace fee, seller earnings) of a sale, in cents: the fee rounds down."""
    fee = price_cents * settings.MARKETPLACE_FEE_PERCENT // 100
    return fee, price_cents - fee


def purchase_start(*, buyer: User, listing: Listing, success_url: str, cancel_url: str) -> tuple[Purchase, str | None]:
    """Buy ``listing``: free items complete at once; paid ones return a Stripe Checkout URL and
    complete when Stripe's ``checkout.session.completed`` arrives (:func:`purchase_fulfil_from_event`).

    Returns (purchase, checkout URL or None). Raises :class:`MarketplaceForbidden` for a seller's
    own listing, :class:`Conflict` when already bought, :class:`BillingNotConfigured` for a paid
    item without Stripe keys.
    """
    if listing.seller_id == buyer.pk:
        raise MarketplaceForbidden("You cannot buy your own listing")
    existing = Purchase.objects.filter(listing=listing, buyer=buyer).first()
    if existing is not None and existing.status == PurchaseStatus.COMPLETED:
        raise Conflict("You already own this item: download it from your library")
    if not listing.is_free and not billing_selectors.billing_configured():
        raise BillingNotConfigured("Paid items cannot be bought here: billing is not configured (no Stripe keys).")
    fee, earnings = _split(listing.price_cents)
    fields = {
        "price_cents": listing.price_cents,
        "currency": listing.currency,
        "fee_cents": fee,
        "seller_earnings_cents": earnings,
    }
    try:
        with transaction.atomic():
            purchase, _ = Purchase.objects.update_or_create(
                listing=listing, buyer=buyer, status=PurchaseStatus.PENDING, defaults=fields
            )
    except IntegrityError:  # a concurrent request completed it first
        raise Conflict("You already own this item: download it from your library") from None
    if listing.is_free:
        if Purchase.objects.filter(pk=purchase.pk, status=PurchaseStatus.PENDING).update(
            status=PurchaseStatus.COMPLETED, completed_at=timezone.now()
        ):
            purchase.refresh_from_db()
            _purchase_completed(purchase)
        return purchase, None
    session = checkout_session_create(
        user=buyer,
        mode="payment",
        line_items=[
            {
                "price_data": {
                    "currency": listing.currency,
                    "unit_amount": listing.price_cents,
                    "product_data": {"name": listing.title[:120]},
                },
                "quantity": 1,
            }
        ],
        metadata={"kind": "marketplace_purchase", "purchase_id": str(purchase.pk), "listing_id": str(listing.pk)},
        success_url=success_url,
        cancel_url=cancel_url,
    )
    Purchase.objects.filter(pk=purchase.pk).update(checkout_session_id=session.id)
    purchase.checkout_session_id = session.id
    return purchase, str(session.stripe_data.get("url"))


def purchase_fulfil_from_event(event: Event) -> None:
    """Complete the purchase a paid Checkout Session was for (a Stripe webhook handler).

    Only sessions we made for the marketplace, paid, for the purchase's exact amount and currency,
    complete a pending purchase; anything else is logged and ignored. Idempotent.
    """
    session = event.data.get("object", {})
    metadata = session.get("metadata") or {}
    if metadata.get("kind") != "marketplace_purchase" or session.get("payment_status") != "paid":
        return
    purchase = Purchase.objects.filter(pk=str(metadata.get("purchase_id", "")) or 0).select_related("listing").first()
    if purchase is None:
        logger.error("checkout session %s names no purchase (%s)", session.get("id"), metadata)
        return
    if (
        session.get("amount_total") != purchase.price_cents
        or str(session.get("currency", "")).lower() != purchase.currency
    ):
        logger.error(
            "checkout session %s paid %s %s for purchase %s of %s %s: not fulfilled",
            session.get("id"),
            session.get("amount_total"),
            session.get("currency"),
            purchase.pk,
            purchase.price_cents,
            purchase.currency,
        )
        return
    if Purchase.objects.filter(pk=purchase.pk, status=PurchaseStatus.PENDING).update(
        status=PurchaseStatus.COMPLETED, completed_at=timezone.now(), checkout_session_id=session.get("id", "")
    ):
        purchase.refresh_from_db()
        _purchase_completed(purchase)


def _purchase_completed(purchase: Purchase) -> None:
    listing = purchase.listing
    Listing.objects.filter(pk=listing.pk).update(sales_count=F("sales_count") + 1)
    download_url = reverse("api-marketplace-download", kwargs={"listing_id": listing.pk})
    notification_create(
        user=purchase.buyer,
        kind="marketplace_purchased",
        title=f"“{listing.title}” is yours",
        body="Download it from your library.",
        data={
            "listing_id": listing.pk,
            "purchase_id": purchase.pk,
            "download_url": download_url,
            "url": reverse("marketplace:library"),
        },
    )
    notification_create(
        user=listing.seller,
        kind="marketplace_sold",
        title=f"You sold “{listing.title}”",
        body=(
            f"{purchase.buyer.username} got it for free."
            if purchase.price_cents == 0
            else f"{purchase.buyer.username} paid {money_format(purchase.price_cents, purchase.currency)}; "
            f"{money_format(purchase.seller_earnings_cents, purchase.currency)} is owed to you."
        ),
        data={"listing_id": listing.pk, "purchase_id": purchase.pk, "url": reverse("marketplace:sales")},
    )


def review_create(*, buyer: User, listing: Listing, rating: int, text: str) -> Review:
    """A buyer's review; the listing's average and count are recomputed in the same transaction.

    Raises :class:`MarketplaceForbidden` unless ``buyer`` completed a purchase of it, and
    :class:`Conflict` for a second review.
    """
    if not Purchase.objects.filter(listing=listing, buyer=buyer, status=PurchaseStatus.COMPLETED).exists():
        raise MarketplaceForbidden("Only buyers of this item can review it")
    try:
        with transaction.atomic():
            Listing.objects.select_for_update().filter(pk=listing.pk).first()
            review = Review.objects.create(listing=listing, buyer=buyer, rating=rating, text=text)
            totals = Review.objects.filter(listing=listing).aggregate(total=Sum("rating"))
            count = Review.objects.filter(listing=listing).count()
            average = (Decimal(totals["total"] or 0) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            Listing.objects.filter(pk=listing.pk).update(rating_count=count, rating_average=average)
    except IntegrityError:
        raise Conflict("You have already reviewed this item") from None
    listing.refresh_from_db(fields=["rating_count", "rating_average"])
    notification_create(
        user=listing.seller,
        kind="marketplace_review",
        title=f"New {rating}-star review of “{listing.title}”",
        body=text[:200],
        data={
            "listing_id": listing.pk,
            "review_id": review.pk,
            "url": reverse("marketplace:detail", args=[listing.pk]),
        },
    )
    return review


def listing_download_check(*, user: User, listing: Listing) -> None:
    """Raise unless ``user`` may download the listing's pack: its buyers (whatever their plan), and
    its seller — a stem pack only on a plan with stems, or listing would be a way round the plan."""
    if listing.seller_id == user.pk:
        if listing.kind == ListingKind.STEM_PACK:
            plan_require(user=user, feature="export_stems")
        return
    if not Purchase.objects.filter(listing=listing, buyer=user, status=PurchaseStatus.COMPLETED).exists():
        raise MarketplaceForbidden("Buy this item to download it")
