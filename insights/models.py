"""What the insights app stores: analytics events and each producer's cached DNA and creativity score."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AnalyticsEvent(models.Model):
    """Something a user did: sent by the client (``source=client``) or recorded by the server."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="analytics_events")
    event_type = models.CharField(max_length=50, db_index=True)
    event_data = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=10, default="server")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        # The table kept its name when the model moved here from accounts (no data was moved).
        db_table = "accounts_analyticsevent"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="accounts_an_user_id_338528_idx")]

    def __str__(self) -> str:
        return f"{self.event_type} by {self.user_id}"


class ProducerProfile(models.Model):
    """The cached Producer DNA and creativity score, recomputed when new material arrives."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="producer_profile")
    dna = models.JSONField(default=dict)
    creativity = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "accounts_producerprofile"

    def __str__(self) -> str:
        return f"Producer profile of {self.user_id}"
