"""Long work of the positions app, run by a worker as core.Job (see semarang_asn/core/jobs.py)."""

from celery import shared_task

from semarang_asn.core.jobs import export_run, job_run

from . import current, exporting
from .importing import jobs


@shared_task(acks_late=True)
def import_check(job_id: int) -> bool:
    return job_run(job_id, jobs.import_check)


@shared_task(acks_late=True)
def import_apply(job_id: int) -> bool:
    return job_run(job_id, jobs.import_apply)


def _export(job, progress) -> None:
    spec = exporting.export_spec(job.params["kind"], owner=job.owner, query=job.params["query"])
    export_run(job, progress, spec)


@shared_task(acks_late=True)
def export_job(job_id: int) -> bool:
    """The directory or positions export of more rows than EXPORT_INLINE_MAX_ROWS."""
    return job_run(job_id, _export)


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
