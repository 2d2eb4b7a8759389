import datetime as dt

import pytest
from django.http import Http404

from positions import selectors, services
from positions.models import Assignment
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, make_nip

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 6, 1)


def test_opd_summary_counts_plt_separately_and_ignores_ended_assignments(org, employee_record):
    services.assignment_create(
        employee=EmployeeFactory(nip=make_nip(seq=801)),
        position=org["staff"],
        start_date=dt.date(2021, 1, 1),
        kind="plt",
    )
    services.assignment_create(
        employee=EmployeeFactory(nip=make_nip(seq=802)),
        position=org["staff"],
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2022, 1, 1),
    )
    opd = next(o for o in selectors.opd_summary(ON) if o.pk == org["opd"].pk)
    assert (opd.formasi, opd.bezetting, opd.acting, opd.vacant) == (6, 4, 1, 2)


def test_opd_summary_lists_an_opd_without_positions_with_zeros(org):
    empty = OrgUnitFactory(code="KOSONG", name="Kecamatan Kosong", kind="kecamatan")
    opd = next(o for o in selectors.opd_summary(ON) if o.pk == empty.pk)
    assert (opd.formasi, opd.bezetting, opd.vacant, opd.surplus, opd.acting) == (0, 0, 0, 0, 0)


def test_opd_units_come_in_tree_order_with_depth(org):
    seksi = OrgUnitFactory(code="DIN01.0.1", name="Seksi di Bidang Satu", kind="subunit", parent=org["bidang"])
    sekretariat = OrgUnitFactory(code="DIN01.0", name="Sekretariat", kind="bidang", parent=org["opd"])
    units = selectors.opd_units(org["opd"])
    assert [(u.name, u.depth) for u in units] == [
        ("Dinas Contoh", 0),
        ("Sekretariat", 1),
        ("Bidang Satu", 1),
        ("Seksi di Bidang Satu", 2),
    ]
    assert seksi in units and sekretariat in units


def test_opd_table_puts_positions_under_their_unit_with_holders(org, supervisor_employee, employee_record):
    acting = EmployeeFactory(nip=make_nip(seq=803))
    Assignment.objects.create(employee=acting, position=org["staff"], start_date=dt.date(2021, 1, 1), kind="plt")
    units = selectors.opd_table(org["opd"], ON)
    bidang = next(u for u in units if u.pk == org["bidang"].pk)
    assert [p.code for p in bidang.rows] == ["P-KABID", "P-KASI", "P-STAF"]
    staff = bidang.rows[-1]
    assert [(a.employee, a.kind) for a in staff.holders] == [(employee_record, "definitive"), (acting, "plt")]
    assert (staff.vacant_seats, staff.surplus, staff.acting) == (2, 0, 1)


def test_position_page_separates_holders_from_history(org, employee_record):
    successor = EmployeeFactory(nip=make_nip(seq=804))
    services.assignment_create(
        employee=successor,
        position=org["head"],
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2019, 12, 31),
    )
    position = selectors.position_page(org["head"].pk, ON)
    assert successor not in [a.employee for a in position.holders]
    assert successor in [a.employee for a in position.history]
    assert [p.pk for p in position.subordinate_positions] == [org["kabid"].pk]


def test_position_page_of_an_unknown_id_is_404(db):
    with pytest.raises(Http404):
        selectors.position_page(12345)


def test_employee_visible_to_hr_and_self_only(hr_staff, employee, employee_record, other_employee, supervisor):
    assert selectors.employee_visible_to(hr_staff, employee_record.pk) == employee_record
    assert selectors.employee_visible_to(employee, employee_record.pk) == employee_record
    for outsider in (other_employee, supervisor):
        with pytest.raises(Http404):
            selectors.employee_visible_to(outsider, employee_record.pk)


def test_the_directory_is_empty_for_anyone_but_hr(employee, hr_staff, employee_record):
    assert not selectors.employee_directory(employee).exists()
    assert employee_record in selectors.employee_directory(hr_staff)


def test_directory_rows_attach_rank_and_position(hr_staff, employee_record, org):
    rows = selectors.directory_rows(selectors.employee_directory(hr_staff).filter(pk=employee_record.pk))
    assert (rows[0].rank.code, rows[0].position) == ("III/a", org["staff"])


def test_employee_profile_gathers_the_record(employee_record, org):
    services.competency_assessment_record(
        employee=employee_record, method="ac", assessed_on=dt.date(2024, 1, 1), levels={"M.01": 2}, potential="tinggi"
    )
    services.position_set_standard(position=org["staff"], levels={})
    profile = selectors.employee_profile(employee_record, ON)
    assert profile["current"].position == org["staff"]
    assert profile["rank"].code == "III/a"
    assert [a.position for a, active in profile["assignments"]] == [org["staff"]]
    assert len(profile["assessments"]) == 1
    assert profile["jpm"]["value"] is None  # the fixture position has no standard


def test_employee_profile_jpm_rows_give_gaps(employee_record, org):
    from positions.models import Competency

    services.position_set_standard(
        position=org["staff"], levels={Competency.objects.get(code=c).pk: 2 for c in ("M.01", "M.02")}
    )
    services.competency_assessment_record(
        employee=employee_record, method="ac", assessed_on=dt.date(2024, 1, 1), levels={"M.01": 3}
    )
    profile = selectors.employee_profile(employee_record, ON)
    assert profile["jpm_rows"] == [("M.01", 2, 3, 1), ("M.02", 2, None, -2)]
    assert str(profile["jpm"]["value"]) == "75.00"


def test_employee_profile_without_a_position_has_no_jpm(db):
    lone = EmployeeFactory(nip=make_nip(seq=805))
    profile = selectors.employee_profile(lone, ON)
    assert (profile["current"], profile["jpm"], profile["jpm_rows"]) == (None, None, [])


def test_opd_positions_excludes_inactive_positions(org):
    PositionFactory(code="P-OLD", org_unit=org["bidang"], is_active=False)
    assert "P-OLD" not in {p.code for p in selectors.opd_positions(org["opd"], ON)}


def test_latest_competency_sums_take_each_competency_from_its_latest_assessment(db):
    """The set-based sums (eligibility recompute) equal the per-employee latest levels: an
    employee assessed once, one assessed several times (a later session measuring only some
    competencies, two sessions on the same day: the later recorded wins), one never assessed."""
    once, often, never = (EmployeeFactory(nip=make_nip(seq=810 + i)) for i in range(3))

    def assess(employee, method, on, levels):
        services.competency_assessment_record(employee=employee, method=method, assessed_on=on, levels=levels)

    assess(once, "ac", dt.date(2024, 3, 1), {"M.01": 5, "M.02": 1, "SK.01": 3})
    assess(often, "ac", dt.date(2023, 1, 1), {"M.01": 2, "M.02": 4, "M.03": 5, "SK.01": 1})
    assess(often, "cact", dt.date(2024, 1, 1), {"M.01": 4})
    assess(often, "sjt", dt.date(2024, 1, 1), {"M.02": 2, "M.01": 1})
    assess(often, "ac", dt.date(2022, 1, 1), {"M.04": 3, "M.03": 1})

    def expected(employee):
        levels = list(selectors.latest_assessed_levels(employee).values())
        capped = {cap: sum(min(level, cap) for level in levels) for cap in (2, 3, 4)}
        return {"total": sum(levels), "count": len(levels), "capped": capped}

    assert expected(often) == {"total": 1 + 2 + 5 + 1 + 3, "count": 5, "capped": {2: 8, 3: 10, 4: 11}}
    sums, n_standard = selectors.latest_competency_sums(None, caps=(2, 3, 4))
    assert n_standard == 9
    assert {e.pk: sums.get(e.pk) for e in (once, often, never)} == {
        once.pk: expected(once),
        often.pk: expected(often),
        never.pk: None,
    }
    only, _n = selectors.latest_competency_sums([often.pk, never.pk], caps=(2, 3, 4))
    assert only == {often.pk: expected(often)}
