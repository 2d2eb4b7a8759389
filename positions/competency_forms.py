"""Forms for recording competency assessments (pemetaan kompetensi): one session by hand,
or many from a CSV/XLSX file that is checked row by row before anything is saved."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from semarang_asn.core import uploads

from .models import CompetencyAssessment, Employee

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEVEL_CHOICES = [("", "—"), *((str(i), str(i)) for i in range(1, 6))]
IMPORT_FIXED_COLUMNS = ["nip", "tanggal", "metode", "potensi", "lembaga"]
METHOD_ALIASES = {
    "ac": CompetencyAssessment.Method.ASSESSMENT_CENTRE,
    "assessment center": CompetencyAssessment.Method.ASSESSMENT_CENTRE,
    "assessment centre": CompetencyAssessment.Method.ASSESSMENT_CENTRE,
    "cact": CompetencyAssessment.Method.CACT,
    "sjt": CompetencyAssessment.Method.SJT,
}


class CompetencyAssessmentForm(forms.Form):
    method = forms.ChoiceField(label=_("Metode"), choices=CompetencyAssessment.Method.choices)
    assessed_on = forms.DateField(label=_("Tanggal asesmen"), widget=DATE)
    potential = forms.ChoiceField(
        label=_("Kategori potensi"), choices=[("", "—"), *CompetencyAssessment.Potential.choices], required=False
    )
    institution = forms.CharField(label=_("Lembaga/asesor"), max_length=150, required=False)
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea({"rows": 2}), required=False)

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        for comp in self.competencies:
            self.fields[f"level_{comp.code}"] = forms.TypedChoiceField(
                label=f"{comp.code} {comp.name}",
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def level_fields(self):
        return [self[f"level_{c.code}"] for c in self.competencies]

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal asesmen di masa depan."))
        return value

    def clean(self):
        data = super().clean()
        if not self.levels():
            raise forms.ValidationError(_("Isi setidaknya satu level kompetensi."))
        return data

    def levels(self) -> dict[str, int]:
        return {
            c.code: self.cleaned_data[f"level_{c.code}"]
            for c in self.competencies
            if self.cleaned_data.get(f"level_{c.code}")
        }


class CompetencyImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas CSV atau XLSX"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.validate_upload(upload, allowed=uploads.TABLES, max_bytes=settings.IMPORT_MAX_BYTES)
        return upload


@dataclass
class ImportRow:
    line: int
    nip: str
    name: str = ""
    method: str = ""
    assessed_on: dt.date | None = None
    potential: str = ""
    institution: str = ""
    levels: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    employee: Employee | None = None


@dataclass
class ImportReport:
    rows: list[ImportRow]
    file_errors: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.errors for r in self.rows)


def read_table(content: bytes, ext: str) -> list[list[str]]:
    """Rows of cells as text, the header first. Raises ValueError when unreadable."""
    if ext == "xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises many types on a malformed workbook
            raise ValueError(str(exc)) from exc
        return [
            ["" if v is None else v.date().isoformat() if isinstance(v, dt.datetime) else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(str(exc)) from exc
    dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def _parse_date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def check_import(
    table: list[list[str]], competency_codes: list[str], existing: set[tuple], employees: dict
) -> ImportReport:
    """Validate every row; ``existing`` holds (nip, date, method) already recorded and
    ``employees`` maps NIP → Employee for the NIPs in the file."""
    if not table:
        return ImportReport(rows=[], file_errors=[gettext("Berkas kosong.")])
    header = [h.strip() for h in table[0]]
    lowered = [h.lower() for h in header]
    missing = [c for c in IMPORT_FIXED_COLUMNS[:3] if c not in lowered]
    if missing:
        return ImportReport(rows=[], file_errors=[gettext("Kolom wajib tidak ada: %s.") % ", ".join(missing)])
    unknown = [h for h in header if h.lower() not in IMPORT_FIXED_COLUMNS and h not in competency_codes and h]
    if unknown:
        return ImportReport(rows=[], file_errors=[gettext("Kolom kompetensi tidak dikenal: %s.") % ", ".join(unknown)])
    index = {h.lower() if h.lower() in IMPORT_FIXED_COLUMNS else h: i for i, h in enumerate(header)}
    seen: set[tuple] = set()
    rows = []
    today = timezone.localdate()
    for line, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))

        def cell(name, cells=cells):
            return cells[index[name]].strip() if name in index else ""

        row = ImportRow(line=line, nip=cell("nip"))
        row.employee = employees.get(row.nip)
        if row.employee is None:
            row.errors.append(gettext("NIP %s tidak terdaftar.") % (row.nip or "—"))
        else:
            row.name = row.employee.full_name
        row.assessed_on = _parse_date(cell("tanggal"))
        if row.assessed_on is None:
            row.errors.append(gettext("Tanggal '%s' tidak valid (gunakan YYYY-MM-DD).") % cell("tanggal"))
        elif row.assessed_on > today:
            row.errors.append(gettext("Tanggal asesmen di masa depan."))
        row.method = METHOD_ALIASES.get(cell("metode").lower(), "")
        if not row.method:
            row.errors.append(gettext("Metode '%s' tidak dikenal (AC, CACT atau SJT).") % cell("metode"))
        row.potential = cell("potensi").lower()
        if row.potential and row.potential not in CompetencyAssessment.Potential.values:
            row.errors.append(gettext("Potensi '%s' harus rendah, menengah atau tinggi.") % row.potential)
        row.institution = cell("lembaga")[:150]
        for code in competency_codes:
            raw = cell(code)
            if not raw:
                continue
            try:
                level = int(float(raw))
            except ValueError:
                level = 0
            if not 1 <= level <= 5 or float(raw) != level:
                row.errors.append(gettext("%(code)s: level '%(v)s' harus 1 sampai 5.") % {"code": code, "v": raw})
            else:
                row.levels[code] = level
        if not row.levels and not any("level" in e for e in row.errors):
            row.errors.append(gettext("Tidak ada level kompetensi."))
        key = (row.nip, row.assessed_on, row.method)
        if row.assessed_on and row.method:
            if key in seen:
                row.errors.append(gettext("Baris ganda untuk NIP, tanggal dan metode yang sama."))
            elif key in existing:
                row.errors.append(gettext("Asesmen dengan NIP, tanggal dan metode ini sudah tercatat."))
            seen.add(key)
        rows.append(row)
    return ImportReport(rows=rows)
