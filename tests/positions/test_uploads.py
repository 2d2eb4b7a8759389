"""Hole 10: import files go through the one upload validator."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _jar_named_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
        package.writestr("[Content_Types].xml", "spreadsheetml.sheet.main+xml")
        package.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


CASES = [
    ("data.xlsx", _jar_named_xlsx(), "Isi berkas bukan XLSX yang sah."),
    ("data.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "Isi berkas bukan CSV yang sah."),
    ("data.exe", b"nip,nama\n", "Jenis berkas harus CSV, XLSX."),
]


@pytest.mark.parametrize(("name", "content", "message"), CASES)
def test_the_employee_import_refuses_a_disguised_file(client_for, hr_staff, org, name, content, message):
    response = client_for(hr_staff).post(
        reverse("positions:import"), {"kind": "employees", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "report" not in response.context


@pytest.mark.parametrize(("name", "content", "message"), CASES)
def test_the_competency_import_refuses_a_disguised_file(client_for, hr_staff, org, name, content, message):
    response = client_for(hr_staff).post(
        reverse("positions:competency_import"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "report" not in response.context
