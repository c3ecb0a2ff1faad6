"""ASGI entry point: HTTP through Django, the ``/ws`` WebSocket through Channels."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
django.setup(set_prefix=False)  # what django.core.asgi.get_asgi_application does before its handler

from coprod.request_threads import PooledThreadsASGIHandler  # noqa: E402

# Django's ASGIHandler, except that requests reuse a fixed set of threads (and their database
# connections) instead of a new thread each: see coprod/request_threads.py.
django_asgi_app = PooledThreadsASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from coprod.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Token auth needs no Origin check; the /ws consumer checks Origin itself for cookie auth.
        "websocket": AuthMiddlewareStack(URLRouter(websocket_urlpatterns)),
    }
)
