"""Billing tests talk to :class:`tests.fake_stripe.FakeStripe` through the real stripe and dj-stripe code."""

from tests.fake_stripe import fake_stripe  # noqa: F401 - fixture
