"""Daily Celery beat jobs of the evaluation cycle. Each is idempotent and has a management
command that does the same for operators."""

import datetime as dt

from celery import shared_task

from semarang_asn.core.jobs import export_run, job_run

from . import services

PERIODIC_TASKS = [
    {
        "name": "Kinerja: buka siklus yang jatuh tempo",
        "task": "performance.tasks.open_due_cycles",
        "minute": "0",
        "hour": "1",
    },
    {"name": "Kinerja: pengingat penilai", "task": "performance.tasks.send_reminders", "minute": "0", "hour": "7"},
    {
        "name": "Kinerja: pindahkan ke kalibrasi",
        "task": "performance.tasks.move_to_calibration",
        "minute": "30",
        "hour": "1",
    },
    {
        "name": "Kinerja: alihkan penilaian dari kursi penilai yang kosong",
        "task": "performance.tasks.move_raters_up",
        "minute": "15",
        "hour": "1",
    },
    {
        "name": "Kelayakan: hitung ulang seluruh pegawai",
        "task": "performance.tasks.recompute_eligibility",
        "minute": "0",
        "hour": "2",
    },
]


def _day(today: str | None) -> dt.date | None:
    return dt.date.fromisoformat(today) if today else None


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def open_due_cycles(today: str | None = None) -> list[int]:
    return services.cycles_open_due(today=_day(today))


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def send_reminders(today: str | None = None) -> int:
    return services.reminders_send(today=_day(today))


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def move_to_calibration(today: str | None = None) -> list[int]:
    return services.cycles_move_due_to_calibration(today=_day(today))


def _open_cycle(job, progress) -> None:
    from django.urls import reverse
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    from .models import EvaluationCycle

    cycle = EvaluationCycle.objects.get(pk=job.params["cycle"])
    created = services.cycle_open(cycle=cycle, actor=job.owner, progress=progress)
    job.message = _("Siklus dibuka; %(n)s penilaian dibuat.") % {"n": number_format(created, force_grouping=True)}
    job.result = {"created": created}
    job.next_url = reverse("performance:cycle", args=[cycle.pk])


@shared_task(acks_late=True)
def open_cycle_job(job_id: int) -> bool:
    """HR's "Buka siklus sekarang", as a core.Job with progress (idempotent like cycle_open)."""
    return job_run(job_id, _open_cycle)


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def move_raters_up(today: str | None = None) -> int:
    return services.raters_follow_vacated_seats(today=_day(today))


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def recompute_eligibility(today: str | None = None) -> int:
    """Nightly, and after a burst of changes: the full set-based recompute."""
    from .eligibility.services import eligibility_recompute_all

    return eligibility_recompute_all(on=_day(today)).pk


@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60)
def recompute_eligibility_for(employee_ids: list[int], today: str | None = None) -> int:
    """Soon after a change to these employees' records."""
    from .eligibility.services import eligibility_recompute_employees

    return eligibility_recompute_employees(employee_ids=employee_ids, on=_day(today)).pk


def _recompute(job, progress) -> None:
    """The full recompute reports its three steps (load, evaluate, switch snapshot)."""
    from django.urls import reverse

    from .eligibility.services import eligibility_recompute_all

    steps = iter(range(1, 4))

    def say(message: str) -> None:
        progress(next(steps, 3), 3, message)

    snapshot = eligibility_recompute_all(actor=job.owner, progress=say)
    job.result = {"snapshot": snapshot.pk, "employees": snapshot.employees, "results": snapshot.results}
    job.next_url = reverse("performance:promotion_list")


@shared_task(acks_late=True, time_limit=30 * 60, soft_time_limit=25 * 60)
def recompute_eligibility_job(job_id: int) -> bool:
    """HR's "Hitung ulang sekarang", as a core.Job with progress."""
    return job_run(job_id, _recompute)


def _evaluation_export(job, progress) -> None:
    from . import exporting

    export_run(job, progress, exporting.evaluation_export_spec(job.params["cycle"]))


@shared_task(acks_late=True)
def evaluation_export_job(job_id: int) -> bool:
    """A cycle's evaluations when there are more than EXPORT_INLINE_MAX_ROWS."""
    return job_run(job_id, _evaluation_export)


def _promotion_export(job, progress) -> None:
    from . import exporting

    export_run(job, progress, exporting.promotion_export_spec(job.params["query"]))


@shared_task(acks_late=True)
def promotion_export_job(job_id: int) -> bool:
    """The promotion eligibility list when it has more than EXPORT_INLINE_MAX_ROWS rows."""
    return job_run(job_id, _promotion_export)
