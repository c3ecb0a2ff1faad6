"""WebSocket routes. The ``/ws`` consumer lives with the generation app (added with its issue)."""

from django.urls import path

websocket_urlpatterns: list[path] = []  # type: ignore[valid-type]
