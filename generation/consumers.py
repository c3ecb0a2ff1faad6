"""The ``/ws`` WebSocket: one socket per client, carrying the user's own events.

Authentication, in order: ``?token=`` (a JWT or an API key, as on the REST APIs), else the
browser's session cookie — then the ``Origin`` must be one of our hosts, so another site
cannot open a socket with a visitor's cookie. Anything else is refused (close code 4401).
The consumer joins ``coprod.realtime.user_group(user.id)`` and forwards the events unchanged.

Connects are counted per client IP (``settings.WS_CONNECTS_PER_MINUTE``, in Redis); over the
limit, or with the counter unreachable, the handshake is refused (close code 4429). A socket
closes (4401) when the credential it was opened with is revoked: its API key, its JWT (logout),
or any of the user's credentials on a password change or reset.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlparse

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.http.request import validate_host
from rest_framework.exceptions import AuthenticationFailed

from accounts.models import ApiKey
from accounts.tokens import token_jti
from coprod import realtime
from coprod.api.authentication import BearerAuthentication
from coprod.api.throttling import client_ip_from_scope, count_request
from coprod.errors import ServiceUnavailable

CLOSE_UNAUTHORIZED = 4401
CLOSE_RATE_LIMITED = 4429
# Client messages are pings; anything bigger is not for us.
MAX_CLIENT_MESSAGE_CHARS = 4096


class _HeaderRequest:
    """The little of a request that :class:`BearerAuthentication` reads."""

    def __init__(self, token: str):
        self.META = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        self.headers = {"authorization": f"Bearer {token}"}


@database_sync_to_async  # type: ignore[untyped-decorator]
def _authenticate_token(token: str) -> tuple[Any, Any] | None:
    """(user, auth) for a JWT or API key, else None."""
    try:
        return BearerAuthentication().authenticate(_HeaderRequest(token))
    except AuthenticationFailed:
        return None


def _connect_allowed(scope: dict[str, Any]) -> bool:
    try:
        _, allowed = count_request(
            f"ws:{client_ip_from_scope(scope)}", settings.WS_CONNECTS_PER_MINUTE, fail_closed=True
        )
    except ServiceUnavailable:
        return False
    return allowed


def _origin_allowed(scope: dict[str, Any]) -> bool:
    headers = dict(scope.get("headers") or [])
    origin = headers.get(b"origin", b"").decode("latin1")
    if not origin:
        return False
    host = urlparse(origin).hostname or ""
    return validate_host(host, settings.ALLOWED_HOSTS)


class UserEventsConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    group_name: str | None = None
    api_key_id: int | None = None
    jti: str | None = None

    async def connect(self) -> None:
        if not await sync_to_async(_connect_allowed)(self.scope):
            await self.close(code=CLOSE_RATE_LIMITED)
            return
        user = await self._authenticate()
        if user is None:
            await self.close(code=CLOSE_UNAUTHORIZED)
            return
        self.user = user
        self.group_name = realtime.user_group(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        await self.send_json({"type": "connected", "user_id": user.pk})

    async def _authenticate(self) -> Any:
        query = parse_qs(self.scope.get("query_string", b"").decode())
        token = (query.get("token") or [""])[0]
        if token:
            result = await _authenticate_token(token)
            if result is None:
                return None
            user, auth = result
            if isinstance(auth, ApiKey):
                self.api_key_id = auth.pk
            else:
                self.jti = token_jti(auth)
            return user
        session_user = self.scope.get("user")
        if session_user is not None and session_user.is_authenticated and _origin_allowed(self.scope):
            return session_user
        return None

    async def disconnect(self, code: int) -> None:
        if self.group_name:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    @classmethod
    async def decode_json(cls, text_data: str) -> Any:
        # A huge or deeply nested message must not cost the server more than a glance.
        if len(text_data) > MAX_CLIENT_MESSAGE_CHARS:
            return None
        try:
            return json.loads(text_data)
        except (ValueError, RecursionError):
            return None

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # The socket is for server events; a ping keeps proxies from closing an idle connection.
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def user_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])

    async def user_close(self, message: dict[str, Any]) -> None:
        """Credentials were revoked: close if this socket was opened with them."""
        if message.get("api_key_id") is not None and message["api_key_id"] != self.api_key_id:
            return
        if message.get("jti") is not None and message["jti"] != self.jti:
            return
        await self.close(code=CLOSE_UNAUTHORIZED)
