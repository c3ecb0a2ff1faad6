"""Request validation for the subscription endpoints."""

from __future__ import annotations

from rest_framework import serializers

from ..selectors import INTERVALS, PAID_PLANS


class CheckoutSerializer(serializers.Serializer):  # type: ignore[type-arg]
    plan = serializers.ChoiceField(choices=PAID_PLANS)
    interval = serializers.ChoiceField(choices=tuple(INTERVALS), required=False, default="monthly")
