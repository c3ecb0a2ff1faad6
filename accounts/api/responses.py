"""Response serializers of the accounts endpoints (auth, profile, API keys, notifications), for the schema.

The views build these bodies from :mod:`accounts.selectors` and the models' ``to_dict``; these
classes name and type each field so ``/api/schema/`` describes the real bodies.
"""

from __future__ import annotations

from rest_framework import serializers

from coprod.api.responses import Base, CoprodPaginationSerializer

from .serializers import ApiKeySerializer


class RegisteredResponseSerializer(Base):  # type: ignore[type-arg]
    """201: check your email; ``user_id`` is always null (it would tell which emails have accounts)."""

    success = serializers.BooleanField()
    message = serializers.CharField()
    user_id = serializers.IntegerField(allow_null=True)


class LoginUserSerializer(Base):  # type: ignore[type-arg]
    """The signed-in user, as the login response shows it."""

    id = serializers.IntegerField()
    email = serializers.EmailField()
    username = serializers.CharField()
    subscription_tier = serializers.CharField()


class LoggedInResponseSerializer(Base):  # type: ignore[type-arg]
    """200: a bearer token (JWT) and who it belongs to."""

    success = serializers.BooleanField()
    token = serializers.CharField(help_text="Send as Authorization: Bearer <token>")
    user = LoginUserSerializer()


class UserProfileSerializer(Base):  # type: ignore[type-arg]
    """The current user's profile with counts of their generations and projects."""

    id = serializers.IntegerField()
    email = serializers.EmailField()
    username = serializers.CharField()
    first_name = serializers.CharField(allow_blank=True)
    last_name = serializers.CharField(allow_blank=True)
    avatar = serializers.CharField(allow_null=True, help_text="URL of the avatar image")
    bio = serializers.CharField(allow_blank=True)
    subscription_tier = serializers.CharField()
    xp_points = serializers.IntegerField()
    creativity_score = serializers.FloatField()
    total_generations = serializers.IntegerField(min_value=0)
    total_projects = serializers.IntegerField(min_value=0)
    profile_public = serializers.BooleanField()
    date_joined = serializers.DateTimeField()


class UserProfileResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the profile."""

    success = serializers.BooleanField()
    data = UserProfileSerializer()


class ApiKeyListResponseSerializer(Base):  # type: ignore[type-arg]
    """``{success, data}`` with the user's keys (revoked ones too; never the key itself)."""

    success = serializers.BooleanField()
    data = ApiKeySerializer(many=True)


class NewApiKeySerializer(ApiKeySerializer):
    """A key just created: the only time ``key`` is shown."""

    key = serializers.CharField(help_text="The full key: store it now, it is not shown again")

    class Meta(ApiKeySerializer.Meta):
        fields = (*ApiKeySerializer.Meta.fields, "key")
        read_only_fields = fields


class ApiKeyCreatedResponseSerializer(Base):  # type: ignore[type-arg]
    """201: the new key (with ``key``) and a reminder to store it."""

    success = serializers.BooleanField()
    data = NewApiKeySerializer()
    message = serializers.CharField()


class ApiKeyRevokedResponseSerializer(Base):  # type: ignore[type-arg]
    """200: the revoked key."""

    success = serializers.BooleanField()
    data = ApiKeySerializer()
    message = serializers.CharField()


class NotificationSerializer(Base):  # type: ignore[type-arg]
    """One notification (``kind`` e.g. ``generation_completed``; ``data`` links what it is about)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField(allow_blank=True)
    data = serializers.DictField()
    read = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class NotificationListResponseSerializer(Base):  # type: ignore[type-arg]
    """A page of notifications, newest first, with the unread count."""

    success = serializers.BooleanField()
    data = NotificationSerializer(many=True)
    unread_count = serializers.IntegerField(min_value=0)
    pagination = CoprodPaginationSerializer()


class NotificationReadResponseSerializer(Base):  # type: ignore[type-arg]
    """200: the notification, now read."""

    success = serializers.BooleanField()
    data = NotificationSerializer()
    message = serializers.CharField()


class ReadCountSerializer(Base):  # type: ignore[type-arg]
    """How many notifications changed."""

    updated = serializers.IntegerField(min_value=0)


class NotificationsReadAllResponseSerializer(Base):  # type: ignore[type-arg]
    """200: how many were unread and are now read."""

    success = serializers.BooleanField()
    data = ReadCountSerializer()
    message = serializers.CharField()
