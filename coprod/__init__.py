"""The Co-Prod AI Django project: settings, URL routing, ASGI/Celery entry points and API plumbing."""

from .celery import app as celery_app

__all__ = ("celery_app",)
