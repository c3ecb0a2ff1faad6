"""Celery tasks of the marketplace: building listing packs."""

from __future__ import annotations

from celery import shared_task

from coprod.jobs.tasks import JobTask


@shared_task(base=JobTask, bind=True, name="marketplace.listing_pack_run", job_kind="listing_pack")  # type: ignore[untyped-decorator]
def listing_pack_run_task(self: JobTask, pack_id: int) -> None:
    self.run_job(pack_id)
