"""How API callers prove who they are.

``Authorization: Bearer <token>`` carries either a JWT (from ``POST /api/auth/login``) or an
API key (``cpk_...``, created on the account page or through the API; stored hashed). Browser
sessions also work; DRF's session authentication enforces CSRF on writes, read from the
``X-CSRF-Token`` header (``settings.CSRF_HEADER_NAME``).

Resolving a credential reads no row while it is remembered (:mod:`accounts.auth_cache`): the
JWT's blacklist check and its user, or the API key and its user, come from the cache, which
every revocation clears at once (logout, password change or reset, key revocation,
deactivation); the token's password stamp is compared with the user's current one, so a
password change revokes the user's tokens (see :mod:`accounts.tokens`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings

from accounts.api_keys import API_KEY_PREFIX, api_key_authenticate
from accounts.auth_cache import auth_user_get
from accounts.tokens import token_matches_password


class BearerAuthentication(BaseAuthentication):
    """Bearer JWT or API key, for both APIs."""

    keyword = b"bearer"
    _jwt = JWTAuthentication()

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid Authorization header: expected 'Bearer <token>'"))
        try:
            raw = parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token")) from None
        if raw.startswith(API_KEY_PREFIX):
            key = api_key_authenticate(raw_key=raw)
            if key is None:
                raise exceptions.AuthenticationFailed(_("Invalid or revoked API key"))
            return key.user, key
        try:
            validated = self._jwt.get_validated_token(raw.encode())
        except (InvalidToken, TokenError, exceptions.AuthenticationFailed):
            raise exceptions.AuthenticationFailed(_("Token is invalid, expired or revoked")) from None
        user = auth_user_get(user_id=validated.get(api_settings.USER_ID_CLAIM))
        if user is None:
            raise exceptions.AuthenticationFailed(_("Token is invalid, expired or revoked"))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User is inactive"))
        if not token_matches_password(validated, user):
            raise exceptions.AuthenticationFailed(_("Token is invalid, expired or revoked"))
        return user, validated

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="api"'


class CsrfSessionAuthentication(SessionAuthentication):
    """The browser's session cookie; DRF checks CSRF (X-CSRF-Token) on unsafe methods."""


class BearerAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """How the OpenAPI schema describes :class:`BearerAuthentication`."""

    target_class = BearerAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "A JWT from POST /api/auth/login or an API key"}


class SessionAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """How the OpenAPI schema describes :class:`CsrfSessionAuthentication`."""

    target_class = CsrfSessionAuthentication
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
