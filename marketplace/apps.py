"""App config for the marketplace: registers the pack job kind and its Stripe event handlers."""

from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.billing.webhooks import billing_event_handler_register
        from coprod.jobs.kinds import job_kind_register

        from .jobs import LISTING_PACK_JOBS
        from .services import purchase_fulfil_from_event

        job_kind_register(LISTING_PACK_JOBS)
        for event_type in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
            billing_event_handler_register(event_type, purchase_fulfil_from_event)
