"""Base API view: rate limits are counted before permissions, so a 401 also counts and carries headers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from rest_framework.generics import GenericAPIView
from rest_framework.views import APIView


class ThrottleFirstMixin:
    """Count the request against the caller's rate limit right after authentication.

    DRF checks permissions before throttles; an unauthenticated flood would otherwise never be
    counted. The throttle remembers it counted this request, so DRF's own later check is free.
    """

    def perform_authentication(self, request: Any) -> None:
        try:
            request.user  # noqa: B018 - property access triggers authentication
        finally:
            self.check_throttles(request)  # type: ignore[attr-defined]


class ApiView(ThrottleFirstMixin, APIView):
    """Base class of every API view in the project (its docstring is not shown in the schema)."""

    @staticmethod
    def user_of(request: Any) -> Any:
        """The authenticated user (the permission classes have already refused anonymous callers)."""
        user = request.user
        assert isinstance(user, AbstractBaseUser)  # noqa: S101 - guaranteed by IsAuthenticated
        return user


class ApiGenericView(ThrottleFirstMixin, GenericAPIView):  # type: ignore[type-arg]
    """Base class of the API views that use serializers/querysets generically."""
