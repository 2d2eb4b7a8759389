"""A beat task run by a real Celery worker consuming from Redis (not eager mode)."""

import pytest

from performance import tasks
from performance.models import Evaluation, EvaluationCycle

from .conftest import make_cycle


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_opens_due_cycles_through_redis_idempotently(redis_worker, team, hr_staff):
    cycle = make_cycle(hr_staff)
    result = tasks.open_due_cycles.apply_async(("2025-01-02",), queue=redis_worker)
    assert result.get(timeout=30) == [cycle.pk]
    assert EvaluationCycle.objects.get(pk=cycle.pk).status == EvaluationCycle.Status.OPEN
    assert Evaluation.objects.filter(cycle=cycle).count() == 5
    again = tasks.open_due_cycles.apply_async(("2025-01-02",), queue=redis_worker)
    assert again.get(timeout=30) == []
    assert Evaluation.objects.filter(cycle=cycle).count() == 5


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_the_recompute_and_an_export_as_jobs_through_redis(redis_worker, team, hr_staff):
    from django.core.files.storage import default_storage

    from performance import services
    from performance.models import EligibilitySnapshot
    from semarang_asn.core.models import Job

    from .conftest import ON

    recompute = Job.objects.create(owner=hr_staff, kind=Job.Kind.RECOMPUTE, title="Hitung ulang")
    assert tasks.recompute_eligibility_job.apply_async((recompute.pk,), queue=redis_worker).get(timeout=60) is True
    recompute.refresh_from_db()
    assert (recompute.status, recompute.done, recompute.total) == (Job.Status.DONE, 3, 3)
    assert recompute.result["snapshot"] == EligibilitySnapshot.objects.get(is_current=True).pk

    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    export = Job.objects.create(
        owner=hr_staff, kind=Job.Kind.EXPORT, title="Ekspor", params={"cycle": cycle.pk, "fmt": "csv"}
    )
    assert tasks.evaluation_export_job.apply_async((export.pk,), queue=redis_worker).get(timeout=60) is True
    export.refresh_from_db()
    assert (export.status, export.done, export.total) == (Job.Status.DONE, 5, 5)
    with default_storage.open(export.result_file.name) as f:
        body = f.read().decode("utf-8-sig")
    assert all(person.nip in body for person in team.values())
