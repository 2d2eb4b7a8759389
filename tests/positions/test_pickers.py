"""The employee and position pickers: HR only, bounded, showing where each result sits."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from positions import services
from semarang_asn.core.pickers import PICKER_LIMIT
from tests.factories import EmployeeFactory, PositionFactory, make_nip

EMPLOYEES = reverse("positions:employee_picker")
POSITIONS = reverse("positions:position_picker")


def test_the_employee_picker_finds_by_name_and_shows_post_opd_and_unit(client_for, hr_staff, employee_record):
    body = client_for(hr_staff).get(EMPLOYEES, {"q": employee_record.name.split()[0]}).content.decode()
    assert employee_record.nip in body
    assert "Pengolah Data — Dinas Contoh · Bidang Satu" in body
    assert f'data-picker-value="{employee_record.nip}"' in body


def test_the_employee_picker_finds_by_a_nip_prefix(client_for, hr_staff, employee_record, other_employee_record):
    body = client_for(hr_staff).get(EMPLOYEES, {"q": employee_record.nip[:12]}).content.decode()
    assert employee_record.name in body
    assert other_employee_record.name not in body


def test_the_employee_picker_asks_for_two_characters_before_searching(client_for, hr_staff, employee_record):
    body = client_for(hr_staff).get(EMPLOYEES, {"q": "P"}).content.decode()
    assert "Ketik minimal 2" in body
    assert employee_record.nip not in body


def test_the_employee_picker_leaves_out_employees_who_left(client_for, hr_staff, employee_record):
    employee_record.status = "retired"
    employee_record.save(update_fields=["status"])
    body = client_for(hr_staff).get(EMPLOYEES, {"q": employee_record.nip[:14]}).content.decode()
    assert "Tidak ada yang cocok" in body


@pytest.mark.parametrize("url", [EMPLOYEES, POSITIONS])
def test_pickers_are_for_hr_only(client_for, employee, supervisor, assessor, anonymous, url):
    for user in (employee, supervisor, assessor):
        assert client_for(user).get(url, {"q": "Pe"}).status_code == 403
    assert anonymous.get(url, {"q": "Pe"}).status_code == 302


def test_the_position_picker_matches_every_word_across_code_title_and_unit(client_for, hr_staff, org):
    body = client_for(hr_staff).get(POSITIONS, {"q": "kepala satu"}).content.decode()
    assert "P-KABID" in body and "P-KASI" in body  # "Satu" from the title or the unit's name
    assert "P-KEP" not in body
    narrower = client_for(hr_staff).get(POSITIONS, {"q": "kepala seksi"}).content.decode()
    assert "P-KASI" in narrower and "P-KABID" not in narrower
    assert "Dinas Contoh · Bidang Satu" in narrower


def test_the_position_picker_returns_at_most_the_limit_sorted_by_code(client_for, hr_staff, org):
    for i in range(PICKER_LIMIT + 5):
        PositionFactory(code=f"Z-{i:03d}", title="Analis Kebijakan", org_unit=org["bidang"])
    body = client_for(hr_staff).get(POSITIONS, {"q": "analis"}).content.decode()
    assert body.count("data-picker-value=") == PICKER_LIMIT
    assert body.index("Z-000") < body.index("Z-001")
    assert "perjelas pencarian" in body


@pytest.mark.parametrize("url,query", [(EMPLOYEES, "Pegawai"), (POSITIONS, "Analis")])
def test_pickers_use_the_same_number_of_queries_at_two_data_sizes(
    client_for, hr_staff, org, url, query, django_assert_max_num_queries
):
    client = client_for(hr_staff)

    def grow(n, offset):
        for i in range(n):
            position = PositionFactory(code=f"A-{offset + i}", title="Analis", org_unit=org["bidang"])
            services.assignment_create(
                employee=EmployeeFactory(nip=make_nip(seq=offset + i)),
                position=position,
                start_date=dt.date(2022, 1, 1),
            )

    grow(2, 100)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, {"q": query})
    grow(30, 200)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        assert client.get(url, {"q": query}).content.decode().count("data-picker-value=") == PICKER_LIMIT


def test_the_assignment_form_offers_the_position_picker_and_refuses_an_unknown_code(
    client_for, hr_staff, employee_record
):
    client = client_for(hr_staff)
    url = reverse("positions:assignment_add", args=[employee_record.pk])
    page = client.get(url).content.decode()
    assert f'hx-get="{POSITIONS}"' in page
    response = client.post(url, {"position": "TIDAK-ADA", "kind": "acting", "start_date": "2024-01-01"})
    assert "Kode jabatan tidak dikenal." in response.content.decode()
