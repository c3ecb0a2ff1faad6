"""App config for webhooks: registers the webhook delivery job kind with the job lifecycle."""

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from coprod.jobs.kinds import job_kind_register

        from .jobs import WEBHOOK_DELIVERY_JOBS

        job_kind_register(WEBHOOK_DELIVERY_JOBS)
