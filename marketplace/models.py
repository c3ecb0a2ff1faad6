"""Listings (what is sold), their packs (the files buyers download), purchases, reviews and payouts.

Money is integer minor units (``*_cents``) with a three-letter currency, never floats.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from coprod.files import RandomFileName
from coprod.jobs.models import Job


class ListingKind(models.TextChoices):
    MIDI_PACK = "midi_pack", "MIDI pack"
    STEM_PACK = "stem_pack", "Stem pack"
    TEMPLATE = "template", "Template"


class License(models.TextChoices):
    PERSONAL = "personal", "Personal use: practice and demos, not in released music"
    ROYALTY_FREE = "royalty_free", "Royalty-free: use in released music; do not resell the files"
    ROYALTY_FREE_CREDIT = "royalty_free_credit", "Royalty-free with credit: as royalty-free, credit the seller"


class ListingStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Listing(models.Model):
    seller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listings")
    kind = models.CharField(max_length=16, choices=ListingKind.choices, db_index=True)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=4000)
    tags = models.JSONField(default=list, blank=True)
    genre = models.CharField(max_length=32, blank=True, db_index=True)
    bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    key = models.CharField(max_length=8, blank=True)
    price_cents = models.PositiveIntegerField(default=0, db_index=True)
    currency = models.CharField(max_length=3, default="usd")
    license = models.CharField(max_length=24, choices=License.choices, default=License.ROYALTY_FREE)
    license_notes = models.TextField(blank=True, max_length=2000)
    # What the listing is made from: the seller's own work (checked when listed).
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="listings"
    )
    generations = models.ManyToManyField("generation.Generation", blank=True, related_name="listings")
    tracks = models.ManyToManyField("generation.Track", blank=True, related_name="listings")
    # The generation whose MP3 preview the listing plays.
    preview_generation = models.ForeignKey(
        "generation.Generation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=ListingStatus.choices, default=ListingStatus.ACTIVE, db_index=True)
    sales_count = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return self.price_cents == 0


class ListingPack(Job):
    """The listing's files as one ZIP, built on a worker (the one job lifecycle) when it is listed."""

    job_kind = "listing_pack"

    listing = models.OneToOneField(Listing, on_delete=models.CASCADE, related_name="pack")
    file = models.FileField(upload_to=RandomFileName("marketplace"), blank=True)
    filename = models.CharField(max_length=200, blank=True)
    size_bytes = models.PositiveIntegerField(default=0)

    class Meta(Job.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"pack of listing {self.listing_id} ({self.status})"


class PurchaseStatus(models.TextChoices):
    PENDING = "pending", "Waiting for payment"
    COMPLETED = "completed", "Completed"


class Purchase(models.Model):
    """A buyer's purchase of a listing: one per buyer and listing; the price is kept as paid."""

    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="purchases")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="purchases")
    status = models.CharField(max_length=16, choices=PurchaseStatus.choices, default=PurchaseStatus.PENDING)
    price_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    fee_cents = models.PositiveIntegerField(default=0)
    seller_earnings_cents = models.PositiveIntegerField(default=0)
    checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["listing", "buyer"], name="one_purchase_per_buyer")]

    def __str__(self) -> str:
        return f"{self.buyer_id} bought {self.listing_id} ({self.status})"


class Review(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reviews")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "buyer"], name="one_review_per_buyer"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 on {self.listing_id}"


class Payout(models.Model):
    """Money paid out to a seller (recorded by staff in the admin); owed = earnings - payouts."""

    seller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payouts")
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    reference = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"payout {self.amount_cents} {self.currency} to {self.seller_id}"
