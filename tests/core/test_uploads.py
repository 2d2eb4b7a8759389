"""Hole 10: one upload validator, on the filetype detector plus a structure check per type."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from semarang_asn.core.uploads import EVIDENCE, validate_upload
from tests.factories import PDF_BYTES, PNG_BYTES

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"


def _zip(files: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in files.items():
            package.writestr(name, content)
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


DOCX_BYTES = _zip(
    {
        "[Content_Types].xml": '<Types><Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": "<w:document/>",
    }
)
XLSX_BYTES = _xlsx()
# A Java archive dressed as an Office file: it even carries the OOXML parts.
JAR_AS_XLSX = _zip(
    {
        "META-INF/MANIFEST.MF": "Manifest-Version: 1.0\nMain-Class: Evil\n",
        "[Content_Types].xml": "spreadsheetml.sheet.main+xml",
        "xl/workbook.xml": "<workbook/>",
        "Evil.class": b"\xca\xfe\xba\xbe",
    }
)
JAR_AS_DOCX = _zip({"META-INF/MANIFEST.MF": "Manifest-Version: 1.0\n", "Evil.class": b"\xca\xfe\xba\xbe"})


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bukti.pdf", PDF_BYTES),
        ("BUKTI.PDF", PDF_BYTES),
        ("foto.png", PNG_BYTES),
        ("foto.jpg", JPEG_BYTES),
        ("foto.jpeg", JPEG_BYTES),
        ("laporan.docx", DOCX_BYTES),
        ("rekap.xlsx", XLSX_BYTES),
    ],
)
def test_genuine_files_pass_and_are_left_at_their_start(name, content):
    upload = _upload(name, content)
    assert validate_upload(upload, allowed=EVIDENCE) == name.rsplit(".", 1)[1].lower()
    assert upload.tell() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00", "Jenis berkas harus PDF, JPG, PNG, DOCX, XLSX."),
        ("rekap.xlsx", JAR_AS_XLSX, "Isi berkas bukan XLSX yang sah."),
        ("laporan.docx", JAR_AS_DOCX, "Isi berkas bukan DOCX yang sah."),
        ("laporan.docx", XLSX_BYTES, "Isi berkas bukan DOCX yang sah."),
        ("rekap.xlsx", b"PK\x03\x04" + b"\x00" * 40, "Isi berkas bukan XLSX yang sah."),
        ("bukti.pdf", b"%PDF-<html><script>alert(1)</script></html>", "Isi berkas bukan PDF yang sah."),
        ("bukti.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "Isi berkas bukan PDF yang sah."),  # no %%EOF
        ("bukti.pdf", b"MZ\x90\x00" + PDF_BYTES, "Isi berkas bukan PDF yang sah."),
        ("foto.png", JPEG_BYTES, "Isi berkas bukan PNG yang sah."),
        ("foto.jpg", b"<svg onload=alert(1)>", "Isi berkas bukan JPG yang sah."),
    ],
)
def test_a_wrong_or_disguised_file_is_refused_with_an_indonesian_message(name, content, message):
    with pytest.raises(ValidationError) as caught:
        validate_upload(_upload(name, content), allowed=EVIDENCE)
    assert caught.value.messages == [message]


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = len(PDF_BYTES) - 1
    with pytest.raises(ValidationError, match="paling besar"):
        validate_upload(_upload("bukti.pdf", PDF_BYTES), allowed=EVIDENCE)
    assert validate_upload(_upload("bukti.pdf", PDF_BYTES), allowed=EVIDENCE, max_bytes=len(PDF_BYTES)) == "pdf"


def test_messages_start_with_the_field_label_when_given():
    with pytest.raises(ValidationError) as caught:
        validate_upload(_upload("a.docx", PDF_BYTES), allowed=("pdf",), label="Makalah")
    assert caught.value.messages == ["Makalah: jenis berkas harus PDF."]


@pytest.mark.parametrize(
    ("content", "ok"),
    [
        (b"\xef\xbb\xbfnip,nama\n199001012015021001,Siti\n", True),
        (b"nip;nama\n1;Sri\n", True),
        (XLSX_BYTES, False),
        (b"nip,nama\n\x00\x01\x02", False),
        ("nip,nama\n1,Séno\n".encode("latin-1"), False),
    ],
)
def test_a_csv_must_be_utf8_text(content, ok):
    upload = _upload("data.csv", content)
    if ok:
        assert validate_upload(upload, allowed=("csv",)) == "csv"
    else:
        with pytest.raises(ValidationError):
            validate_upload(upload, allowed=("csv",))


def test_a_type_without_a_content_check_is_a_programming_error():
    with pytest.raises(ValueError):
        validate_upload(_upload("a.exe", b""), allowed=("exe",))


def test_there_is_no_second_magic_byte_table_in_the_project():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for app in ("positions", "training", "performance", "assessments", "semarang_asn")
        for path in (root / app).rglob("*.py")
        if path.name != "uploads.py" and any(sig in path.read_bytes() for sig in (b"\\x89PNG", b"\\xff\\xd8\\xff"))
    ]
    assert offenders == []
