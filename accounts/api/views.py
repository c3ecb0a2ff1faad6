"""Auth, profile and API-key endpoints of the Co-Prod API (``/api/auth/*``, ``/api/user``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout as session_logout
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from coprod.api.pagination import paginate
from coprod.api.query import query_flag
from coprod.api.responses import MessageResponseSerializer
from coprod.api.views import ApiView

from .. import selectors, services
from .responses import (
    ApiKeyCreatedResponseSerializer,
    ApiKeyListResponseSerializer,
    ApiKeyRevokedResponseSerializer,
    LoggedInResponseSerializer,
    NotificationListResponseSerializer,
    NotificationReadResponseSerializer,
    NotificationsReadAllResponseSerializer,
    RegisteredResponseSerializer,
    UserProfileResponseSerializer,
)
from .serializers import (
    ApiKeyCreateSerializer,
    ApiKeySerializer,
    LoginSerializer,
    ProfileUpdateSerializer,
    RegisterSerializer,
)


class RegisterView(ApiView):
    """Create an account; a verification email is sent (the same answer for a known email)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(
        request=RegisterSerializer,
        responses={201: RegisteredResponseSerializer},
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
    """Sign in with email and password; answers a bearer token (failed attempts are rate limited)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(
        request=LoginSerializer,
        responses={200: LoggedInResponseSerializer},
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
    """Sign out: the bearer token is revoked (or the browser session ended)."""

    @extend_schema(request=None, responses={200: MessageResponseSerializer}, tags=["auth"])
    def post(self, request: Request) -> Response:
        services.user_logout(user=self.user_of(request), auth=request.auth)
        if request.auth is None:  # session-authenticated browser
            session_logout(request._request)
        return Response({"success": True, "message": "Logged out successfully"})


class CurrentUserView(ApiView):
    @extend_schema(responses={200: UserProfileResponseSerializer}, tags=["user"])
    def get(self, request: Request) -> Response:
        """The current user's profile."""
        return Response({"success": True, "data": selectors.user_profile_data(user=self.user_of(request))})

    @extend_schema(request=ProfileUpdateSerializer, responses={200: MessageResponseSerializer}, tags=["user"])
    def put(self, request: Request) -> Response:
        """Update the profile: send any subset of the fields (multipart for an avatar)."""
        serializer = ProfileUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_update_profile(user=self.user_of(request), data=serializer.validated_data)
        return Response({"success": True, "message": "Profile updated successfully"})


class ApiKeyListView(ApiView):
    @extend_schema(responses={200: ApiKeyListResponseSerializer}, tags=["user"])
    def get(self, request: Request) -> Response:
        """The user's API keys, newest first (the keys themselves are never shown again)."""
        keys = selectors.api_key_list(user=self.user_of(request))
        return Response({"success": True, "data": ApiKeySerializer(keys, many=True).data})

    @extend_schema(request=ApiKeyCreateSerializer, responses={201: ApiKeyCreatedResponseSerializer}, tags=["user"])
    def post(self, request: Request) -> Response:
        """Create an API key; the answer is the only time the full key is shown."""
        serializer = ApiKeyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key, raw = services.api_key_create(user=self.user_of(request), name=serializer.validated_data["name"])
        data = ApiKeySerializer(key).data | {"key": raw}
        return Response(
            {"success": True, "data": data, "message": "Store this key now: it is not shown again."},
            status=status.HTTP_201_CREATED,
        )


class ApiKeyDetailView(ApiView):
    """Revoke an API key (idempotent); sockets opened with it are closed."""

    @extend_schema(request=None, responses={200: ApiKeyRevokedResponseSerializer}, tags=["user"])
    def delete(self, request: Request, key_id: int) -> Response:
        key = services.api_key_revoke(key=selectors.api_key_get(user=self.user_of(request), key_id=key_id))
        return Response({"success": True, "data": ApiKeySerializer(key).data, "message": "API key revoked"})


class NotificationListView(ApiView):
    """The user's notifications, newest first, with the unread count."""

    @extend_schema(
        parameters=[
            OpenApiParameter("page", int),
            OpenApiParameter("per_page", int),
            OpenApiParameter("unread", bool, description="Only unread notifications"),
        ],
        responses={200: NotificationListResponseSerializer},
        tags=["notifications"],
    )
    def get(self, request: Request) -> Response:
        queryset = selectors.notification_list(user=self.user_of(request))
        if query_flag(request.query_params, "unread"):
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
    """Mark one notification read."""

    @extend_schema(request=None, responses={200: NotificationReadResponseSerializer}, tags=["notifications"])
    def put(self, request: Request, notification_id: int) -> Response:
        notification = services.notification_mark_read(
            notification=selectors.notification_get(user=self.user_of(request), notification_id=notification_id)
        )
        return Response({"success": True, "data": notification.to_dict(), "message": "Notification marked as read"})


class NotificationReadAllView(ApiView):
    """Mark every unread notification read."""

    @extend_schema(request=None, responses={200: NotificationsReadAllResponseSerializer}, tags=["notifications"])
    def put(self, request: Request) -> Response:
        count = services.notification_mark_all_read(user=self.user_of(request))
        return Response({"success": True, "data": {"updated": count}, "message": "All notifications marked as read"})
