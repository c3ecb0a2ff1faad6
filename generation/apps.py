"""App config for generation: registers the generation and playlist job kinds with the job lifecycle."""

from django.apps import AppConfig


class GenerationConfig(AppConfig):
    name = "generation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from coprod.jobs.kinds import job_kind_register

        from .jobs import GENERATION_JOBS
        from .playlist_jobs import PLAYLIST_JOBS

        job_kind_register(GENERATION_JOBS)
        job_kind_register(PLAYLIST_JOBS)
