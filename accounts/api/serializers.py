"""Request validation for the accounts endpoints."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..forms import avatar_size_error
from ..models import ApiKey


class RegisterSerializer(serializers.Serializer):  # type: ignore[type-arg]
    email = serializers.EmailField(max_length=254)
    username = serializers.RegexField(
        r"^[\w.@+-]+$",
        max_length=150,
        min_length=3,
        error_messages={"invalid": "Letters, digits and @/./+/-/_ only."},
    )
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class LoginSerializer(serializers.Serializer):  # type: ignore[type-arg]
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class ProfileUpdateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """PUT /api/user: send any subset of these fields; the others are left as they are."""

    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    bio = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    profile_public = serializers.BooleanField(required=False)
    avatar = serializers.ImageField(required=False)

    def validate_avatar(self, value: Any) -> Any:
        error = avatar_size_error(value)
        if error:
            raise serializers.ValidationError(error)
        return value


class ApiKeyCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(max_length=100, min_length=1)


class ApiKeySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = ApiKey
        fields = ("id", "name", "prefix", "created_at", "last_used_at", "revoked_at")
        read_only_fields = fields
