"""The one export writer: formulas neutralised, BOM in CSV, typed cells in XLSX."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.http import Http404
from openpyxl import load_workbook

from semarang_asn.core.exports import export_bytes, export_response, neutralise, sheet_title

ROW = ["=1+1", "+62 812", "-2+3", "@SUM(A1)", "\tx", "\rx", "Budi", 7, Decimal("81.50"), dt.date(2025, 3, 1), None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("=A1", "'=A1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\t1", "'\t1"), ("\r1", "'\r1"), ("Ani", "Ani")],
)
def test_text_that_would_run_as_a_formula_is_made_inert(text, expected):
    assert neutralise(text) == expected


def test_csv_has_a_byte_order_mark_and_inert_text_and_plain_values():
    data = export_bytes(fmt="csv", headers=["Nama", "=Kolom"], rows=[ROW])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    header, row = text.split("\r\n")[:2]
    assert header == "Nama,'=Kolom"
    assert row.startswith("'=1+1,'+62 812,'-2+3,'@SUM(A1),")
    assert row.endswith(",Budi,7,81.50,2025-03-01,")


def test_xlsx_keeps_types_and_writes_formula_like_text_as_text():
    data = export_bytes(fmt="xlsx", sheet="Penilaian 2025", headers=["Nama", "=Kolom"], rows=[ROW])
    book = load_workbook(io.BytesIO(data))
    sheet = book["Penilaian 2025"]
    header, row = list(sheet.iter_rows())
    assert [c.value for c in header[:2]] == ["Nama", "'=Kolom"]
    assert header[0].font.bold
    assert [c.value for c in row[:5]] == ["'=1+1", "'+62 812", "'-2+3", "'@SUM(A1)", "'\tx"]
    assert row[5].value in ("'\rx", "'\nx")  # XML turns a lone CR into LF when read back
    assert all(c.data_type == "s" for c in row[:7])
    assert (row[7].value, row[7].data_type) == (7, "n")
    assert row[8].data_type == "n" and float(row[8].value) == 81.5
    assert row[9].is_date and row[9].value.date() == dt.date(2025, 3, 1)


def test_a_sheet_title_is_one_excel_accepts():
    assert sheet_title("Nilai [tahap]: 1/2*?") == "Nilai  tahap   1 2"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("") == "Data"


def test_an_unknown_format_is_a_404():
    with pytest.raises(Http404):
        export_response(fmt="pdf", filename="x", headers=[], rows=[])


def test_the_download_name_is_safe():
    response = export_response(fmt="csv", filename='a"b/c', headers=["x"], rows=[])
    assert response["Content-Disposition"] == 'attachment; filename="a-b-c.csv"'


def test_no_other_module_writes_csv_or_xlsx():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for app in ("positions", "training", "performance", "assessments", "semarang_asn")
        for path in (root / app).rglob("*.py")
        if path.name != "exports.py"
        and any(s in path.read_text() for s in ("csv.writer(", "Workbook(", '.export("csv'))
    ]
    assert offenders == []
