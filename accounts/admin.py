"""Django admin for users and API keys.

Every change or deletion of a user or an API key here forgets what :mod:`accounts.auth_cache`
remembers about it, so deactivating a user, changing a password or revoking a key in the admin
takes effect on the very next API request.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest

from ops.models import AuditAction
from ops.services import audit_record

from .auth_cache import auth_api_key_forget, auth_user_forget
from .models import ApiKey, Notification, User


class PasswordChangeForm(AdminPasswordChangeForm):  # type: ignore[type-arg]  # generic only in the stubs
    """The admin's "change password" form; the old password's tokens stop working at once."""

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=commit)
        auth_user_forget(user_id=user.pk)
        return user


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

    change_password_form = PasswordChangeForm

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        auth_user_forget(user_id=obj.pk)
        if change and "subscription_tier" in form.changed_data:
            previous = form.initial.get("subscription_tier")
            details = {"from": previous, "to": obj.subscription_tier, "via": "admin"}
            audit_record(actor=request.user, action=AuditAction.PLAN_CHANGED, target=obj, details=details)

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        user_id = obj.pk
        super().delete_model(request, obj)
        auth_user_forget(user_id=user_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        user_ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        for user_id in user_ids:
            auth_user_forget(user_id=user_id)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username", "user__email")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
    raw_id_fields = ("user",)

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        auth_api_key_forget(key_hash=obj.key_hash)

    def delete_model(self, request: HttpRequest, obj: ApiKey) -> None:
        key_hash = obj.key_hash
        super().delete_model(request, obj)
        auth_api_key_forget(key_hash=key_hash)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        key_hashes = list(queryset.values_list("key_hash", flat=True))
        super().delete_queryset(request, queryset)
        for key_hash in key_hashes:
            auth_api_key_forget(key_hash=key_hash)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "user", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "user__username")
    raw_id_fields = ("user",)
