"""Spreadsheet exports, once for every app: readable headers, typed cells (numbers stay
numbers), text that starts like a formula neutralised so a spreadsheet never runs it, and
CSV with a UTF-8 byte-order mark so Excel reads Indonesian names rightly."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import Http404, HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value):
    """A text cell starting like a formula is exported as text; other types pass unchanged."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value


def _typed(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal, dt.date)):
        return value
    return safe_cell(str(value))


def table_response(
    *, filename: str, headers: Sequence[str], rows: Iterable[Sequence], fmt: str, sheet: str = "Data"
) -> HttpResponse:
    """A CSV or XLSX download of ``rows`` under ``headers``; 404 for any other format."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if fmt == "csv":
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([str(h) for h in headers])
        for row in rows:
            writer.writerow([_typed(value) for value in row])
        return response
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet[:31])
    ws.append([str(h) for h in headers])
    for row in rows:
        ws.append([_typed(value) for value in row])
    book.save(response)
    return response
