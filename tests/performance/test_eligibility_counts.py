"""The nine-box and promotion-window counts a snapshot stores (performance.eligibility.counts)
always equal its rows: after a full recompute, after per-employee recomputes that move
employees between windows, boxes and OPDs, and after the migration's recount."""

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Count

from performance import rules as perf
from performance.eligibility import counts, rules, services
from performance.models import EligibilityResult, EligibilitySnapshot, TalentPlacement
from positions.models import Employee, RankHistory

from .test_eligibility_services import ON, _bulk_people, closed_annual

pytestmark = pytest.mark.django_db


def counted(snapshot) -> tuple[Counter, Counter]:
    """(boxes, windows) grouped from the snapshot's rows, as the stored lists read back."""
    boxes = TalentPlacement.objects.filter(snapshot=snapshot).values_list("opd_id", "box").annotate(n=Count("id"))
    windows = (
        EligibilityResult.objects.filter(
            snapshot=snapshot, rule__in=[rules.KP_REGULER, rules.KP_PILIHAN], window_date__isnull=False
        )
        .values_list("window_date", "opd_id", "rule")
        .annotate(n=Count("id"))
    )
    return (
        Counter({(opd, box): n for opd, box, n in boxes.order_by()}),
        Counter({(w.isoformat(), opd, rule): n for w, opd, rule, n in windows.order_by()}),
    )


def stored(snapshot) -> tuple[Counter, Counter]:
    snapshot = EligibilitySnapshot.objects.get(pk=snapshot.pk)
    return counts.loaded(snapshot.box_counts), counts.loaded(snapshot.window_counts)


def test_the_stored_counts_equal_the_rows_after_full_and_per_employee_recomputes(org, supervisor_employee):
    ids = _bulk_people(org, 24, 0)
    people = Employee.objects.filter(pk__in=ids)
    closed_annual(2024, dict.fromkeys(people, perf.BAIK))
    closed_annual(2025, dict.fromkeys(people, perf.BAIK))
    snapshot = services.eligibility_recompute_all(on=ON)
    boxes, windows = counted(snapshot)
    assert sum(windows.values()) >= 20, "the test needs promotion rows with a window"
    assert stored(snapshot) == (boxes, windows)
    assert (counts.loaded(snapshot.box_counts), counts.loaded(snapshot.window_counts)) == (boxes, windows)

    # Two employees' windows move or go (a later rank TMT), a placement is added directly and
    # recounted; the per-employee recompute (which drops it: no potential score) keeps them equal.
    RankHistory.objects.filter(employee_id=ids[0]).update(tmt=dt.date(2025, 6, 1))  # no window
    RankHistory.objects.filter(employee_id=ids[1]).update(tmt=dt.date(2023, 2, 1))  # a later one
    TalentPlacement.objects.create(
        snapshot=snapshot,
        employee_id=ids[2],
        opd=org["opd"],
        level="pelaksana",
        year=2025,
        predikat=perf.BAIK,
        performance_level=perf.MEETS,
        potential_score="3.00",
        potential_level=rules.MIDDLE,
        box=5,
    )
    counts.refresh(snapshot)
    assert stored(snapshot)[0] == Counter({(org["opd"].pk, 5): 1})
    services.eligibility_recompute_employees(employee_ids=ids[:3], on=ON)
    assert counted(snapshot) != (boxes, windows)
    assert stored(snapshot) == counted(snapshot)
    RankHistory.objects.filter(employee_id=ids[0]).update(tmt=dt.date(2020, 4, 1))
    services.eligibility_recompute_employees(employee_ids=[ids[0], *ids[5:9]], on=ON)
    assert stored(snapshot) == counted(snapshot)

    again = services.eligibility_recompute_all(on=ON + dt.timedelta(days=60))
    assert stored(again) == counted(again)


def test_refresh_recounts_what_was_written_directly(org, supervisor_employee):
    _bulk_people(org, 6, 0)
    snapshot = services.eligibility_recompute_all(on=ON)
    EligibilityResult.objects.filter(rule=rules.KP_REGULER).update(window_date=dt.date(2027, 2, 1))
    assert stored(snapshot) != counted(snapshot)
    counts.refresh(snapshot)
    assert stored(snapshot) == counted(snapshot)
