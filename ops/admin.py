"""The audit log in the admin: every staff member can read it; nobody can add, change or delete rows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("created_at", "action", "actor_label", "target", "ip", "request_id")
    list_filter = ("action",)
    search_fields = ("actor_label", "target", "ip", "request_id")
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "action", "actor", "actor_label", "target", "ip", "request_id", "details")
    list_select_related = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
