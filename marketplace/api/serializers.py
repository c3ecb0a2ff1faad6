"""Request validation for the marketplace. Prices are integer cents: decimals and floats are refused."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import License, ListingKind

MAX_PRICE_CENTS = 1_000_000
# Stripe's smallest charge is about 50 cents in most currencies.
MIN_PAID_PRICE_CENTS = 50
MAX_TAGS = 10


class CentsField(serializers.IntegerField):
    """A whole number of cents: a JSON integer (or, from a form, digits); never ``12.5`` or ``"12.50"``."""

    default_error_messages = {
        "not_cents": "Prices are whole cents as an integer (1250 for 12.50), never a decimal number.",
    }

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not (isinstance(data, int) or (isinstance(data, str) and data.isdigit())):
            self.fail("not_cents")
        return int(super().to_internal_value(data))


class StrictIntegerField(serializers.IntegerField):
    """An integer that refuses ``4.0``, ``true`` and ``"4"`` (DRF's own field takes them)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return int(super().to_internal_value(data))


@extend_schema_field(
    {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": "^gen_", "maxLength": 24}]}
)
class GenerationRefField(serializers.Field):  # type: ignore[type-arg]
    """A generation by integer id or ``gen_...`` public id."""

    def to_internal_value(self, data: Any) -> int | str:
        if isinstance(data, int) and not isinstance(data, bool) and data > 0:
            return data
        if isinstance(data, str) and data.startswith("gen_") and len(data) <= 24:
            return data
        raise serializers.ValidationError("A generation id (integer) or public id (gen_...).")

    def to_representation(self, value: Any) -> Any:
        return value


class ListingCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    kind = serializers.ChoiceField(choices=ListingKind.choices)
    title = serializers.CharField(min_length=3, max_length=120)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    price_cents = CentsField(min_value=0, max_value=MAX_PRICE_CENTS, required=False)
    price = CentsField(min_value=0, max_value=MAX_PRICE_CENTS, required=False, help_text="Alias of price_cents.")
    currency = serializers.CharField(min_length=3, max_length=3, required=False, default="usd")
    license = serializers.ChoiceField(choices=License.choices, required=False, default=License.ROYALTY_FREE)
    license_notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    tags = serializers.ListField(
        child=serializers.CharField(min_length=1, max_length=32), max_length=MAX_TAGS, required=False, default=list
    )
    generation_ids = serializers.ListField(child=GenerationRefField(), max_length=20, required=False, default=list)
    generation_id = GenerationRefField(required=False)
    track_ids = serializers.ListField(
        child=serializers.RegexField(
            r"^track_[A-Za-z0-9]{1,18}$", error_messages={"invalid": "A track id (track_...)."}
        ),
        max_length=20,
        required=False,
        default=list,
    )
    project_id = StrictIntegerField(min_value=1, required=False)
    genre = serializers.CharField(max_length=32, required=False, allow_blank=True)
    bpm = StrictIntegerField(min_value=40, max_value=240, required=False)
    key = serializers.CharField(max_length=8, required=False, allow_blank=True)

    def validate_currency(self, value: str) -> str:
        currency = value.lower()
        if currency not in settings.MARKETPLACE_CURRENCIES:
            raise serializers.ValidationError(f"One of {', '.join(settings.MARKETPLACE_CURRENCIES)}.")
        return currency

    def validate_tags(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(tag.strip().lower() for tag in value if tag.strip()))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        price, alias = attrs.pop("price_cents", None), attrs.pop("price", None)
        if price is not None and alias is not None and price != alias:
            raise serializers.ValidationError({"price": ["price is an alias of price_cents; send one of them."]})
        if price is None and alias is None:
            raise serializers.ValidationError({"price_cents": ["This field is required (0 for a free item)."]})
        cents = price if price is not None else alias
        if 0 < cents < MIN_PAID_PRICE_CENTS:
            raise serializers.ValidationError(
                {"price_cents": [f"0 (free) or at least {MIN_PAID_PRICE_CENTS} cents: Stripe's smallest charge."]}
            )
        attrs["price_cents"] = cents
        single = attrs.pop("generation_id", None)
        if single is not None:
            attrs["generation_ids"] = [single, *attrs["generation_ids"]]
        if not attrs["generation_ids"] and not attrs["track_ids"] and "project_id" not in attrs:
            raise serializers.ValidationError(
                {
                    "generation_ids": [
                        "List one or more of your generations or tracks (track_ids), or give a project_id."
                    ]
                }
            )
        return attrs


class ReviewSerializer(serializers.Serializer):  # type: ignore[type-arg]
    rating = StrictIntegerField(min_value=1, max_value=5)
    text = serializers.CharField(min_length=1, max_length=2000)
