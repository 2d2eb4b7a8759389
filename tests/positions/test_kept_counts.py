"""The counts of active employees PostgreSQL keeps (positions.kept_counts) always equal the
tables, whoever writes: the ORM one row at a time, in bulk, raw SQL; and the merit dashboard's
figures read them."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from positions import kept_counts, selectors
from positions.models import CompetencyAssessment, Employee, EmployeeCount
from semarang_asn.core.figures import read_together
from tests.factories import EmployeeFactory

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
