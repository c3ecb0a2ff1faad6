"""WebSocket routes: ``/ws`` carries each user's events (see ``coprod.realtime``)."""

from django.urls import path

from generation.consumers import UserEventsConsumer

websocket_urlpatterns = [
    path("ws", UserEventsConsumer.as_asgi()),
    path("ws/", UserEventsConsumer.as_asgi()),
]
