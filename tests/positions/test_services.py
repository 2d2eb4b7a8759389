import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from positions import selectors, services
from positions.models import Assignment, DisciplinaryRecord, Position, Rank
from semarang_asn.core.models import AuditEvent
from tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_an_employee_holds_at_most_one_definitive_position(org, employee_record):
    other = PositionFactory(org_unit=org["bidang"], level="pelaksana")
    with pytest.raises(ValidationError, match="definitif"):
        services.assignment_create(employee=employee_record, position=other, start_date=dt.date(2024, 1, 1))
    assert employee_record.assignments.count() == 1


def test_a_transfer_ends_the_previous_definitive_position(org, employee_record):
    other = PositionFactory(org_unit=org["bidang"], level="pelaksana")
    services.assignment_create(
        employee=employee_record, position=other, start_date=dt.date(2024, 1, 1), end_previous=True
    )
    old = employee_record.assignments.get(position=org["staff"])
    assert old.end_date == dt.date(2023, 12, 31)
    assert selectors.current_assignment(employee_record).position == other


def test_a_ja_and_a_jf_are_never_held_together(org, employee_record):
    jf = PositionFactory(org_unit=org["bidang"], type="JF", level="ahli_pertama")
    with pytest.raises(ValidationError, match="dirangkap"):
        services.assignment_create(
            employee=employee_record, position=jf, start_date=dt.date(2024, 1, 1), kind=Assignment.Kind.ACTING
        )
    assert not employee_record.assignments.filter(position=jf).exists()


def test_a_full_position_refuses_another_definitive_holder(org, supervisor_employee):
    newcomer = EmployeeFactory()
    with pytest.raises(ValidationError, match="penuh"):
        services.assignment_create(employee=newcomer, position=org["kasi"], start_date=dt.date(2024, 1, 1))


def test_vacancy_counts_derive_from_active_definitive_assignments(org, employee_record, other_employee_record):
    vacant = PositionFactory(code="P-KABID2", org_unit=org["bidang"], level="administrator", reports_to=org["head"])
    services.assignment_create(
        employee=EmployeeFactory(), position=vacant, start_date=dt.date(2024, 1, 1), kind=Assignment.Kind.ACTING
    )
    rows = {p.code: p for p in Position.objects.with_seat_counts()}
    assert (rows["P-STAF"].formasi, rows["P-STAF"].bezetting, rows["P-STAF"].vacant) == (3, 2, 1)
    assert (rows["P-KABID2"].bezetting, rows["P-KABID2"].acting, rows["P-KABID2"].vacant) == (0, 1, 1)
    assert AuditEvent.objects.filter(action="assignment.create").count() == 6


def test_the_rater_is_the_holder_of_the_superior_position(org, employee_record, supervisor_employee):
    assert selectors.direct_superior(employee_record) == supervisor_employee
    assert set(selectors.subordinates(supervisor_employee)) == {employee_record}


def test_a_rank_slotted_before_a_later_one_must_stay_below_it(employee_record):
    """III/a is recorded at TMT 2018-04-01; a III/b dated 2016 would make the history go down."""
    iii_b = Rank.objects.get(code="III/b")
    with pytest.raises(ValidationError, match="lebih rendah dari III/a"):
        services.rank_history_add(employee=employee_record, rank=iii_b, tmt=dt.date(2016, 4, 1))
    assert list(employee_record.rank_history.values_list("rank__code", flat=True)) == ["III/a"]
    assert not AuditEvent.objects.filter(action="rank.add").exists()


@pytest.mark.parametrize(
    ("code", "tmt", "message"),
    [
        ("III/a", dt.date(2022, 4, 1), "lebih tinggi dari III/a"),
        ("II/d", dt.date(2022, 4, 1), "lebih tinggi dari III/a"),
        ("III/b", dt.date(2018, 4, 1), "TMT ini"),
        ("II/d", dt.date(2016, 4, 1), None),
        ("III/b", dt.date(2022, 4, 1), None),
    ],
)
def test_rank_rules_table(code, tmt, message):
    history = [(dt.date(2018, 4, 1), Rank.objects.get(code="III/a"))]
    if message is None:
        services.check_rank_rules(rank=Rank.objects.get(code=code), tmt=tmt, history=history)
    else:
        with pytest.raises(ValidationError, match=message):
            services.check_rank_rules(rank=Rank.objects.get(code=code), tmt=tmt, history=history)


def test_a_sanction_ending_before_it_starts_is_refused_by_the_service(employee_record):
    record = DisciplinaryRecord(
        employee=employee_record,
        level="ringan",
        sanction="Teguran",
        decided_on=dt.date(2024, 2, 1),
        start_date=dt.date(2024, 2, 1),
        end_date=dt.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as raised:
        services.discipline_add(record=record)
    assert raised.value.message_dict == {"end_date": ["Tanggal berakhir sebelum tanggal mulai berlaku."]}
    assert not DisciplinaryRecord.objects.exists()


def test_an_external_appointee_gets_a_record_from_their_nip_once(db):
    from positions.models import Employee

    first = services.employee_get_or_create_by_nip(nip="198807122012022003", name="Rina Kurnia", education="S2")
    again = services.employee_get_or_create_by_nip(nip="198807122012022003", name="Nama Lain")
    assert first == again
    assert (first.birth_date, first.sex, first.education) == (dt.date(1988, 7, 12), "P", "S2")
    assert Employee.objects.filter(nip="198807122012022003").count() == 1


def test_an_invalid_nip_creates_no_record(db):
    from positions.models import Employee

    with pytest.raises(ValidationError):
        services.employee_get_or_create_by_nip(nip="198802302012022003", name="Tanggal Salah")
    assert not Employee.objects.exists()
