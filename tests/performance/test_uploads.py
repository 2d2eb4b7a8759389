"""Hole 10: SKP evidence goes through the one upload validator."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance import services
from performance.models import HasilKerja

pytestmark = pytest.mark.django_db


def _jar_named_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: Evil\n")
        package.writestr("[Content_Types].xml", "spreadsheetml.sheet.main+xml")
        package.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rekap.xlsx", _jar_named_xlsx(), "Isi berkas bukan XLSX yang sah."),
        ("bukti.pdf", b"%PDF-<html><script>alert(1)</script>", "Isi berkas bukan PDF yang sah."),
    ],
)
def test_a_disguised_evidence_file_is_refused_and_nothing_is_saved(
    client_for, employee, evaluation, name, content, message
):
    row = services.hasil_kerja_add(evaluation=evaluation, actor=employee, kind="utama", indicator="A", target="1")
    response = client_for(employee).post(
        reverse("performance:row_report", args=[evaluation.pk, row.pk]),
        {"realisation": "12 laporan", "evidence_file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    row = HasilKerja.objects.get(pk=row.pk)
    assert not row.evidence_file and row.realisation == ""
