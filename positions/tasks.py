"""Long work of the positions app, run by a worker as core.Job (see semarang_asn/core/jobs.py)."""

from celery import shared_task

from semarang_asn.core.jobs import job_run

from . import current
from .importing import jobs


@shared_task(acks_late=True)
def import_check(job_id: int) -> bool:
    return job_run(job_id, jobs.import_check)


@shared_task(acks_late=True)
def import_apply(job_id: int) -> bool:
    return job_run(job_id, jobs.import_apply)


@shared_task(acks_late=True)
def refresh_current() -> int:
    """Nightly: ranks and assignments dated today take effect on the stored current fields."""
    return current.refresh()


PERIODIC_TASKS = [
    {
        "name": "Pegawai: pangkat/jabatan/OPD saat ini",
        "task": "positions.tasks.refresh_current",
        "minute": "5",
        "hour": "0",
    },
]
