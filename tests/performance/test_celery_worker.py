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
