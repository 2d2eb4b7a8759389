"""core.figures.read_together: a page's small figures in one query, each equal to what the ORM
gives asked one by one."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, Sum

from positions.models import Employee
from semarang_asn.core.figures import Any, Scalar, Total, read_together
from training.models import ComplianceYear, JpCredit

pytestmark = pytest.mark.django_db


def test_counts_yes_no_and_scalars_equal_the_orm_in_one_query(employee, other_employee, django_assert_num_queries):
    User = get_user_model()
    active = User.objects.filter(is_active=True)
    jp = JpCredit.objects.filter(employee=employee.employee).values("employee").annotate(t=Sum("jp")).values("t")
    summary = {
        "users": active,
        "distinct": Employee.objects.filter(user__isnull=False).values("status").distinct(),
        "none": User.objects.none(),
        "nobody": User.objects.filter(pk__in=[]),
        "any": Any(active.filter(pk=employee.pk)),
        "no_one": Any(active.filter(pk=-1)),
        "name": Scalar(User.objects.filter(pk=employee.pk).values("username")),
        "missing": Scalar(User.objects.filter(pk=-1).values("username"), default="-"),
        "jp": Scalar(jp, default=Decimal("0")),
        "kept": 7,
    }
    other = {"employees": Employee.objects.all()}
    with django_assert_num_queries(1):
        read_together(summary, other)
    assert summary == {
        "users": active.count(),
        "distinct": Employee.objects.filter(user__isnull=False).values("status").distinct().count(),
        "none": 0,
        "nobody": 0,
        "any": True,
        "no_one": False,
        "name": employee.username,
        "missing": "-",
        "jp": Decimal("0"),
        "kept": 7,
    }
    assert other == {"employees": Employee.objects.count()}


def test_a_summed_scalar_comes_back_as_the_orm_gives_it(employee):
    for jp in ("2.5", "4"):
        JpCredit.objects.create(
            employee=employee.employee,
            year=2026,
            credited_on="2026-03-01",
            jp=Decimal(jp),
            source=JpCredit.Source.choices[0][0],
            title="Sosialisasi",
        )
    rows = JpCredit.objects.filter(employee=employee.employee).values("employee").annotate(t=Sum("jp")).values("t")
    summary = {"jp": Scalar(rows)}
    read_together(summary)
    assert summary["jp"] == rows.get()["t"] == Decimal("6.5")
    assert isinstance(summary["jp"], Decimal)


def test_nothing_to_read_asks_nothing(django_assert_num_queries):
    summary = {"a": 1, "b": None}
    with django_assert_num_queries(0):
        read_together(summary, {})
    assert summary == {"a": 1, "b": None}


def test_counts_of_querysets_written_for_lists_equal_the_orm(employee, other_employee, supervisor):
    """Counted and tested on their primary keys alone (no select_related joins, no columns):
    joins that repeat a row, DISTINCT over them, and nullable relations count as count() does."""
    from django.contrib.auth.models import Group

    from positions.models import Assignment

    User = get_user_model()
    employee.groups.add(Group.objects.get_or_create(name="Asesor")[0])  # two groups: two joined rows
    joined = User.objects.filter(groups__name__in=[g.name for g in Group.objects.all()])  # a row per group
    listed = Employee.objects.select_related("user").order_by("name")
    held = Assignment.objects.select_related("employee__user", "position__org_unit").order_by("-start_date")
    summary = {
        "joined": joined,
        "joined_distinct": joined.distinct(),
        "listed": listed,
        "held": held,
        "held_by_employee": held.filter(employee=employee.employee),
        "any_listed": Any(listed.filter(user=employee)),
        "any_missing": Any(listed.filter(user__isnull=True, pk=-1)),
        "annotated": User.objects.annotate(n=Count("groups")).filter(n__gt=0),
    }
    read_together(summary)
    assert summary == {
        "joined": joined.count(),
        "joined_distinct": joined.distinct().count(),
        "listed": listed.count(),
        "held": held.count(),
        "held_by_employee": held.filter(employee=employee.employee).count(),
        "any_listed": True,
        "any_missing": False,
        "annotated": User.objects.annotate(n=Count("groups")).filter(n__gt=0).count(),
    }
    assert summary["joined"] > summary["joined_distinct"] > 0


def test_a_total_sums_an_integer_field_over_the_rows_and_is_zero_without_rows(django_assert_num_queries):
    ComplianceYear.objects.bulk_create(
        [ComplianceYear(year=2031, opd_key=key, with_jp=n, on_target=n - 1) for key, n in ((1, 5), (2, 7), (3, 1))]
    )
    summary = {
        "on_target": Total(ComplianceYear.objects.filter(year=2031), "on_target"),
        "two": Total(ComplianceYear.objects.filter(year=2031, opd_key__gte=2), "with_jp"),
        "none": Total(ComplianceYear.objects.filter(year=2032), "on_target"),
        "empty": Total(ComplianceYear.objects.none(), "on_target"),
    }
    with django_assert_num_queries(1):
        read_together(summary)
    assert summary == {"on_target": 10, "two": 8, "none": 0, "empty": 0}
