"""Eligibility recomputed by a real Celery worker consuming from Redis after an annual cycle
is closed (the evaluations become final): no eager mode, no direct call."""

import datetime as dt
import time

import pytest

from performance import rules as perf
from performance import services as perf_services
from performance.eligibility import rules, scheduling, services
from performance.models import EligibilityResult, Evaluation, EvaluationCycle
from positions.models import RankHistory


def _annual(year, employee, predikat, status):
    cycle = EvaluationCycle.objects.create(
        name=f"Tahunan {year}",
        kind="annual",
        year=year,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        open_date=dt.date(year, 1, 2),
        rating_deadline=dt.date(year + 1, 1, 31),
        objection_deadline=dt.date(year + 1, 2, 14),
        status=status,
    )
    Evaluation.objects.create(cycle=cycle, employee=employee, opd=None, predikat=predikat, status="rated")
    return cycle


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
    today = dt.date.today()
    RankHistory.objects.filter(employee=employee_record).update(tmt=dt.date(2000, 1, 1))
    _annual(today.year - 2, employee_record, perf.BAIK, "closed")
    cycle = _annual(today.year - 1, employee_record, perf.BAIK, "calibration")
    services.eligibility_recompute_all()
    assert _status(employee_record) == rules.UNKNOWN  # last year's predikat not final yet

    perf_services.cycle_close(cycle=cycle, actor=hr_staff)

    deadline = time.monotonic() + 30
    while _status(employee_record) != rules.MET and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _status(employee_record) == rules.MET
