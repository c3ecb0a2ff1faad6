"""The Celery application: workers run the composition engine and the audio renderer."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")

app = Celery("coprod")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The job lifecycle's own tasks (the reaper) live outside the apps.
app.autodiscover_tasks(["coprod.jobs"])
