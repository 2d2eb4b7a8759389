"""Hole 2: every positions export neutralises formulas, in CSV and XLSX."""

import pytest
from django.urls import reverse

from positions.models import Employee, Position
from tests.exports import HOSTILE_NAME, assert_neutralised

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_employee_export_writes_a_formula_name_as_inert_text(client_for, hr_staff, employee_record, fmt):
    Employee.objects.filter(pk=employee_record.pk).update(name=HOSTILE_NAME)
    assert_neutralised(client_for(hr_staff).get(reverse("positions:employee_export", args=[fmt])))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_position_export_writes_a_formula_title_as_inert_text(client_for, hr_staff, org, fmt):
    Position.objects.filter(pk=org["staff"].pk).update(title=HOSTILE_NAME)
    assert_neutralised(client_for(hr_staff).get(reverse("positions:position_export", args=[fmt])))


def test_an_unknown_export_format_is_a_404(client_for, hr_staff, db):
    assert client_for(hr_staff).get(reverse("positions:employee_export", args=["pdf"])).status_code == 404


def test_the_xlsx_employee_export_has_date_cells_and_a_named_sheet(client_for, hr_staff, employee_record):
    import io

    from openpyxl import load_workbook

    response = client_for(hr_staff).get(reverse("positions:employee_export", args=["xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Pegawai"]
    header, *rows = list(book.active.iter_rows())
    birth = [c.value for c in header].index("Tanggal lahir")
    row = next(r for r in rows if r[0].value == employee_record.nip)
    assert row[birth].is_date and row[birth].value.date() == employee_record.birth_date
