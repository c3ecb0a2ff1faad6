"""Admin for webhook deliveries (read-mostly) and secrets (the secret itself is not displayed)."""

from django.contrib import admin

from .models import WebhookDelivery, WebhookSecret


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("public_id", "owner", "event", "status", "response_status", "created_at", "next_attempt_at")
    list_filter = ("status", "event")
    search_fields = ("public_id", "url", "generation__public_id")
    raw_id_fields = ("owner", "generation")
    readonly_fields = ("payload", "request_headers", "response_body", "attempt_log")


@admin.register(WebhookSecret)
class WebhookSecretAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "prefix", "created_at")
    raw_id_fields = ("user",)
    exclude = ("secret",)
