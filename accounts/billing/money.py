"""Money as integer minor units (cents) with a currency: never floats, anywhere."""

from __future__ import annotations

# Currencies without minor units (Stripe's list): the amount is already whole units.
ZERO_DECIMAL_CURRENCIES = frozenset(
    {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "vnd", "vuv", "xaf", "xof", "xpf"}
)


def money_format(cents: int, currency: str) -> str:
    """``1250, "usd"`` -> ``"12.50 USD"``; ``0`` -> ``"Free"``. Integer arithmetic only."""
    if cents == 0:
        return "Free"
    code = currency.upper()
    if currency.lower() in ZERO_DECIMAL_CURRENCIES:
        return f"{cents} {code}"
    sign = "-" if cents < 0 else ""
    units, minor = divmod(abs(int(cents)), 100)
    return f"{sign}{units}.{minor:02d} {code}"
