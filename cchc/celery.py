"""Celery application (production job engine when CCHC_JOBS=celery)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings.production")
app = Celery("cchc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["cchc.core"])
