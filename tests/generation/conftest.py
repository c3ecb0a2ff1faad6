"""A real Celery worker for the tests that run jobs end to end.

``celery_worker`` starts ``celery.contrib.testing.worker.start_worker`` in a thread of the test
process, consuming the test run's own queue on the real Redis broker (the embedded one from
``make test`` or CI's). Tests using it need committed data: the fixture pulls in
``transactional_db``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def celery_worker(transactional_db: Any) -> Iterator[Any]:
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    import coprod.jobs.tasks  # noqa: F401 - the reaper
    import generation.tasks  # noqa: F401 - registers the tasks with the app
    import projects.tasks  # noqa: F401 - export jobs run on the same worker in tests
    from coprod.celery import app

    queues = [settings.CELERY_TASK_DEFAULT_QUEUE, settings.CELERY_AUDIO_QUEUE]
    # A finished generation queues its files (MusicXML, preview); the worker finishes that task
    # before it stops, which takes seconds for a long arrangement on a busy machine.
    with start_worker(
        app, pool="solo", perform_ping_check=False, shutdown_timeout=90, loglevel="WARNING", queues=queues
    ) as worker:
        yield worker
