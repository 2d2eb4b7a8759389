"""Eligibility recomputed by a real Celery worker consuming from Redis after an annual cycle
is closed (the evaluations become final): no eager mode, no direct call."""

import datetime as dt
import time

import pytest

from performance import rules as perf
from performance import services as perf_services
from performance.eligibility import rules, scheduling, services
from performance.models import EligibilityResult
from positions.models import RankHistory
from tests.factories import annual_cycle, kp_reguler_years


def _status(employee):
    return (
        EligibilityResult.objects.filter(snapshot__is_current=True, employee=employee, rule=rules.KP_REGULER)
        .values_list("status", flat=True)
        .first()
    )


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_closing_an_annual_cycle_recomputes_eligibility_through_a_real_worker(
    redis_worker, employee_record, hr_staff, monkeypatch
):
    monkeypatch.setattr(scheduling, "QUEUE", redis_worker)
    monkeypatch.setattr(scheduling, "COUNTDOWN", 0)
    earlier, last = kp_reguler_years()
    RankHistory.objects.filter(employee=employee_record).update(tmt=dt.date(2000, 1, 1))
    annual_cycle(earlier, {employee_record: perf.BAIK}, status="closed")
    cycle = annual_cycle(last, {employee_record: perf.BAIK}, status="calibration")
    services.eligibility_recompute_all()
    assert _status(employee_record) == rules.UNKNOWN  # last year's predikat not final yet

    perf_services.cycle_close(cycle=cycle, actor=hr_staff)

    deadline = time.monotonic() + 30
    while _status(employee_record) != rules.MET and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _status(employee_record) == rules.MET
