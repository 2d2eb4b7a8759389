"""The per-OPD compliance counts PostgreSQL keeps (training.compliance_counts) always equal the
counts grouped from the employees and their kept JP totals, whoever changes them: services,
the current-OPD refresh (also dated, as the nightly one), a status edit, a bulk UPDATE, an
employee removed, the ledger rebuilt; and the summary read from them is the grouped one."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from positions import current
from positions import services as position_services
from positions.models import Assignment, Employee
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory
from training import compliance_counts, ledger, selectors
from training.models import ComplianceHeadcount, ComplianceYear, JpYearTotal

from .conftest import build_course, complete_course

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the counts are kept by PostgreSQL triggers"),
]

DAY = dt.date(2026, 3, 2)


def _kept() -> tuple[dict, dict]:
    heads = {key: n for key, n in ComplianceHeadcount.objects.values_list("opd_key", "employees") if n}
    yearly = {
        (year, key): (with_jp, on_target, jp_sum)
        for year, key, with_jp, on_target, jp_sum in ComplianceYear.objects.values_list(
            "year", "opd_key", "with_jp", "on_target", "jp_sum"
        )
        if with_jp or on_target or jp_sum
    }
    return heads, yearly


def _grouped() -> tuple[dict, dict]:
    with connection.cursor() as cursor:
        cursor.execute(compliance_counts.GROUPED_HEADCOUNT)
        heads = dict(cursor.fetchall())
        cursor.execute(compliance_counts.GROUPED_YEARLY)
        yearly = {(year, key): (n, on, Decimal(jp)) for year, key, n, on, jp in cursor.fetchall()}
    return heads, yearly


def _summary_as_grouped(year: int) -> list[dict]:
    with mock.patch.object(compliance_counts, "kept", return_value=False):
        return selectors.compliance_by_opd(year=year)


def _assert_consistent():
    assert _kept() == _grouped()
    for year in (2025, 2026, 2027):
        assert selectors.compliance_by_opd(year=year) == _summary_as_grouped(year)


def test_the_kept_counts_follow_every_change_of_jp_opd_and_status(
    hr_staff, org, employee_record, other_employee_record, kabid
):
    _assert_consistent()
    other_opd = OrgUnitFactory(code="DIN02", name="Dinas Lain")
    position = PositionFactory(org_unit=other_opd, formasi=5)
    newcomers = [EmployeeFactory(name=name) for name in ("Budi", "Ani", "Citra")]
    _assert_consistent()  # new employees, not yet placed: counted without an OPD

    big = build_course(hr_staff, jp="20")
    small = build_course(hr_staff, code="K-2", title="Kecil", jp="4.5")
    complete_course(employee_record, big, day=DAY)
    complete_course(other_employee_record, small, day=DAY)
    complete_course(newcomers[0], big, day=DAY)
    complete_course(newcomers[1], small, day=dt.date(2025, 6, 2))
    _assert_consistent()

    # Placed in another OPD (the service refreshes the stored OPD): their JP moves along.
    for employee in newcomers[:2]:
        position_services.assignment_create(employee=employee, position=position, start_date=dt.date(2020, 1, 2))
    _assert_consistent()

    # A move dated in the future takes effect with the nightly refresh of that day; back today.
    later = timezone.localdate() + dt.timedelta(days=40)
    held = Assignment.objects.get(employee=employee_record, end_date__isnull=True)
    position_services.assignment_end(assignment=held, end_date=later - dt.timedelta(days=1))
    position_services.assignment_create(employee=employee_record, position=position, start_date=later)
    _assert_consistent()
    current.refresh(on=later)
    _assert_consistent()
    assert Employee.objects.get(pk=employee_record.pk).current_opd_id == other_opd.pk
    current.refresh()
    _assert_consistent()
    assert Employee.objects.get(pk=employee_record.pk).current_opd_id == org["opd"].pk

    # Status: one edit, a bulk UPDATE, and back.
    employee_record.status = Employee.Status.RETIRED
    employee_record.save()
    _assert_consistent()
    Employee.objects.filter(pk__in=[newcomers[0].pk, kabid.pk]).update(status=Employee.Status.LEAVE)
    _assert_consistent()
    Employee.objects.filter(pk=newcomers[0].pk).update(status=Employee.Status.ACTIVE)
    _assert_consistent()

    # The ledger rebuilt (bulk writers), a total removed, an employee removed.
    JpYearTotal.objects.filter(employee=other_employee_record).delete()
    _assert_consistent()
    ledger.refresh()
    _assert_consistent()
    JpYearTotal.objects.create(employee=newcomers[2], year=2026, jp=Decimal("7"))
    _assert_consistent()
    newcomers[2].delete()  # with its kept total
    _assert_consistent()


def test_the_summary_from_the_kept_counts_shows_the_grouped_figures(hr_staff, org, employee_record):
    course = build_course(hr_staff, jp="21")
    complete_course(employee_record, course, day=DAY)
    rows = {row["opd_id"]: row for row in selectors.compliance_by_opd(year=2026)}
    opd = rows[org["opd"].pk]
    assert opd["on_target"] >= 1 and opd["total"] == opd["on_target"] + opd["under"]
    assert selectors.compliance_by_opd(year=2026) == _summary_as_grouped(2026)


def test_rebuild_recomputes_the_counts(hr_staff, employee_record):
    complete_course(employee_record, build_course(hr_staff, jp="8"), day=DAY)
    ComplianceYear.objects.update(with_jp=99)
    ComplianceHeadcount.objects.update(employees=0)
    assert _kept() != _grouped()
    compliance_counts.rebuild()
    assert _kept() == _grouped()
