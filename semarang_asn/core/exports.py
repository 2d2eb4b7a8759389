"""The one writer for every CSV and XLSX file the product hands out.

Exports carry names, comments and other free text that people typed. A spreadsheet runs a cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula
(``=HYPERLINK("http://…"&A1,"Klik")`` leaks the sheet when clicked), so every such text is
neutralised here, in both formats, by a leading apostrophe and written as text. Values keep
their type: in XLSX dates are date cells and numbers number cells; in CSV they are ISO dates
and plain numbers. CSV starts with a UTF-8 byte-order mark so that Excel reads the accents.

Usage from a view::

    from semarang_asn.core.exports import export_response

    return export_response(
        fmt="xlsx",  # or "csv"; anything else is a 404
        filename="penilaian-2025",  # without the extension
        sheet=_("Penilaian"),
        headers=[_("NIP"), _("Nama"), _("Predikat")],
        rows=((e.nip, e.name, e.predikat) for e in evaluations),
    )

``export_bytes`` returns the file itself, for a caller that stores or mails it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _typed(value):
    """A cell's value as the writers take it: None, bool, number, date, datetime or safe text."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return timezone.localtime(value).replace(tzinfo=None)  # spreadsheets have no time zones
        return value
    return neutralise(force_str(value))


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _csv(headers: Sequence, rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(force_str(h)) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(_typed(value)) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sheet_title(name: str) -> str:
    """A name Excel accepts for a sheet: at most 31 characters, none of []:*?/\\."""
    title = _SHEET_FORBIDDEN.sub(" ", force_str(name)).strip().strip("'")[:31]
    return title or "Data"


# More sheets after the main one: (title, headers, rows), e.g. a template's allowed codes.
Sheets = Sequence[tuple[str, Sequence, Iterable[Sequence]]]


def _xlsx(sheet: str, headers: Sequence, rows: Iterable[Sequence], extra_sheets: Sheets = ()) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, sheet_headers, sheet_rows in ((sheet, headers, rows), *extra_sheets):
        _xlsx_sheet(book, title, sheet_headers, sheet_rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_sheet(book, sheet: str, headers: Sequence, rows: Iterable[Sequence]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    ws = book.create_sheet(title=sheet_title(sheet))
    bold = Font(bold=True)

    def cell(value, *, header: bool = False) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # never "f": text is text even after neutralising
        elif isinstance(value, dt.datetime):
            c.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, dt.date):
            c.number_format = "yyyy-mm-dd"
        if header:
            c.font = bold
        return c

    ws.append([cell(neutralise(force_str(h)), header=True) for h in headers])
    for row in rows:
        ws.append([cell(_typed(value)) for value in row])


def export_bytes(
    *, fmt: str, headers: Sequence, rows: Iterable[Sequence], sheet: str = "Data", extra_sheets: Sheets = ()
) -> bytes:
    """The file in ``fmt`` ("csv" or "xlsx"): a header row, then one row per item of ``rows``.
    ``extra_sheets`` follow the main sheet in an XLSX file; a CSV file has room for none."""
    if fmt == "csv":
        return _csv(headers, rows)
    if fmt == "xlsx":
        return _xlsx(sheet, headers, rows, extra_sheets)
    raise ValueError(f"unknown export format {fmt!r}")


def export_response(
    *,
    fmt: str,
    filename: str,
    headers: Sequence,
    rows: Iterable[Sequence],
    sheet: str = "Data",
    extra_sheets: Sheets = (),
) -> HttpResponse:
    """A download of ``export_bytes``; an unknown format is a 404."""
    if fmt not in FORMATS:
        raise Http404
    data = export_bytes(fmt=fmt, headers=headers, rows=rows, sheet=sheet, extra_sheets=extra_sheets)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(filename)}.{fmt}"'
    return response


def export_filename(filename: str) -> str:
    """A download's name without the extension, safe in a header and on any disk."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", filename)
