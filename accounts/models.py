"""The user and the user's API keys."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django_cleanup import cache as cleanup_cache

from coprod.files import RandomFileName


class SubscriptionTier(models.TextChoices):
    FREE = "free", "Free"
    PRO = "pro", "Pro"
    PRODUCER_PLUS = "producer_plus", "Producer Plus"


class User(AbstractUser):
    """A producer. Email and username are both unique; people log in with their email."""

    email = models.EmailField("email address", unique=True)
    avatar = models.ImageField(upload_to=RandomFileName("avatars", public=True), blank=True)
    bio = models.TextField(blank=True, max_length=1000)
    subscription_tier = models.CharField(max_length=20, choices=SubscriptionTier.choices, default=SubscriptionTier.FREE)
    xp_points = models.PositiveIntegerField(default=0)
    # Cached from the creativity-score computation; recomputed when new material arrives.
    creativity_score = models.FloatField(default=0.0)
    profile_public = models.BooleanField(default=False, help_text="Show the public profile page to everyone.")

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.username

    def refresh_from_db(self, using: str | None = None, fields: Any = None, from_queryset: Any = None) -> None:
        # A user resolved by the auth cache (accounts.auth_cache) arrives with id and is_active only:
        # the first read of another field loads every field not yet loaded, in one query (Django
        # would spend a query per field read).
        deferred = self.get_deferred_fields()
        if fields is not None and deferred and set(fields) <= deferred:
            fields = sorted(deferred)
            super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
            # django-cleanup noted the file fields' original values when the instance was made, without
            # the deferred avatar; its post-save handler would fail on it. Without a note, it reads the
            # originals from the database before a save (one query, on saves only).
            cleanup_cache.remove_instance_cache(self)
            return
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)


class ApiKey(models.Model):
    """A personal API key. Only a SHA-256 of the key is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    # The first characters of the key, shown in lists so people can tell keys apart.
    prefix = models.CharField(max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Notification(models.Model):
    """Something the user should know: a job finished or failed, an export is ready..."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    # What the client needs to act on it, e.g. {"generation_id": 12}.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.pk,
            "kind": self.kind,
            "title": self.title,
            "body": self.body,
            "data": self.data,
            "read": self.read_at is not None,
            "created_at": self.created_at.isoformat(),
        }
