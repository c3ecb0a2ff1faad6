"""The ``/ws`` WebSocket: one socket per client, carrying the user's own events.

Authentication, in order: ``?token=`` (a JWT or an API key, as on the REST APIs), else the
browser's session cookie — then the ``Origin`` must be one of our hosts, so another site
cannot open a socket with a visitor's cookie. Anything else is refused (close code 4401).
The consumer joins ``coprod.realtime.user_group(user.id)`` and forwards the events unchanged.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.http.request import validate_host
from rest_framework.exceptions import AuthenticationFailed

from coprod import realtime
from coprod.api.authentication import BearerAuthentication

CLOSE_UNAUTHORIZED = 4401


class _HeaderRequest:
    """The little of a request that :class:`BearerAuthentication` reads."""

    def __init__(self, token: str):
        self.META = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        self.headers = {"authorization": f"Bearer {token}"}


@database_sync_to_async  # type: ignore[untyped-decorator]
def _user_from_token(token: str) -> Any:
    try:
        result = BearerAuthentication().authenticate(_HeaderRequest(token))
    except AuthenticationFailed:
        return None
    return result[0] if result else None


def _origin_allowed(scope: dict[str, Any]) -> bool:
    headers = dict(scope.get("headers") or [])
    origin = headers.get(b"origin", b"").decode("latin1")
    if not origin:
        return False
    host = urlparse(origin).hostname or ""
    return validate_host(host, settings.ALLOWED_HOSTS)


class UserEventsConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    group_name: str | None = None

    async def connect(self) -> None:
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
            return await _user_from_token(token)
        session_user = self.scope.get("user")
        if session_user is not None and session_user.is_authenticated and _origin_allowed(self.scope):
            return session_user
        return None

    async def disconnect(self, code: int) -> None:
        if self.group_name:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # The socket is for server events; a ping keeps proxies from closing an idle connection.
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def user_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
