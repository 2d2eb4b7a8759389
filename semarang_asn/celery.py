import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semarang_asn.settings")

app = Celery("semarang_asn")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
