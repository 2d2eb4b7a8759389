"""Celery beat job of the training app: the monthly reminder to employees under 20 JP.
Idempotent (one reminder per employee per month) and mirrored by a management command."""

import datetime as dt

from celery import shared_task

from semarang_asn.core.jobs import export_run, job_run

from . import services

PERIODIC_TASKS = [
    {
        "name": "Pelatihan: pengingat 20 JP (bulanan, Juli-Desember)",
        "task": "training.tasks.send_jp_reminders",
        "minute": "0",
        "hour": "8",
        "day_of_month": "1",
        "month_of_year": "7-12",
    },
]


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def send_jp_reminders(today: str | None = None) -> int:
    return services.jp_reminders_send(today=dt.date.fromisoformat(today) if today else None)


def _compliance_export(job, progress) -> None:
    from . import exporting

    export_run(job, progress, exporting.compliance_export_spec(job.params["query"]))


@shared_task(acks_late=True)
def compliance_export_job(job_id: int) -> bool:
    """The JP compliance export when it has more than EXPORT_INLINE_MAX_ROWS rows."""
    return job_run(job_id, _compliance_export)
