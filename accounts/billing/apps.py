"""App config for billing (a Django app of its own inside accounts, for its models and migrations)."""

from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "accounts.billing"
    label = "billing"
    verbose_name = "Billing"
    default_auto_field = "django.db.models.BigAutoField"
