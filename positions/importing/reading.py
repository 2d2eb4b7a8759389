"""What every import shares: reading the file, the row report, and turning cells into values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..columns import column_for_header, column_header

# progress(done, total, message): called once per row; the caller throttles what it writes.
Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str) -> None:
    """Progress nobody watches (an import run from a test or a command)."""


NEW, UPDATE, ERROR = "new", "update", "error"


@dataclass
class RowResult:
    line: int
    key: str
    label: str
    status: str = NEW
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    kind: str
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    applied: bool = False

    @classmethod
    def from_data(cls, data: dict) -> ImportReport:
        """The report a check job kept (``jobs.report_data``), as an object again."""
        rows = [
            RowResult(line=line, key=key, label=label, status=status, errors=errors)
            for line, key, label, status, errors in data["rows"]
        ]
        return cls(kind=data["kind"], rows=rows, file_errors=data["file_errors"])

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.status == ERROR for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        counts = {NEW: 0, UPDATE: 0, ERROR: 0}
        for r in self.rows:
            counts[r.status] += 1
        return counts


def read_dataset(content: bytes, ext: str) -> tablib.Dataset:
    if ext == "xlsx":
        return tablib.Dataset().load(content, format="xlsx")
    text = content.decode("utf-8-sig")
    # A spreadsheet set to Indonesian saves CSV with semicolons (the comma is its decimal mark).
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return tablib.Dataset().load(text, format="csv", delimiter=delimiter)


def error_messages(error: ValidationError, model=None) -> list[str]:
    """Flat messages, each prefixed with the field's label when the error names a field."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)

    def label(name: str) -> str:
        if model is None:
            return name
        try:
            return capfirst(str(model._meta.get_field(name).verbose_name))
        except Exception:  # a name that is not a model field (e.g. "rank" on Employee)
            return name

    return [
        f"{label(name)}: {msg}" if name != "__all__" else msg
        for name, msgs in error.message_dict.items()
        for msg in msgs
    ]


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_date(value, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        _("%(label)s: tanggal %(value)s tidak dikenali (pakai YYYY-MM-DD).") % {"label": label, "value": text}
    )


def cell_choice(value: str, choices, label: str, default: str = "") -> str:
    """Match a code or a label, ignoring case, spaces, dashes and slashes."""
    text = cell_text(value)
    if not text:
        if default:
            return default
        raise ValidationError(_("%(label)s wajib diisi.") % {"label": label})

    def norm(s) -> str:
        return "".join(ch for ch in str(s).lower() if ch.isalnum())

    for code, name in choices:
        if norm(text) in (norm(code), norm(name)):
            return code
    raise ValidationError(_("%(label)s tidak dikenal: %(value)s.") % {"label": label, "value": text})


def header_errors(dataset: tablib.Dataset, required: list[str]) -> tuple[list[str], list[str]]:
    headers = [normalised_header(h) for h in (dataset.headers or [])]
    missing = [c for c in required if c not in headers]
    cols = ", ".join(column_header(c) for c in missing)
    errors = [_("Kolom wajib tidak ada: %(cols)s.") % {"cols": cols}] if missing else []
    return headers, errors


COMMENT_MARK = "#"


def data_rows(dataset: tablib.Dataset, headers: list[str]):
    """(line, {column: value}) for each data row. Blank rows and rows whose first cell starts
    with "#" (the templates' example row) are skipped."""
    for index, values in enumerate(dataset, start=2):  # line 1 is the header
        if all(cell_text(v) == "" for v in values) or cell_text(values[0] if values else "").startswith(COMMENT_MARK):
            continue
        yield index, dict(zip(headers, values, strict=False))


def chunks(items: list, size: int = 900):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def normalised_header(header) -> str:
    return column_for_header(cell_text(header))


def check_and_write(report: ImportReport, rows: list, make_plan, *, actor, commit: bool, progress: Progress | None):
    """All or nothing, the same for every import: ``make_plan(rows, lock=, progress=)`` checks every
    row in one transaction (locking what it reads when it will write); the plan writes only when
    committing and no row failed."""
    progress = progress or no_progress
    with transaction.atomic():
        plan = make_plan(rows, lock=commit, progress=progress)
        report.rows = plan.results
        if commit and not report.has_errors:
            progress(len(rows), len(rows), _("Menyimpan ke basis data"))
            plan.write(actor)
            report.applied = True
    return report
