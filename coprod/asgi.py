"""ASGI entry point: HTTP through Django, the ``/ws`` WebSocket through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
django_asgi_app = get_asgi_application()

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
