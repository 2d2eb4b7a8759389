"""The stored current rank, position and OPD of each employee (positions.current) against the
histories they are copied from, after every kind of write that changes them."""

import datetime as dt

import pytest
from django.utils import timezone

from positions import current, importing
from positions import services as position_services
from positions.models import Assignment, Employee, OrgUnit, Position, Rank, RankHistory
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, make_nip

pytestmark = pytest.mark.django_db


def from_history(on: dt.date | None = None) -> dict[int, tuple]:
    """Each employee's (rank, position, position type, OPD) on ``on`` read from the histories with the per-row
    subqueries the stored fields replace."""
    units = {u.pk: u.opd_id or u.pk for u in OrgUnit.objects.all()}
    position_unit = dict(Position.objects.values_list("pk", "org_unit_id"))
    types = dict(Position.objects.values_list("pk", "type"))
    rows = (
        Employee.objects.with_current_rank(on)
        .with_current_position(on)
        .values_list("pk", "rank_on_id", "position_on_id")
    )
    return {
        pk: (rank, position, types[position], units[position_unit[position]]) if position else (rank, None, "", None)
        for pk, rank, position in rows
    }


def stored() -> dict[int, tuple]:
    rows = Employee.objects.values_list(
        "pk", "current_rank_id", "current_position_id", "current_position_type", "current_opd_id"
    )
    return {pk: tuple(rest) for pk, *rest in rows}


def assert_consistent():
    truth = from_history()
    assert stored() == truth
    return truth


def rank(code: str) -> Rank:
    return Rank.objects.get(code=code)


def test_the_stored_fields_follow_every_service_that_changes_a_history(
    org, hr_staff, head, kabid, supervisor_employee, employee_record, other_employee_record
):
    today = timezone.localdate()
    assert_consistent()
    assert stored()[employee_record.pk] == (rank("III/a").pk, org["staff"].pk, "JA", org["opd"].pk)

    # A rank change, then a correction of its TMT into the future (the earlier rank is current again).
    row = position_services.rank_history_add(employee=employee_record, rank=rank("III/b"), tmt=today)
    assert stored()[employee_record.pk][0] == rank("III/b").pk
    assert_consistent()
    position_services.rank_history_update(
        row=row, rank=rank("III/b"), tmt=today + dt.timedelta(days=30), kind=RankHistory.Kind.REGULAR
    )
    assert stored()[employee_record.pk][0] == rank("III/a").pk
    assert_consistent()

    # A move to a seat in another OPD, ending the previous definitive assignment.
    other_opd = OrgUnitFactory(code="DIN02", name="Dinas Lain")
    elsewhere = PositionFactory(code="P-LAIN", org_unit=other_opd, formasi=2)
    moved = position_services.assignment_create(
        employee=employee_record, position=elsewhere, start_date=today - dt.timedelta(days=3), end_previous=True
    )
    assert stored()[employee_record.pk][1:] == (elsewhere.pk, "JA", other_opd.pk)
    assert_consistent()

    # A Plt on top of a definitive post does not replace it; ending the definitive post does.
    acting = position_services.assignment_create(
        employee=employee_record, position=org["kabid"], start_date=today - dt.timedelta(days=2), kind="plt"
    )
    assert stored()[employee_record.pk][1] == elsewhere.pk
    position_services.assignment_end(assignment=moved, end_date=today - dt.timedelta(days=1))
    assert stored()[employee_record.pk][1:] == (org["kabid"].pk, "JA", org["opd"].pk)
    assert_consistent()

    # A correction of an assignment's seat.
    position_services.assignment_update(assignment=acting, position=elsewhere, kind="plt", start_date=acting.start_date)
    assert stored()[employee_record.pk][1:] == (elsewhere.pk, "JA", other_opd.pk)
    assert_consistent()

    # An employee with no post and no rank has none stored.
    nobody = position_services.employee_get_or_create_by_nip(nip=make_nip(seq=901), name="Baru")
    assert stored()[nobody.pk] == (None, None, "", None)
    assert_consistent()

    # The import: a new employee with rank and post, and an update of a stored one.
    nip = make_nip(dt.date(1992, 4, 10), (2018, 3), "P", 12)
    header = "nip,nama,gelar_depan,gelar_belakang,tempat_lahir,tanggal_lahir,jenis_kelamin,jenis_kepegawaian,"
    header += "pendidikan,status,golongan,tmt_golongan,kode_jabatan,tmt_jabatan"
    rows = [
        f"{nip},Siti Rahayu,,S.E.,Semarang,1992-04-10,P,PNS,S1,aktif,III/a,2018-03-01,P-LAIN,2023-01-01",
    ]
    dataset = importing.read_dataset("\n".join([header, *rows]).encode(), "csv")
    report = importing.import_employees(dataset, actor=hr_staff, allow_update=True, commit=True)
    assert report.applied, [r.errors for r in report.rows]
    imported = Employee.objects.get(nip=nip)
    assert stored()[imported.pk] == (rank("III/a").pk, elsewhere.pk, "JA", other_opd.pk)
    assert_consistent()

    # The unit tree changes: a position moves to another OPD, then a whole bidang does.
    org["staff"].org_unit = other_opd
    position_services.position_save(position=org["staff"])
    assert stored()[other_employee_record.pk][3] == other_opd.pk
    assert_consistent()
    bidang = org["bidang"]
    bidang.parent = other_opd
    position_services.orgunit_save(unit=bidang)
    assert stored()[supervisor_employee.pk][3] == other_opd.pk
    assert_consistent()
    # A position becomes functional: its holder's stored type follows.
    kasi = org["kasi"]
    kasi.type, kasi.level = Position.Type.JF, Position.Level.AHLI_MUDA
    position_services.position_save(position=kasi)
    assert stored()[supervisor_employee.pk][2] == "JF"
    assert_consistent()


def test_the_nightly_refresh_applies_what_takes_effect_on_its_day(org, employee_record):
    today = timezone.localdate()
    later = today + dt.timedelta(days=40)
    position_services.rank_history_add(employee=employee_record, rank=rank("III/b"), tmt=later)
    ended = Assignment.objects.get(employee=employee_record, end_date__isnull=True)
    position_services.assignment_end(assignment=ended, end_date=today + dt.timedelta(days=10))
    assert stored()[employee_record.pk] == (rank("III/a").pk, org["staff"].pk, "JA", org["opd"].pk)

    assert current.refresh(on=later) == 1
    assert stored() == from_history(later)
    assert stored()[employee_record.pk] == (rank("III/b").pk, None, "", None)
    assert current.refresh(on=later) == 0  # nothing left to change


def test_refresh_repairs_only_the_employees_asked_for(org, employee_record, other_employee_record):
    Employee.objects.update(current_rank=None, current_position=None, current_position_type="", current_opd=None)
    assert current.refresh([employee_record.pk]) == 1
    assert stored()[employee_record.pk] != (None, None, "", None)
    assert stored()[other_employee_record.pk] == (None, None, "", None)
    assert current.refresh() >= 1
    assert_consistent()


def test_refresh_takes_the_employees_in_chunks(org, employee_record, monkeypatch):
    people = [EmployeeFactory(nip=make_nip(seq=700 + i)) for i in range(5)]
    for person in people:
        Assignment.objects.create(employee=person, position=org["staff"], start_date=dt.date(2021, 1, 1), kind="plt")
    monkeypatch.setattr(current, "CHUNK", 2)
    assert current.refresh([p.pk for p in people]) == 5
    assert_consistent()
