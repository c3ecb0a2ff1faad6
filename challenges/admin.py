"""Staff admin for challenges: create and schedule them, read entries, votes, badges and the XP ledger."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Badge, Challenge, Participation, Submission, Vote, XpAward


class SubmissionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Submission
    extra = 0
    fields = ("user", "title", "source", "constraints_met", "constraints_total", "eligible", "place", "submitted_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "starts_at", "ends_at", "voting_ends_at", "is_published", "finalized_at", "xp_reward")
    list_filter = ("is_published",)
    search_fields = ("title", "slug", "brief")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("finalized_at", "created_at")
    inlines = [SubmissionInline]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "challenge", "user", "constraints_met", "constraints_total", "eligible", "place")
    list_filter = ("eligible", "source")
    readonly_fields = ("results", "submitted_at")


@admin.register(XpAward)
class XpAwardAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "activity", "reference", "amount", "created_at")
    list_filter = ("activity",)
    search_fields = ("user__username", "reference")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the ledger is written by the services only


admin.site.register(Participation)
admin.site.register(Vote)
admin.site.register(Badge)
