"""Opening a cycle is set-based: the same number of queries for 100 and 1,000 employees."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from performance import services
from performance.models import Evaluation, PerilakuKerja
from positions.models import Assignment, Employee
from tests.factories import make_nip

from .conftest import ON, make_cycle

pytestmark = pytest.mark.django_db


def add_staff(org, count: int, offset: int = 0) -> None:
    """``count`` Pelaksana under the Kasi, inserted in bulk."""
    people = []
    for i in range(offset, offset + count):
        birth = dt.date(1980, 1, 1) + dt.timedelta(days=i // 900)
        people.append(
            Employee(
                nip=make_nip(birth, (2010, 1), "L", seq=i % 900 + 1),
                name=f"Staf {i}",
                birth_date=birth,
                sex="L",
                education="S1",
            )
        )
    Employee.objects.bulk_create(people, batch_size=500)
    ids = (
        Employee.objects.filter(name__startswith="Staf ")
        .exclude(assignments__isnull=False)
        .values_list("pk", flat=True)
    )
    Assignment.objects.bulk_create(
        [Assignment(employee_id=pk, position=org["staff"], start_date=dt.date(2020, 1, 2)) for pk in ids],
        batch_size=500,
    )


def queries_to_open(hr_staff, year: int) -> int:
    cycle = make_cycle(hr_staff, year=year)
    with CaptureQueriesContext(connection) as captured:
        services.cycle_open(cycle=cycle, actor=hr_staff, on=ON.replace(year=year))
    return len(captured)


def test_opening_costs_the_same_queries_for_100_and_1000_employees(org, supervisor_employee, hr_staff):
    add_staff(org, 100)
    small = queries_to_open(hr_staff, 2025)
    add_staff(org, 900, offset=100)
    large = queries_to_open(hr_staff, 2026)
    assert small == large
    assert Evaluation.objects.filter(cycle__year=2026).count() == Employee.objects.count()
    assert Evaluation.objects.filter(cycle__year=2026, rater=supervisor_employee).count() == 1000
    # Perilaku kerja rows are stored when the rater first writes one, not at opening.
    assert not PerilakuKerja.objects.filter(evaluation__cycle__year=2026).exists()


def test_opening_1000_employees_twice_gives_the_same_rows(org, supervisor_employee, hr_staff):
    add_staff(org, 1000)
    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    first = sorted(Evaluation.objects.values_list("pk", "employee_id", "rater_id", "rater_superior_id"))
    assert services.cycle_open(cycle=cycle, actor=hr_staff, on=ON) == 0
    assert sorted(Evaluation.objects.values_list("pk", "employee_id", "rater_id", "rater_superior_id")) == first


@pytest.mark.django_db(transaction=True)
def test_two_workers_opening_at_once_create_one_set_of_rows(team, hr_staff):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks need PostgreSQL (SQLite serialises the whole database)")
    import threading

    cycle = make_cycle(hr_staff)
    barrier = threading.Barrier(2)
    results: list[int] = []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(services.cycle_open(cycle=cycle, on=ON))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [0, 5]
    assert Evaluation.objects.filter(cycle=cycle).count() == 5
    assert not PerilakuKerja.objects.filter(evaluation__cycle=cycle).exists()
