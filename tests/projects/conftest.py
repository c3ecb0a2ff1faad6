"""The real Celery worker fixture, shared with the generation tests."""

from tests.generation.conftest import celery_worker  # noqa: F401
