"""Daily Celery beat job of open selection; idempotent (one reminder per assessor, stage and day)."""

import datetime as dt

from celery import shared_task

from . import services

PERIODIC_TASKS = [
    {
        "name": "Seleksi: pengingat asesor yang belum menilai",
        "task": "assessments.tasks.send_scoring_reminders",
        "minute": "15",
        "hour": "7",
    },
]


@shared_task(time_limit=10 * 60, soft_time_limit=8 * 60)
def send_scoring_reminders(today: str | None = None) -> int:
    return services.scoring_reminders_send(today=dt.date.fromisoformat(today) if today else None)
