"""core.prepared: reads compiled once per process and bound to each read's values give what a
fresh compile of the same queryset gives, for every user, and are only built when first read."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from assessments import selectors as assessment_selectors
from performance import selectors as performance_selectors
from performance import services as performance_services
from positions.models import Employee
from semarang_asn.core import prepared
from semarang_asn.core.figures import Any, Scalar, Total, read_together
from semarang_asn.core.prepared import Prepared, read_rows
from tests.performance.conftest import ON, make_cycle
from training import selectors as training_selectors
from training import services as training_services
from training.selectors.records import unread_materials

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_process(monkeypatch):
    """Each test starts as a new process does: nothing compiled yet."""
    monkeypatch.setattr(prepared, "_SHAPES", {})


def _fresh(summary: dict) -> dict:
    """The summary with every prepared figure replaced by its queryset, built and compiled anew."""

    def unprepared(source):
        return source.build(*source.args) if isinstance(source, Prepared) else source

    fresh = {}
    for key, value in summary.items():
        if isinstance(value, Scalar):
            fresh[key] = Scalar(unprepared(value.source), default=value.default)
        elif isinstance(value, Any):
            fresh[key] = Any(unprepared(value.source))
        elif isinstance(value, Total):
            fresh[key] = Total(unprepared(value.source), value.field)
        else:
            fresh[key] = unprepared(value)
    return fresh


def _summaries(user) -> dict:
    return {
        "training": training_selectors.home_summary(user),
        "performance": performance_selectors.home_summary(user),
        "assessments": assessment_selectors.home_summary(user),
        "official": assessment_selectors.official_home(user) or {},
    }


def test_the_home_figures_prepared_equal_fresh_compiles_for_every_role_and_follow_each_user(
    hr_staff, org, employee, other_employee, supervisor, kabid, assessor, official
):
    performance_services.cycle_open(cycle=make_cycle(hr_staff), actor=hr_staff, on=ON)
    material = training_services.socialisation_save(
        actor=hr_staff, title="Sistem merit", body="x", jp=Decimal("2"), for_all=True, opds=[], publish=True
    )
    training_services.socialisation_acknowledge(material=material, employee=employee.employee)
    users = [employee, other_employee, supervisor, kabid.user, hr_staff, assessor, official]

    seen: dict[str, list] = {}
    for user in users:
        summaries = _summaries(user)
        fresh = {name: _fresh(summary) for name, summary in summaries.items()}
        read_together(*summaries.values())
        read_together(*fresh.values())
        assert summaries == fresh, user.username
        for name, summary in summaries.items():
            for key, value in summary.items():
                if not callable(value):
                    seen.setdefault(f"{name}.{key}", []).append(value)

    # Every figure of the page was bound to its user's values, none compiled afresh.
    assert prepared._SHAPES and None not in prepared._SHAPES.values()
    # The same statements gave each user their own figures.
    for figure in ("training.jp", "training.unread", "performance.to_rate", "performance.my_open"):
        assert any(value != seen[figure][0] for value in seen[figure]), figure
    assert Decimal("2") in seen["training.jp"] and Decimal("0") in seen["training.jp"]
    assert 2 in seen["performance.to_rate"] and 0 in seen["performance.to_rate"]  # the supervisor rates both


def test_the_unread_list_and_the_own_evaluation_equal_the_orm_for_each_employee(hr_staff, org, employee, supervisor):
    cycle = make_cycle(hr_staff)
    performance_services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    for title in ("Satu", "Dua"):
        training_services.socialisation_save(
            actor=hr_staff, title=title, body="x", jp=Decimal("1"), for_all=True, opds=[], publish=True
        )
    first = training_selectors.socialisation_for_employee(employee.employee).get(title="Satu")
    training_services.socialisation_acknowledge(material=first, employee=employee.employee)

    for person in (employee.employee, supervisor.employee):
        unread = Prepared(unread_materials, person.pk, person.current_opd_id)
        assert read_rows(unread) == list(unread.build(*unread.args))
        own = Prepared(performance_selectors.open_evaluation_of, person.pk)
        assert (
            read_rows(own)
            == list(own.build(*own.args))
            == [(person.evaluations.get(cycle=cycle).pk, cycle.name, "", 0)]
        )
    assert [m.title for m in training_selectors.socialisation_unread(employee.employee)] == ["Dua"]
    assert [m.title for m in training_selectors.socialisation_unread(supervisor.employee)] == ["Dua", "Satu"]


CALLS = []


def users_named(username: str, joined_after: dt.date):
    CALLS.append(username)
    return get_user_model().objects.filter(username=username, date_joined__date__gte=joined_after)


def test_a_prepared_read_is_built_once_then_only_bound(employee, other_employee, django_assert_num_queries):
    CALLS.clear()
    long_ago = dt.date(2000, 1, 1)
    for user in (employee, other_employee, employee):
        summary = {
            "n": Prepared(users_named, user.username, long_ago),
            "no": Any(Prepared(users_named, "x", long_ago)),
        }
        with django_assert_num_queries(1):
            read_together(summary)
        assert summary == {"n": 1, "no": False}
    # Built on the first read only: with its values and two sets of stand-ins, once per kind.
    assert CALLS.count(employee.username) == 1 and CALLS.count("x") == 1 and len(CALLS) == 6
    assert read_rows(Prepared(users_named, employee.username, dt.date(2999, 1, 1))) == []


def users_matching(text: str):
    return get_user_model().objects.filter(username__icontains=text)


def users_by_id(pk: int):
    return get_user_model().objects.filter(pk=pk) if pk < 30_000 else get_user_model().objects.filter(pk__gte=pk)


def employees_of(user_id):
    return Employee.objects.filter(user_id=user_id)


def test_a_read_that_does_not_bind_its_values_is_compiled_every_time_and_stays_right(employee, other_employee, db):
    User = get_user_model()
    for user in (employee, other_employee):
        summary = {
            "matching": Prepared(users_matching, user.username[:6]),  # becomes "%pegawa%": not the value
            "by_id": Prepared(users_by_id, user.pk),  # a query that changes with the value
            "no_employee": Prepared(employees_of, None),  # None: IS NULL, not "= %s"
        }
        read_together(summary)
        assert summary == {
            "matching": User.objects.filter(username__icontains=user.username[:6]).count(),
            "by_id": 1,
            "no_employee": Employee.objects.filter(user__isnull=True).count(),
        }
    assert list(prepared._SHAPES.values()) == [None, None, None]


def test_only_module_level_functions_can_be_prepared():
    with pytest.raises(TypeError):
        Prepared(lambda pk: get_user_model().objects.filter(pk=pk), 1)


def joined_on(pk: int):
    return (
        get_user_model().objects.filter(pk=pk).distinct().order_by("-last_login").values_list("username", "date_joined")
    )


def test_rows_come_as_the_orm_gives_them(employee):
    joined = Prepared(joined_on, employee.pk)
    rows = read_rows(joined)
    assert rows == list(joined.build(employee.pk)) == [(employee.username, employee.date_joined)]
    assert isinstance(rows[0][1], dt.datetime)
