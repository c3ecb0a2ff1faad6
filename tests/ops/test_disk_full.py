"""The disk fills up while a job writes its files: the job fails with a reason and nothing is served."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage

from coprod.celery import app
from generation.engine import tools
from generation.models import Generation
from projects.models import Export
from tests.conftest import bearer_client


def _no_space(self, name, content):
    # Write part of the file, as a real full disk does, then fail.
    path = self.path(name)
    import os

    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(content.read(64))
    raise OSError(errno.ENOSPC, "No space left on device", path)


@pytest.mark.django_db
def test_export_job_fails_with_a_reason_and_serves_nothing(user, monkeypatch):
    import projects.tasks  # noqa: F401 - registers the task

    result = tools.generate("melody", tools.validate_parameters("melody", {"melody_length": 2}), seed=5)
    generation = Generation.objects.create(
        owner=user, tool="melody", parameters={}, seed=5, status="completed", result=result, genre=result["genre"]
    )
    export = Export.objects.create(owner=user, type="midi", generation=generation)
    monkeypatch.setattr(FileSystemStorage, "_save", _no_space)

    app.tasks["projects.export_run"].apply(args=[export.pk])

    export.refresh_from_db()
    assert export.status == "failed"
    assert export.error_message == "The server ran out of disk space while writing the files. You can retry it."
    assert export.file.name == ""
    # The bytes written before the disk filled up were removed, not left to keep it full.
    from django.conf import settings

    exports_dir = Path(settings.MEDIA_ROOT) / "private" / "exports"
    assert not exports_dir.exists() or list(exports_dir.iterdir()) == []
    client = bearer_client(user)
    status = client.get(f"/api/export/{export.pk}").json()
    assert status["data"]["status"] == "failed"
    download = client.get(f"/api/export/{export.pk}/download")
    assert download.status_code == 409
    assert not download.has_header("Content-Disposition")


def test_other_worker_crashes_keep_the_generic_reason():
    from coprod.jobs.tasks import job_failure_reason

    assert job_failure_reason(OSError(errno.EACCES, "Permission denied")) == "Worker error: PermissionError"
    assert job_failure_reason(KeyError("x")) == "Worker error: KeyError"
    assert (
        job_failure_reason(OSError(errno.ENOSPC, "No space left on device"))
        == "The server ran out of disk space while writing the files. You can retry it."
    )
