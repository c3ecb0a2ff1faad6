"""Account reads: the profile as the API shows it, a user's API keys."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from coprod.selectors import owned_or_404

from .models import ApiKey, Notification, User


def authenticated_user(request: Any) -> User:
    """The signed-in user of a page request (``login_required`` has already sent anonymous visitors away)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required / IsAuthenticated
    return user


def user_profile_data(*, user: User) -> dict[str, Any]:
    """The ``GET /api/user`` profile, with counts of the user's generations and projects."""
    return {
        "id": user.pk,
        "email": user.email,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "avatar": user.avatar.url if user.avatar else None,
        "bio": user.bio,
        "subscription_tier": user.subscription_tier,
        "xp_points": user.xp_points,
        "creativity_score": round(user.creativity_score, 1),
        "total_generations": _related_count(user, "generations"),
        "total_projects": _related_count(user, "projects"),
        "profile_public": user.profile_public,
        "date_joined": user.date_joined.isoformat(),
    }


def _related_count(user: User, related_name: str) -> int:
    # The generation and project models live in their own apps and arrive with their issues.
    manager = getattr(user, related_name, None)
    return manager.count() if manager is not None else 0


def api_key_list(*, user: User) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(user=user).order_by("-created_at")


def api_key_get(*, user: User, key_id: Any) -> ApiKey:
    """One of ``user``'s API keys (revoked ones included); Http404 for others' and malformed ids."""
    return owned_or_404(ApiKey.objects.all(), owner=user, pk=key_id, owner_field="user")


def notification_get(*, user: User, notification_id: Any) -> Notification:
    """One of ``user``'s notifications; Http404 for others' and malformed ids."""
    return owned_or_404(Notification.objects.all(), owner=user, pk=notification_id, owner_field="user")


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
