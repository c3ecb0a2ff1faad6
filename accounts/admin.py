"""Django admin for users and API keys.

Every change or deletion of a user or an API key here (a save or delete: see
:func:`accounts.auth_cache.connect_revocation`) forgets what :mod:`accounts.auth_cache`
remembers about it, so deactivating a user, changing a password or revoking a key in the admin
takes effect on the very next API request.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from ops.models import AuditAction
from ops.services import audit_record

from .models import ApiKey, Notification, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "email", "subscription_tier", "xp_points", "is_staff", "date_joined")
    list_filter = ("subscription_tier", "is_staff", "is_active")
    search_fields = ("username", "email", "first_name", "last_name")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            "Co-Prod",
            {"fields": ("avatar", "bio", "subscription_tier", "xp_points", "creativity_score", "profile_public")},
        ),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "subscription_tier" in form.changed_data:
            previous = form.initial.get("subscription_tier")
            details = {"from": previous, "to": obj.subscription_tier, "via": "admin"}
            audit_record(actor=request.user, action=AuditAction.PLAN_CHANGED, target=obj, details=details)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username", "user__email")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
    raw_id_fields = ("user",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "user", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "user__username")
    raw_id_fields = ("user",)
