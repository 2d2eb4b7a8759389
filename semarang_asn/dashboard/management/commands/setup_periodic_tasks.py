"""Register every app's periodic tasks with django-celery-beat, idempotently.

Each app declares ``PERIODIC_TASKS`` in its ``tasks.py``: a list of dicts with
``name``, ``task`` and a crontab (``minute``, ``hour``, ``day_of_week``, ...). Admins may
change the schedule afterwards; a second run keeps their crontab and only adds what is missing.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask


def declared_tasks() -> list[dict]:
    found = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise
            continue
        found.extend(getattr(module, "PERIODIC_TASKS", []))
    return found


class Command(BaseCommand):
    help = "Daftarkan tugas berkala (Celery beat) semua aplikasi; aman dijalankan berulang."

    @transaction.atomic
    def handle(self, *args, **options):
        created = 0
        for spec in declared_tasks():
            cron = {
                k: str(spec.get(k, "*")) for k in ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")
            }
            schedule, _ = CrontabSchedule.objects.get_or_create(timezone="Asia/Jakarta", **cron)
            _, was_created = PeriodicTask.objects.get_or_create(
                name=spec["name"], defaults={"task": spec["task"], "crontab": schedule}
            )
            created += was_created
        self.stdout.write(f"Tugas berkala: {created} baru, {len(declared_tasks()) - created} sudah ada.")
