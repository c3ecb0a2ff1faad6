"""App config for projects: registers the export job kind with the job lifecycle."""

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from coprod.jobs.kinds import job_kind_register

        from .jobs import EXPORT_JOBS

        job_kind_register(EXPORT_JOBS)
