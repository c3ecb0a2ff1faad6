"""Response serializers of the subscription endpoints, for the schema (what ``billing.selectors`` builds)."""

from __future__ import annotations

from rest_framework import serializers

from coprod.api.responses import Base


class SubscriptionSerializer(Base):  # type: ignore[type-arg]
    """The plan and the Stripe subscription behind it (``status`` ``none`` on the free plan)."""

    plan = serializers.CharField()
    subscription_tier = serializers.CharField()
    plan_label = serializers.CharField()
    status = serializers.CharField(help_text="Stripe's subscription status, or active / none")
    subscription_id = serializers.CharField(allow_null=True)
    subscribed_plan = serializers.CharField(allow_null=True)
    interval = serializers.CharField(allow_null=True, help_text="month or year")
    current_period_end = serializers.DateTimeField(allow_null=True)
    renews = serializers.BooleanField()
    cancel_at_period_end = serializers.BooleanField()
    grace_until = serializers.DateTimeField(allow_null=True, help_text="Access kept after a failed payment until")
    billing_configured = serializers.BooleanField()


class InvoiceSerializer(Base):  # type: ignore[type-arg]
    """An invoice from Stripe; amounts in integer cents."""

    id = serializers.CharField()
    number = serializers.CharField(allow_blank=True)
    status = serializers.CharField(allow_blank=True)
    amount_due = serializers.IntegerField()
    amount_paid = serializers.IntegerField()
    currency = serializers.CharField()
    created = serializers.DateTimeField(allow_null=True)
    hosted_invoice_url = serializers.CharField(allow_blank=True)
    invoice_pdf = serializers.CharField(allow_blank=True)


class SubscriptionWithInvoicesSerializer(SubscriptionSerializer):
    """The subscription and the recent invoices."""

    invoices = InvoiceSerializer(many=True)


class SubscriptionResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the subscription and invoices."""

    success = serializers.BooleanField()
    data = SubscriptionWithInvoicesSerializer()


class CheckoutResponseSerializer(Base):  # type: ignore[type-arg]
    """A Stripe Checkout Session to send the user to."""

    success = serializers.BooleanField()
    checkout_url = serializers.CharField(allow_null=True)
    session_id = serializers.CharField()
    plan = serializers.CharField()
    interval = serializers.CharField()


class CancelledResponseSerializer(Base):  # type: ignore[type-arg]
    """The subscription, now ending at the end of the paid period."""

    success = serializers.BooleanField()
    message = serializers.CharField()
    data = SubscriptionSerializer()


class StripeEventReceivedResponseSerializer(Base):  # type: ignore[type-arg]
    """The Stripe event was verified and stored (``duplicate``: seen before, nothing done again)."""

    success = serializers.BooleanField()
    event_id = serializers.CharField()
    type = serializers.CharField()
    duplicate = serializers.BooleanField()
