"""The counts of active employees PostgreSQL keeps (positions.kept_counts) always equal the
tables, whoever writes: the ORM one row at a time, in bulk, raw SQL; and the merit dashboard's
figures read them."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from positions import kept_counts, selectors
from positions.models import Assignment, CompetencyAssessment, Employee, EmployeeCount, SeatCount
from semarang_asn.core.figures import read_together
from tests.factories import EmployeeFactory, PositionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not kept_counts.kept(), reason="PostgreSQL keeps these counts (triggers)"),
]


def grouped() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(kept_counts.GROUPED)
        return dict(cursor.fetchall())


def kept() -> dict[str, int]:
    rows = dict(EmployeeCount.objects.values_list("name", "n"))
    return {name: rows.get(name, 0) for name in kept_counts.NAMES}


def assess(*employees):
    """One assessment each (on a day of its own), in one statement."""
    return CompetencyAssessment.objects.bulk_create(
        [
            CompetencyAssessment(employee=e, method="ac", assessed_on=dt.date(2025, 5, 1) + dt.timedelta(days=i))
            for i, e in enumerate(employees)
        ]
    )


def test_the_kept_counts_follow_every_kind_of_write():
    people = [EmployeeFactory() for _ in range(6)]
    assert kept() == grouped()
    first = CompetencyAssessment.objects.create(employee=people[0], method="ac", assessed_on=dt.date(2025, 1, 1))
    assert kept() == grouped() and kept()["assessed"] >= 1
    assess(people[0], people[1], people[1], people[2])  # a second one for people[0]; two at once for people[1]
    assert kept() == grouped()
    first.delete()  # people[0] keeps another
    assert kept() == grouped()
    CompetencyAssessment.objects.filter(employee=people[1]).delete()  # the last ones of people[1]
    assert kept() == grouped()
    CompetencyAssessment.objects.filter(employee=people[2]).update(employee=people[3])  # moved to another
    assert kept() == grouped()
    Employee.objects.filter(pk__in=[people[0].pk, people[4].pk]).update(status=Employee.Status.RETIRED)
    assert kept() == grouped()
    Employee.objects.filter(pk=people[0].pk).update(status=Employee.Status.ACTIVE)
    assert kept() == grouped()
    user = get_user_model().objects.create_user("akun-baru")
    Employee.objects.filter(pk=people[5].pk).update(user=user)
    assert kept() == grouped() and kept()["with_account"] >= 1
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {kept_counts.ASSESSMENT} WHERE employee_id = %s", [people[3].pk])
    assert kept() == grouped()
    people[5].delete()  # with whatever it holds
    assert kept() == grouped()
    statuses = (Employee.Status.ACTIVE, Employee.Status.LEAVE)
    added = Employee.objects.bulk_create(
        [EmployeeFactory.build(status=status) for status in statuses]  # the factory's NIPs: distinct in a test
    )
    assert kept() == grouped() and kept()["employees"] == Employee.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {kept_counts.EMPLOYEE} WHERE id IN (%s, %s)", [e.pk for e in added])
    assert kept() == grouped() and kept()["employees"] == Employee.objects.count()


def test_the_dashboard_figures_read_the_kept_counts(django_assert_num_queries):
    people = [EmployeeFactory() for _ in range(3)]
    assess(people[0], people[2])
    figures = selectors.merit_figures()
    read_together(figures)
    assert figures["assessed"] == grouped()["assessed"]
    assert figures["with_account"] == grouped()["with_account"]


def test_rebuild_repairs_counts_that_drifted():
    assess(EmployeeFactory())
    EmployeeCount.objects.filter(name="assessed").update(n=999)
    kept_counts.rebuild()
    assert kept() == grouped()


DAYS = (
    None,
    dt.date(2019, 12, 31),
    dt.date(2020, 1, 1),
    dt.date(2024, 6, 30),
    dt.date(2024, 7, 1),
    dt.date(2031, 1, 1),
)


def _opd_rows(day):
    keys = ("formasi", "bezetting", "acting", "vacant", "surplus")
    return [(opd.pk, *(getattr(opd, key) for key in keys)) for opd in selectors.opd_summary(day)]


def seat_totals_agree() -> bool:
    """The kept seat totals, and the OPD table's per-OPD totals, equal the ones counted from
    every assignment, on several days."""
    kept_totals = [(selectors.seat_totals(day), _opd_rows(day)) for day in DAYS]
    with mock.patch.object(kept_counts, "kept", return_value=False):
        counted_totals = [(selectors.seat_totals(day), _opd_rows(day)) for day in DAYS]
    return kept_totals == counted_totals


def test_the_kept_seat_counts_follow_every_kind_of_assignment_write():
    seats = [PositionFactory(formasi=3), PositionFactory(formasi=2)]
    people = [EmployeeFactory() for _ in range(5)]
    start = dt.date(2020, 1, 1)
    first = Assignment.objects.create(employee=people[0], position=seats[0], start_date=start)
    assert seat_totals_agree() and selectors.seat_totals(dt.date(2021, 1, 1))["bezetting"] >= 1
    Assignment.objects.bulk_create(
        [
            Assignment(employee=people[1], position=seats[0], start_date=start, end_date=dt.date(2024, 6, 30)),
            Assignment(employee=people[2], position=seats[1], start_date=dt.date(2030, 1, 1)),  # later
            Assignment(employee=people[3], position=seats[1], kind="plt", start_date=start),
        ]
    )
    assert seat_totals_agree()
    Assignment.objects.filter(pk=first.pk).update(end_date=dt.date(2024, 6, 30))  # ended
    assert seat_totals_agree()
    Assignment.objects.filter(employee=people[3]).update(position=seats[0], kind="definitive")  # moved
    assert seat_totals_agree()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {kept_counts.ASSIGNMENT} WHERE employee_id = %s", [people[1].pk])
    assert seat_totals_agree()
    Assignment.objects.filter(employee=people[2]).delete()
    assert seat_totals_agree()
    with connection.cursor() as cursor:
        cursor.execute(kept_counts.GROUPED_SEATS)
        grouped_seats = {row[0]: tuple(value or 0 for value in row[1:]) for row in cursor.fetchall()}
    kept_seats = {
        row[0]: row[1:]
        for row in SeatCount.objects.values_list(
            "position_id", "definitive", "definitive_ended", "acting", "acting_ended"
        )
        if any(row[1:])
    }
    assert kept_seats == {pk: row for pk, row in grouped_seats.items() if any(row)}
