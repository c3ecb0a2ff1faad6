"""``{{ amount|cents:currency }}``: integer cents shown as money (see :mod:`accounts.billing.money`)."""

from __future__ import annotations

from django import template

from ..money import money_format

register = template.Library()


@register.filter
def cents(value: int, currency: str = "usd") -> str:
    return money_format(int(value or 0), str(currency or "usd"))
