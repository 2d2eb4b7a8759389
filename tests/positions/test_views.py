import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from positions import services
from positions.models import Assignment, DisciplinaryRecord, Employee, OrgUnit, Position, Rank, RankHistory
from semarang_asn.core.models import AuditEvent
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, make_nip

pytestmark = pytest.mark.django_db
_SEQ = itertools.count(100)

HR_PAGES = [
    ("positions:opd_list", False),
    ("positions:opd_detail", "opd"),
    ("positions:orgunit_create", False),
    ("positions:orgunit_edit", "bidang"),
    ("positions:position_create", False),
    ("positions:position_detail", "staff"),
    ("positions:position_edit", "staff"),
    ("positions:position_standard", "staff"),
    ("positions:employee_list", False),
    ("positions:employee_create", False),
    ("positions:import", False),
]


def _url(name, arg, org):
    return reverse(name, args=[org[arg].pk]) if arg else reverse(name)


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "arg"), HR_PAGES)
def test_hr_pages_send_anonymous_visitors_to_the_login_page(anonymous, org, name, arg):
    response = anonymous.get(_url(name, arg, org))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "arg"), HR_PAGES)
@pytest.mark.parametrize("persona", ["employee", "supervisor", "assessor"])
def test_hr_pages_are_forbidden_to_other_roles(client_for, request, org, name, arg, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(_url(name, arg, org))
    assert response.status_code == 403
    assert "Pengolah Data" not in response.content.decode()


@pytest.mark.parametrize(("name", "arg"), HR_PAGES)
def test_hr_pages_open_for_hr_staff(client_for, hr_staff, org, name, arg):
    assert client_for(hr_staff).get(_url(name, arg, org)).status_code == 200


def test_employee_record_pages_are_forbidden_to_an_employee(client_for, employee, employee_record):
    client = client_for(employee)
    a = employee_record.assignments.get()
    for url in (
        reverse("positions:employee_edit", args=[employee_record.pk]),
        reverse("positions:assignment_add", args=[employee_record.pk]),
        reverse("positions:rank_add", args=[employee_record.pk]),
        reverse("positions:discipline_add", args=[employee_record.pk]),
        reverse("positions:assignment_end", args=[a.pk]),
        reverse("positions:employee_export", args=["csv"]),
        reverse("positions:position_export", args=["csv"]),
        reverse("positions:import_template", args=["employees"]),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url


# --- OPD pages ----------------------------------------------------------------------------


def test_the_opd_list_shows_totals_with_vacancy_summed_per_position(client_for, hr_staff, org, employee_record):
    # head, kabid and kasi are filled; staff has formasi 3 and one holder → 2 vacant.
    response = client_for(hr_staff).get(reverse("positions:opd_list"))
    opd = next(o for o in response.context["opds"] if o.pk == org["opd"].pk)
    assert (opd.formasi, opd.bezetting, opd.vacant, opd.surplus) == (6, 4, 2, 0)
    assert "Dinas Contoh" in response.content.decode()


def test_a_surplus_on_one_position_does_not_fill_a_vacant_seat_on_another(org, employee_record):
    from positions import selectors

    # Written directly: the services refuse a surplus, but data imported from elsewhere may carry one.
    extra = EmployeeFactory(nip=make_nip(seq=901))
    Assignment.objects.create(employee=extra, position=org["kasi"], start_date=dt.date(2020, 1, 1))
    opd = next(o for o in selectors.opd_summary() if o.pk == org["opd"].pk)
    # kasi: formasi 1, bezetting 2 → surplus 1; staff: 2 vacant. Netting totals would give 1 vacant.
    assert (opd.formasi, opd.bezetting, opd.vacant, opd.surplus) == (6, 5, 2, 1)


def test_the_opd_page_lists_units_positions_seats_and_holders(
    client_for, hr_staff, org, supervisor_employee, employee_record
):
    acting = EmployeeFactory(nip=make_nip(seq=950), name="Pelaksana Tugas Kabid")
    services.assignment_create(employee=acting, position=org["kabid"], start_date=dt.date(2024, 1, 1), kind="plt")
    response = client_for(hr_staff).get(reverse("positions:opd_detail", args=[org["opd"].pk]))
    body = response.content.decode()
    assert "Bidang Satu" in body
    assert "Pengolah Data" in body
    assert supervisor_employee.full_name in body
    assert "Pelaksana Tugas Kabid" in body and "Plt" in body
    staff = next(p for u in response.context["units"] for p in u.rows if p.pk == org["staff"].pk)
    assert (staff.formasi, staff.bezetting, staff.vacant_seats) == (3, 1, 2)
    assert response.context["totals"]["acting"] == 1


def test_the_opd_page_shows_the_first_holders_and_how_many_more(
    client_for, hr_staff, org, employee_record, other_employee_record, monkeypatch
):
    from positions import selectors

    monkeypatch.setattr(selectors, "OPD_TABLE_HOLDERS", 1)
    response = client_for(hr_staff).get(reverse("positions:opd_detail", args=[org["opd"].pk]))
    staff = next(p for u in response.context["units"] for p in u.rows if p.pk == org["staff"].pk)
    assert len(staff.holders) == 1 and staff.more_holders == 1
    body = response.content.decode()
    assert "dan 1 pemangku lain" in body
    assert f'href="{reverse("positions:employee_detail", args=[staff.holders[0].employee_id])}"' in body
    assert f'href="{reverse("positions:position_detail", args=[org["staff"].pk])}"' in body


def _grow_org(org, n, prefix):
    """n more units, each with a filled position and a vacant one, and n more OPDs."""
    for i in range(n):
        unit = OrgUnitFactory(code=f"DIN01.{prefix}{i}", kind="subunit", parent=org["bidang"])
        filled = PositionFactory(org_unit=unit, reports_to=org["kasi"])
        PositionFactory(org_unit=unit, reports_to=org["kasi"])
        employee = EmployeeFactory(nip=make_nip(seq=next(_SEQ)))
        services.assignment_create(employee=employee, position=filled, start_date=dt.date(2021, 1, 1))
        OrgUnitFactory(code=f"OPD{prefix}{i}")


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["positions:opd_list", "positions:opd_detail"])
def test_opd_pages_use_the_same_number_of_queries_at_two_data_sizes(
    client_for, hr_staff, org, employee_record, name, django_assert_max_num_queries
):
    client = client_for(hr_staff)
    url = reverse(name, args=[org["opd"].pk]) if name.endswith("detail") else reverse(name)
    _grow_org(org, 2, "A")
    small = _count_queries(client, url)
    _grow_org(org, 15, "B")
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200


def test_an_unknown_or_non_root_opd_is_not_found(client_for, hr_staff, org):
    client = client_for(hr_staff)
    assert client.get(reverse("positions:opd_detail", args=[org["bidang"].pk])).status_code == 404
    assert client.get(reverse("positions:opd_detail", args=[99999])).status_code == 404


# --- org unit forms -----------------------------------------------------------------------


def test_hr_adds_a_unit_under_an_opd(client_for, hr_staff, org):
    response = client_for(hr_staff).post(
        reverse("positions:orgunit_create"),
        {"code": "DIN01.2", "name": "Bidang Dua", "kind": "bidang", "parent": org["opd"].pk, "is_active": "on"},
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get(code="DIN01.2")
    assert unit.opd == org["opd"]
    assert response.url == reverse("positions:opd_detail", args=[org["opd"].pk])


def test_a_unit_with_a_duplicate_code_re_renders_with_errors(client_for, hr_staff, org):
    response = client_for(hr_staff).post(
        reverse("positions:orgunit_create"), {"code": "DIN01.1", "name": "Kembar", "kind": "bidang"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert not OrgUnit.objects.filter(name="Kembar").exists()


def test_a_unit_cannot_become_its_own_ancestor(client_for, hr_staff, org):
    child = OrgUnitFactory(code="DIN01.1.1", kind="subunit", parent=org["bidang"])
    response = client_for(hr_staff).post(
        reverse("positions:orgunit_edit", args=[org["bidang"].pk]),
        {"code": "DIN01.1", "name": "Bidang Satu", "kind": "bidang", "parent": child.pk},
    )
    assert response.status_code == 400
    assert "lingkaran" in str(response.context["form"].errors)
    org["bidang"].refresh_from_db()
    assert org["bidang"].parent == org["opd"]


# --- position forms -----------------------------------------------------------------------


def _position_data(org, **over):
    data = {
        "code": "P-NEW",
        "title": "Analis SDM Aparatur",
        "org_unit": org["bidang"].pk,
        "type": "JF",
        "level": "ahli_pertama",
        "kelas_jabatan": 8,
        "formasi": 2,
        "reports_to": org["kabid"].pk,
        "is_active": "on",
    }
    data.update(over)
    return data


def test_hr_adds_a_position_which_gets_the_default_standard(client_for, hr_staff, org):
    response = client_for(hr_staff).post(reverse("positions:position_create"), _position_data(org))
    assert response.status_code == 302
    position = Position.objects.get(code="P-NEW")
    assert position.reports_to == org["kabid"]
    assert position.standard.count() == 9  # M.01–M.08 and SK.01 at level 1
    assert response.url == reverse("positions:opd_detail", args=[org["opd"].pk])


def test_a_level_of_another_type_re_renders_with_errors_and_writes_nothing(client_for, hr_staff, org):
    response = client_for(hr_staff).post(reverse("positions:position_create"), _position_data(org, level="pengawas"))
    assert response.status_code == 400
    assert response.context["form"].errors["level"]
    assert not Position.objects.filter(code="P-NEW").exists()


def test_unit_and_superior_choices_carry_their_codes(client_for, hr_staff, org):
    """Names such as "Sekretariat" repeat in every OPD; the code tells them apart."""
    body = client_for(hr_staff).get(reverse("positions:position_edit", args=[org["staff"].pk])).content.decode()
    assert f">{org['bidang'].code} · {org['bidang'].name}</option>" in body
    assert f">{org['kasi'].code} · {org['kasi'].title}</option>" in body
    body = client_for(hr_staff).get(reverse("positions:orgunit_edit", args=[org["bidang"].pk])).content.decode()
    assert f">{org['opd'].code} · {org['opd'].name}</option>" in body


def test_formasi_below_bezetting_is_refused_in_the_form(client_for, hr_staff, org, employee_record):
    services.assignment_create(
        employee=EmployeeFactory(nip=make_nip(seq=777)), position=org["staff"], start_date=dt.date(2021, 1, 1)
    )
    data = _position_data(
        org, code="P-STAF", title="Pengolah Data", type="JA", level="pelaksana", formasi=1, reports_to=org["kasi"].pk
    )
    response = client_for(hr_staff).post(reverse("positions:position_edit", args=[org["staff"].pk]), data)
    assert response.status_code == 400
    assert "bezetting" in str(response.context["form"].errors["formasi"])
    org["staff"].refresh_from_db()
    assert org["staff"].formasi == 3


def test_the_position_page_shows_holders_history_subordinates_and_standard(
    client_for, hr_staff, org, supervisor_employee, employee_record
):
    services.position_set_standard(position=org["kasi"], levels={})
    response = client_for(hr_staff).get(reverse("positions:position_detail", args=[org["kasi"].pk]))
    body = response.content.decode()
    position = response.context["position"]
    assert [a.employee for a in position.holders] == [supervisor_employee]
    assert [p.pk for p in position.subordinate_positions] == [org["staff"].pk]
    assert "Kepala Bidang Satu" in body  # reports_to
    assert "Pengolah Data" in body


def test_hr_edits_the_competency_standard(client_for, hr_staff, org):
    from positions.models import Competency

    m01 = Competency.objects.get(code="M.01")
    m02 = Competency.objects.get(code="M.02")
    form_data = {f"c{c.pk}": "" for c in Competency.objects.all()}
    form_data.update({f"c{m01.pk}": "3", f"c{m02.pk}": "2"})
    response = client_for(hr_staff).post(reverse("positions:position_standard", args=[org["staff"].pk]), form_data)
    assert response.status_code == 302
    assert dict(org["staff"].standard.values_list("competency__code", "required_level")) == {"M.01": 3, "M.02": 2}
    event = AuditEvent.objects.get(action="position.standard")
    assert (event.actor, event.after) == (hr_staff, {"M.01": 3, "M.02": 2})


def test_a_standard_level_out_of_range_re_renders_and_keeps_the_old_standard(client_for, hr_staff, org):
    from positions.models import Competency

    before = list(org["staff"].standard.values_list("competency__code", "required_level"))
    m01 = Competency.objects.get(code="M.01")
    response = client_for(hr_staff).post(
        reverse("positions:position_standard", args=[org["staff"].pk]), {f"c{m01.pk}": "7"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert list(org["staff"].standard.values_list("competency__code", "required_level")) == before


# --- employee directory -------------------------------------------------------------------


def test_the_directory_filters_by_opd_rank_type_and_status(client_for, hr_staff, org, employee_record, head):
    other_opd = OrgUnitFactory(code="DIN02", name="Dinas Lain")
    elsewhere = PositionFactory(org_unit=other_opd, type="JF", level="ahli_muda")
    outsider = EmployeeFactory(nip=make_nip(seq=501), name="Orang Dinas Lain", status="leave")
    services.assignment_create(employee=outsider, position=elsewhere, start_date=dt.date(2021, 1, 1))
    client = client_for(hr_staff)
    url = reverse("positions:employee_list")

    def names(params):
        return {e["name"] for e in client.get(url, params).context["rows"]}

    assert names({"opd": other_opd.pk}) == {"Orang Dinas Lain"}
    assert employee_record.name in names({"opd": org["opd"].pk})
    assert names({"position_type": "JF"}) == {"Orang Dinas Lain"}
    assert names({"position_type": "JPT"}) == {head.name}
    assert names({"status": "leave"}) == {"Orang Dinas Lain"}
    assert names({"rank": Rank.objects.get(code="IV/b").pk}) == {head.name}


def test_the_directory_rank_filter_reads_golongan_first(client_for, hr_staff):
    body = client_for(hr_staff).get(reverse("positions:employee_list")).content.decode()
    assert ">III/a Penata Muda</option>" in body


def test_the_directory_searches_by_nip_with_spaces_or_by_name(client_for, hr_staff, employee_record, head):
    client = client_for(hr_staff)
    url = reverse("positions:employee_list")
    spaced = f"{employee_record.nip[:8]} {employee_record.nip[8:14]}"
    assert [e["pk"] for e in client.get(url, {"q": spaced}).context["rows"]] == [employee_record.pk]
    assert [e["pk"] for e in client.get(url, {"q": head.name.lower()}).context["rows"]] == [head.pk]


def test_the_directory_shows_rank_position_and_opd(client_for, hr_staff, employee_record):
    body = client_for(hr_staff).get(reverse("positions:employee_list")).content.decode()
    assert employee_record.nip in body
    assert "III/a" in body
    assert "Pengolah Data" in body
    assert "Dinas Contoh" in body


def test_the_directory_uses_the_same_number_of_queries_at_two_data_sizes(
    client_for, hr_staff, org, employee_record, django_assert_max_num_queries
):
    client = client_for(hr_staff)
    url = reverse("positions:employee_list")
    small = _count_queries(client, url, {"opd": org["opd"].pk})
    for _ in range(30):
        e = EmployeeFactory(nip=make_nip(seq=next(_SEQ)))
        services.rank_history_add(employee=e, rank=employee_record.rank_history.get().rank, tmt=dt.date(2019, 1, 1))
        services.assignment_create(
            employee=e, position=PositionFactory(org_unit=org["bidang"]), start_date=dt.date(2021, 1, 1)
        )
    with django_assert_max_num_queries(small):
        response = client.get(url, {"opd": org["opd"].pk})
    assert len(response.context["rows"]) == 34  # the four persona employees and thirty more


def test_the_directory_paginates(client_for, hr_staff, db):
    for i in range(55):
        EmployeeFactory(nip=make_nip(seq=i + 1))
    client = client_for(hr_staff)
    first = client.get(reverse("positions:employee_list"))
    assert len(first.context["rows"]) == 50
    second = client.get(reverse("positions:employee_list"), {"page": 2})
    assert len(second.context["rows"]) == 5


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_directory_exports_the_filtered_list(client_for, hr_staff, org, employee_record, head, fmt):
    import tablib

    response = client_for(hr_staff).get(reverse("positions:employee_export", args=[fmt]), {"q": employee_record.nip})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    content = response.content if fmt == "xlsx" else response.content.decode("utf-8-sig")
    data = tablib.Dataset().load(content, format=fmt)
    assert [row["NIP"] for row in data.dict] == [employee_record.nip]
    row = data.dict[0]
    # XLSX holds a real date cell, CSV its ISO text.
    assert (row["Golongan"], row["Kode jabatan"], str(row["TMT jabatan"])[:10]) == ("III/a", "P-STAF", "2020-01-02")


# --- employee profile ---------------------------------------------------------------------


def test_an_employee_sees_their_own_profile_with_record_and_jpm(client_for, employee, employee_record, org):
    from positions.models import Competency

    standard = {c.pk: 1 for c in Competency.objects.exclude(kind="technical")}
    services.position_set_standard(position=org["staff"], levels=standard)
    services.competency_assessment_record(
        employee=employee_record, method="ac", assessed_on=dt.date(2024, 5, 1), levels={"M.01": 1, "M.02": 1}
    )
    response = client_for(employee).get(reverse("positions:employee_detail", args=[employee_record.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert employee_record.nip in body
    assert "Pengolah Data" in body
    assert "Penata Muda" in body
    jpm = response.context["jpm"]
    # Standard: 9 competencies at level 1; two assessed at 1 → 2/9.
    assert str(jpm["value"]) == "22.22"
    assert "Kurang Memenuhi Syarat" in body
    assert reverse("positions:employee_edit", args=[employee_record.pk]) not in body


def test_the_profile_shows_the_opd_and_an_acting_post_beside_the_definitive_one(
    client_for, hr_staff, org, employee_record
):
    services.assignment_create(
        employee=employee_record, position=org["kasi"], kind="plt", start_date=dt.date(2024, 5, 2)
    )
    response = client_for(hr_staff).get(reverse("positions:employee_detail", args=[employee_record.pk]))
    assert response.context["current"].position == org["staff"]
    body = response.content.decode()
    card = body[body.index("Jabatan dan pangkat saat ini") : body.index('id="jpm"')]
    assert org["opd"].name in card
    assert "current-also" in card and org["kasi"].title in card and "2 Mei 2024" in card


def test_an_employee_gets_404_for_another_employees_profile_and_sees_none_of_it(
    client_for, employee, other_employee_record
):
    response = client_for(employee).get(reverse("positions:employee_detail", args=[other_employee_record.pk]))
    assert response.status_code == 404
    assert other_employee_record.nip not in response.content.decode()
    assert other_employee_record.name not in response.content.decode()


def test_a_supervisor_gets_404_for_a_subordinates_profile(client_for, supervisor, employee_record):
    assert (
        client_for(supervisor).get(reverse("positions:employee_detail", args=[employee_record.pk])).status_code == 404
    )


def test_the_profile_sends_anonymous_visitors_to_login(anonymous, employee_record):
    response = anonymous.get(reverse("positions:employee_detail", args=[employee_record.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_hr_sees_any_profile_with_edit_links(client_for, hr_staff, employee_record):
    DisciplinaryRecord.objects.create(
        employee=employee_record,
        level="ringan",
        sanction="Teguran lisan",
        decided_on=dt.date(2023, 1, 1),
        start_date=dt.date(2023, 1, 1),
    )
    body = client_for(hr_staff).get(reverse("positions:employee_detail", args=[employee_record.pk])).content.decode()
    assert "Teguran lisan" in body
    assert reverse("positions:employee_edit", args=[employee_record.pk]) in body


def test_my_profile_redirects_to_the_employees_own_page(client_for, employee, employee_record, hr_staff):
    response = client_for(employee).get(reverse("positions:my_profile"))
    assert response.url == reverse("positions:employee_detail", args=[employee_record.pk])
    hr_page = client_for(hr_staff).get(reverse("positions:my_profile"))
    assert hr_page.status_code == 200 and "Akun Anda tidak terhubung dengan data pegawai" in hr_page.content.decode()
    assert reverse("positions:employee_list") in hr_page.content.decode()  # what HR can do instead


# --- employee forms -----------------------------------------------------------------------


def _employee_data(**over):
    data = {
        "nip": "19900315 201501 1 003",
        "name": "Budi Santoso",
        "back_title": "S.Kom.",
        "birth_date": "1990-03-15",
        "sex": "L",
        "employment_type": "PNS",
        "education": "S1",
        "status": "active",
    }
    data.update(over)
    return data


def test_hr_adds_an_employee_and_nip_spaces_are_removed(client_for, hr_staff):
    response = client_for(hr_staff).post(reverse("positions:employee_create"), _employee_data())
    employee = Employee.objects.get(name="Budi Santoso")
    assert employee.nip == "199003152015011003"
    assert response.url == reverse("positions:employee_detail", args=[employee.pk])


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"birth_date": "1990-03-16"}, "birth_date"),
        ({"sex": "P"}, "sex"),
        ({"nip": "1990031520150110"}, "nip"),
        ({"nip": "199013152015011003"}, "nip"),
    ],
)
def test_an_employee_whose_data_disagrees_with_the_nip_is_refused_in_the_form(client_for, hr_staff, over, field):
    response = client_for(hr_staff).post(reverse("positions:employee_create"), _employee_data(**over))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Employee.objects.filter(name="Budi Santoso").exists()


def test_a_duplicate_nip_is_refused(client_for, hr_staff, employee_record):
    response = client_for(hr_staff).post(
        reverse("positions:employee_create"),
        _employee_data(nip=employee_record.nip, birth_date="1990-01-01", name="Kembar"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["nip"]
    assert not Employee.objects.filter(name="Kembar").exists()


def test_hr_edits_an_employee(client_for, hr_staff, employee_record):
    data = _employee_data(nip=employee_record.nip, birth_date="1990-01-01", name="Nama Baru", status="leave")
    response = client_for(hr_staff).post(reverse("positions:employee_edit", args=[employee_record.pk]), data)
    assert response.status_code == 302
    employee_record.refresh_from_db()
    assert (employee_record.name, employee_record.status) == ("Nama Baru", "leave")


def test_hr_transfers_an_employee_ending_the_previous_position(client_for, hr_staff, org, employee_record):
    target = PositionFactory(code="P-LAIN", org_unit=org["bidang"])
    response = client_for(hr_staff).post(
        reverse("positions:assignment_add", args=[employee_record.pk]),
        {"position": "P-LAIN", "kind": "definitive", "start_date": "2024-07-01", "end_previous": "on"},
    )
    assert response.status_code == 302
    old = employee_record.assignments.get(position=org["staff"])
    assert old.end_date == dt.date(2024, 6, 30)
    assert employee_record.assignments.get(position=target).end_date is None
    assert AuditEvent.objects.filter(action="assignment.create", actor=hr_staff).exists()


def test_a_second_definitive_position_is_refused_in_the_form(client_for, hr_staff, org, employee_record):
    PositionFactory(code="P-LAIN", org_unit=org["bidang"])
    response = client_for(hr_staff).post(
        reverse("positions:assignment_add", args=[employee_record.pk]),
        {"position": "P-LAIN", "kind": "definitive", "start_date": "2024-07-01"},
    )
    assert response.status_code == 400
    assert "definitif" in str(response.context["form"].non_field_errors())
    assert employee_record.assignments.count() == 1


def test_an_unknown_position_code_is_a_field_error(client_for, hr_staff, employee_record):
    response = client_for(hr_staff).post(
        reverse("positions:assignment_add", args=[employee_record.pk]),
        {"position": "NOPE", "kind": "definitive", "start_date": "2024-07-01"},
    )
    assert response.context["form"].errors["position"]


def test_hr_ends_an_assignment(client_for, hr_staff, employee_record):
    a = employee_record.assignments.get()
    response = client_for(hr_staff).post(
        reverse("positions:assignment_end", args=[a.pk]), {"end_date": "2024-12-31", "reason": "Pensiun"}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.end_date == dt.date(2024, 12, 31)


def test_an_end_date_before_the_start_re_renders(client_for, hr_staff, employee_record):
    a = employee_record.assignments.get()
    response = client_for(hr_staff).post(reverse("positions:assignment_end", args=[a.pk]), {"end_date": "2019-01-01"})
    assert response.status_code == 400
    assert response.context["form"].errors["end_date"]
    a.refresh_from_db()
    assert a.end_date is None


def test_hr_adds_a_rank_promotion(client_for, hr_staff, employee_record):
    from positions.models import Rank

    rank = Rank.objects.get(code="III/b")
    response = client_for(hr_staff).post(
        reverse("positions:rank_add", args=[employee_record.pk]),
        {"rank": rank.pk, "tmt": "2022-04-01", "kind": "reguler", "decree_number": "SK-1"},
    )
    assert response.status_code == 302
    assert employee_record.rank_history.first().rank == rank


def test_a_lower_rank_is_refused_in_the_form(client_for, hr_staff, employee_record):
    from positions.models import Rank

    response = client_for(hr_staff).post(
        reverse("positions:rank_add", args=[employee_record.pk]),
        {"rank": Rank.objects.get(code="II/d").pk, "tmt": "2022-04-01", "kind": "reguler"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["rank"]
    assert RankHistory.objects.filter(employee=employee_record).count() == 1


def test_hr_records_a_disciplinary_sanction(client_for, hr_staff, employee_record):
    response = client_for(hr_staff).post(
        reverse("positions:discipline_add", args=[employee_record.pk]),
        {
            "level": "sedang",
            "sanction": "Pemotongan tunjangan kinerja",
            "decided_on": "2024-02-01",
            "start_date": "2024-02-01",
            "end_date": "2024-08-01",
        },
    )
    assert response.status_code == 302
    assert employee_record.discipline.get().level == "sedang"


def test_a_sanction_ending_before_it_starts_is_refused(client_for, hr_staff, employee_record):
    response = client_for(hr_staff).post(
        reverse("positions:discipline_add", args=[employee_record.pk]),
        {
            "level": "ringan",
            "sanction": "Teguran",
            "decided_on": "2024-02-01",
            "start_date": "2024-02-01",
            "end_date": "2024-01-01",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"end_date": ["Tanggal berakhir sebelum tanggal mulai berlaku."]}
    assert "discipline_end_after_start" not in response.content.decode()
    assert not employee_record.discipline.exists()


def test_an_assignment_ending_before_it_starts_is_refused_in_plain_words(client_for, hr_staff, org, employee_record):
    response = client_for(hr_staff).post(
        reverse("positions:assignment_add", args=[employee_record.pk]),
        {"position": org["kasi"].code, "kind": "plt", "start_date": "2024-02-01", "end_date": "2024-01-01"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"end_date": ["Tanggal selesai sebelum TMT mulai."]}
    assert "assignment_end_after_start" not in response.content.decode()
    assert employee_record.assignments.count() == 1


def test_a_sanction_starting_before_its_decision_is_refused(client_for, hr_staff, employee_record):
    response = client_for(hr_staff).post(
        reverse("positions:discipline_add", args=[employee_record.pk]),
        {"level": "ringan", "sanction": "Teguran", "decided_on": "2025-01-10", "start_date": "2024-12-01"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "start_date": ["Hukuman tidak dapat berlaku sebelum tanggal keputusannya."]
    }
    assert not employee_record.discipline.exists()


# --- corrections of the record ------------------------------------------------------------


def test_hr_corrects_a_rank_entry_with_an_audited_reason(client_for, hr_staff, employee_record):
    row = employee_record.rank_history.get()
    response = client_for(hr_staff).post(
        reverse("positions:rank_edit", args=[row.pk]),
        {
            "rank": row.rank_id,
            "tmt": "2018-05-01",
            "kind": "reguler",
            "decree_number": "SK-1",
            "reason": "Salah ketik TMT",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.tmt, row.decree_number) == (dt.date(2018, 5, 1), "SK-1")
    event = AuditEvent.objects.get(action="rank.update")
    assert (event.before["tmt"], event.after["tmt"], event.reason) == ("2018-04-01", "2018-05-01", "Salah ketik TMT")


def test_a_rank_correction_that_breaks_the_order_is_refused_and_changes_nothing(client_for, hr_staff, employee_record):
    services.rank_history_add(
        employee=employee_record,
        rank=Rank.objects.get(code="III/b"),
        tmt=dt.date(2022, 4, 1),
    )
    first = employee_record.rank_history.get(tmt=dt.date(2018, 4, 1))
    response = client_for(hr_staff).post(
        reverse("positions:rank_edit", args=[first.pk]),
        {
            "rank": Rank.objects.get(code="III/c").pk,
            "tmt": "2018-04-01",
            "kind": "reguler",
            "reason": "uji",
        },
    )
    assert response.status_code == 400
    assert "lebih rendah dari III/b" in str(response.context["form"].errors)
    first.refresh_from_db()
    assert first.rank.code == "III/a"
    assert not AuditEvent.objects.filter(action="rank.update").exists()


def test_hr_corrects_an_assignments_tmt(client_for, hr_staff, org, employee_record):
    assignment = employee_record.assignments.get()
    response = client_for(hr_staff).post(
        reverse("positions:assignment_edit", args=[assignment.pk]),
        {"position": "P-STAF", "kind": "definitive", "start_date": "2020-03-02", "reason": "SK dibetulkan"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.start_date == dt.date(2020, 3, 2)
    event = AuditEvent.objects.get(action="assignment.update")
    assert (event.after["start_date"], event.reason) == ("2020-03-02", "SK dibetulkan")


def test_an_assignment_correction_onto_a_full_seat_is_refused(
    client_for, hr_staff, org, employee_record, supervisor_employee
):
    assignment = employee_record.assignments.get()
    response = client_for(hr_staff).post(
        reverse("positions:assignment_edit", args=[assignment.pk]),
        {"position": "P-KASI", "kind": "definitive", "start_date": "2020-03-02", "reason": "uji"},
    )
    assert response.status_code == 400
    assert "(P-KASI) sudah penuh" in str(response.context["form"].errors)
    assignment.refresh_from_db()
    assert assignment.position == org["staff"]
    assert not AuditEvent.objects.filter(action="assignment.update").exists()


def test_only_hr_may_correct_the_record(client_for, employee, other_employee_record, anonymous):
    rank = other_employee_record.rank_history.get()
    assignment = other_employee_record.assignments.get()
    for url in [
        reverse("positions:rank_edit", args=[rank.pk]),
        reverse("positions:assignment_edit", args=[assignment.pk]),
    ]:
        assert client_for(employee).get(url).status_code == 403
        assert client_for(employee).post(url, {"tmt": "2000-01-01"}).status_code == 403
        assert anonymous.get(url).status_code == 302
    rank.refresh_from_db()
    assert rank.tmt == dt.date(2018, 4, 1)


def test_the_profile_offers_corrections_to_hr_only(client_for, hr_staff, employee, employee_record):
    url = reverse("positions:employee_detail", args=[employee_record.pk])
    edit = reverse("positions:rank_edit", args=[employee_record.rank_history.get().pk])
    assert edit in client_for(hr_staff).get(url).content.decode()
    assert edit not in client_for(employee).get(url).content.decode()


def _sanction(employee_record):
    return services.discipline_add(
        record=DisciplinaryRecord(
            employee=employee_record,
            level="ringan",
            sanction="Teguran lisan",
            decided_on=dt.date(2024, 2, 1),
            start_date=dt.date(2024, 2, 1),
        )
    )


def test_hr_corrects_a_sanction_with_an_audited_reason(client_for, hr_staff, employee_record):
    record = _sanction(employee_record)
    data = {"level": "sedang", "sanction": "Teguran lisan", "decided_on": "2024-02-01", "start_date": "2024-02-01"}
    response = client_for(hr_staff).post(
        reverse("positions:discipline_edit", args=[record.pk]), {**data, "reason": "Salah tingkat"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.level == "sedang"
    event = AuditEvent.objects.get(action="discipline.update")
    assert (event.before["level"], event.after["level"], event.reason) == ("ringan", "sedang", "Salah tingkat")


def test_a_bad_sanction_correction_changes_nothing(client_for, hr_staff, employee_record):
    record = _sanction(employee_record)
    data = {"level": "berat", "sanction": "X", "decided_on": "2024-02-01", "start_date": "2024-01-01", "reason": "uji"}
    response = client_for(hr_staff).post(reverse("positions:discipline_edit", args=[record.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["start_date"]
    record.refresh_from_db()
    assert record.level == "ringan"
    assert not AuditEvent.objects.filter(action="discipline.update").exists()


def test_an_employee_cannot_correct_their_own_sanction(client_for, employee, employee_record):
    record = _sanction(employee_record)
    url = reverse("positions:discipline_edit", args=[record.pk])
    assert client_for(employee).post(url, {"level": "ringan", "reason": "x"}).status_code == 403
    assert url not in client_for(employee).get(reverse("positions:my_profile"), follow=True).content.decode()
