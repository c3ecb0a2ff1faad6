"""What billing keeps beside dj-stripe's copies of Stripe's objects: the grace period of a failed renewal."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BillingProfile(models.Model):
    """One per user who has been through checkout.

    ``grace_until`` is set when a renewal payment fails (the first failure starts it; repeats keep it)
    and cleared when an invoice is paid: until then the paid plan stays, after it the user is free.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="billing_profile")
    grace_until = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"billing of user {self.user_id}"
