import datetime as dt

import pytest

from performance import services
from performance.models import EvaluationCycle

ON = dt.date(2025, 6, 2)


def make_cycle(actor=None, *, year=2025, kind=EvaluationCycle.Kind.ANNUAL, **overrides) -> EvaluationCycle:
    values = {
        "name": f"Penilaian Tahunan {year}",
        "kind": kind,
        "year": year,
        "period_start": dt.date(year, 1, 1),
        "period_end": dt.date(year, 12, 31),
        "open_date": dt.date(year, 1, 2),
        "rating_deadline": dt.date(year + 1, 1, 31),
        "objection_deadline": dt.date(year + 1, 2, 14),
    }
    values.update(overrides)
    return services.cycle_create(actor=actor, **values)


@pytest.fixture
def team(head, kabid, supervisor_employee, employee_record, other_employee_record):
    """The whole persona tree: kepala → kabid → kasi (supervisor) → two pelaksana."""
    return {
        "head": head,
        "kabid": kabid,
        "supervisor": supervisor_employee,
        "employee": employee_record,
        "other": other_employee_record,
    }


@pytest.fixture
def cycle(team, hr_staff):
    return make_cycle(hr_staff)


@pytest.fixture
def open_cycle(cycle, hr_staff):
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    cycle.refresh_from_db()
    return cycle


@pytest.fixture
def evaluation(open_cycle, employee_record):
    return open_cycle.evaluations.get(employee=employee_record)


@pytest.fixture
def sekda(db):
    """The Sekretaris Daerah, holding a JPT Madya seat in another OPD (created after any cycle
    fixture listed before it opens, so it has no evaluation of its own there)."""
    from positions import services as position_services
    from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, UserFactory

    setda = OrgUnitFactory(code="SETDA", name="Sekretariat Daerah", kind="sekretariat")
    seat = PositionFactory(
        code="P-SEKDA", title="Sekretaris Daerah", org_unit=setda, type="JPT", level="jpt_madya", kelas_jabatan=15
    )
    person = EmployeeFactory(
        user=UserFactory(username="sekda"), name="Sekretaris Daerah", birth=dt.date(1968, 4, 4), tmt=(1992, 3)
    )
    position_services.assignment_create(employee=person, position=seat, start_date=dt.date(2020, 1, 2))
    return person
