"""Auth, profile and API-key endpoints of the Co-Prod API (``/api/auth/*``, ``/api/user``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout as session_logout
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.pagination import paginate
from coprod.api.views import ApiView

from .. import selectors, services
from .serializers import (
    ApiKeyCreateSerializer,
    ApiKeySerializer,
    LoginSerializer,
    ProfileUpdateSerializer,
    RegisterSerializer,
)

_message = inline_serializer("Message", {"success": serializers.BooleanField(), "message": serializers.CharField()})


class RegisterView(ApiView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(
        request=RegisterSerializer,
        responses={
            201: inline_serializer(
                "Registered",
                {
                    "success": serializers.BooleanField(),
                    "message": serializers.CharField(),
                    "user_id": serializers.IntegerField(allow_null=True),
                },
            )
        },
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_register(request=request._request, **serializer.validated_data)
        # user_id is always null: a real id for new emails only would tell which emails have accounts.
        return Response(
            {
                "success": True,
                "message": "Registration successful. Please check your email to verify your account.",
                "user_id": None,
            },
            status=status.HTTP_201_CREATED,
        )


class LoginView(ApiView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: inline_serializer(
                "LoggedIn",
                {
                    "success": serializers.BooleanField(),
                    "token": serializers.CharField(),
                    "user": inline_serializer(
                        "LoginUser",
                        {
                            "id": serializers.IntegerField(),
                            "email": serializers.EmailField(),
                            "username": serializers.CharField(),
                            "subscription_tier": serializers.CharField(),
                        },
                    ),
                },
            )
        },
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user, token = services.user_login(request=request._request, **serializer.validated_data)
        return Response(
            {
                "success": True,
                "token": token,
                "user": {
                    "id": user.pk,
                    "email": user.email,
                    "username": user.username,
                    "subscription_tier": user.subscription_tier,
                },
            }
        )


class LogoutView(ApiView):
    @extend_schema(request=None, responses={200: _message}, tags=["auth"])
    def post(self, request: Request) -> Response:
        services.user_logout(user=self.user_of(request), auth=request.auth)
        if request.auth is None:  # session-authenticated browser
            session_logout(request._request)
        return Response({"success": True, "message": "Logged out successfully"})


class CurrentUserView(ApiView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "UserProfile", {"success": serializers.BooleanField(), "data": serializers.DictField()}
            )
        },
        tags=["user"],
    )
    def get(self, request: Request) -> Response:
        return Response({"success": True, "data": selectors.user_profile_data(user=self.user_of(request))})

    @extend_schema(request=ProfileUpdateSerializer, responses={200: _message}, tags=["user"])
    def put(self, request: Request) -> Response:
        serializer = ProfileUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_update_profile(user=self.user_of(request), data=serializer.validated_data)
        return Response({"success": True, "message": "Profile updated successfully"})


class ApiKeyListView(ApiView):
    @extend_schema(responses={200: ApiKeySerializer(many=True)}, tags=["user"])
    def get(self, request: Request) -> Response:
        keys = selectors.api_key_list(user=self.user_of(request))
        return Response({"success": True, "data": ApiKeySerializer(keys, many=True).data})

    @extend_schema(request=ApiKeyCreateSerializer, responses={201: ApiKeySerializer}, tags=["user"])
    def post(self, request: Request) -> Response:
        serializer = ApiKeyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key, raw = services.api_key_create(user=self.user_of(request), name=serializer.validated_data["name"])
        data = ApiKeySerializer(key).data | {"key": raw}
        return Response(
            {"success": True, "data": data, "message": "Store this key now: it is not shown again."},
            status=status.HTTP_201_CREATED,
        )


class ApiKeyDetailView(ApiView):
    @extend_schema(request=None, responses={200: ApiKeySerializer}, tags=["user"])
    def delete(self, request: Request, key_id: int) -> Response:
        key = services.api_key_revoke(key=selectors.api_key_get(user=self.user_of(request), key_id=key_id))
        return Response({"success": True, "data": ApiKeySerializer(key).data, "message": "API key revoked"})


class NotificationListView(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("page", int),
            OpenApiParameter("per_page", int),
            OpenApiParameter("unread", bool, description="Only unread notifications"),
        ],
        responses={200: OpenApiTypes.OBJECT},
        tags=["notifications"],
    )
    def get(self, request: Request) -> Response:
        queryset = selectors.notification_list(user=self.user_of(request))
        if request.query_params.get("unread", "").lower() in ("1", "true", "yes"):
            queryset = queryset.filter(read_at__isnull=True)
        items, pagination = paginate(queryset, request.query_params)
        return Response(
            {
                "success": True,
                "data": [n.to_dict() for n in items],
                "unread_count": selectors.notification_unread_count(user=self.user_of(request)),
                "pagination": pagination,
            }
        )


class NotificationReadView(ApiView):
    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, tags=["notifications"])
    def put(self, request: Request, notification_id: int) -> Response:
        notification = services.notification_mark_read(
            notification=selectors.notification_get(user=self.user_of(request), notification_id=notification_id)
        )
        return Response({"success": True, "data": notification.to_dict(), "message": "Notification marked as read"})


class NotificationReadAllView(ApiView):
    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, tags=["notifications"])
    def put(self, request: Request) -> Response:
        count = services.notification_mark_all_read(user=self.user_of(request))
        return Response({"success": True, "data": {"updated": count}, "message": "All notifications marked as read"})
