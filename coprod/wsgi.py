"""WSGI entry point (the product is served by daphne through asgi.py; this is for tooling)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
application = get_wsgi_application()
