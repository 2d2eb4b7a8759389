"""The competency results import (pemetaan kompetensi): one row per assessment session.

Checked in memory like the other imports (employees, sessions already recorded and the codes
read in a few queries whatever the row count), written in bulk in one transaction only when
no row failed, audited per session as ``competency_assessment_record`` audits, and announced
once for the whole file so the eligibility recompute runs once.
"""

from __future__ import annotations

import datetime as dt
import functools

import tablib
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from semarang_asn.core import events
from semarang_asn.core.services import audit_bulk

from ..columns import COMPETENCY_FIXED_COLUMNS, COMPETENCY_REQUIRED, column_header
from ..models import AssessedCompetency, Competency, CompetencyAssessment, Employee
from .reading import (
    ERROR,
    ImportReport,
    Progress,
    RowResult,
    cell_choice,
    cell_date,
    cell_text,
    check_and_write,
    chunks,
    data_rows,
    error_messages,
    header_errors,
)

# What the "metode" column accepts besides the codes and labels of CompetencyAssessment.Method.
METHOD_ALIASES = [
    (CompetencyAssessment.Method.ASSESSMENT_CENTRE, "Assessment Centre"),
]
LEVELS = range(1, 6)
# The error rows file adds this column; uploading that file again must not trip on it.
IGNORED_COLUMNS = {"kesalahan"}


def method_choices() -> list[tuple[str, str]]:
    return [*CompetencyAssessment.Method.choices, *METHOD_ALIASES]


def _potential(value) -> str:
    if not cell_text(value):
        return ""
    return cell_choice(value, CompetencyAssessment.Potential.choices, column_header("potensi"))


def _read(errors: list[str], read, *args):
    """``read(*args)``, or None with its messages added to the row's ``errors``."""
    try:
        return read(*args)
    except ValidationError as e:
        errors.extend(e.messages)
        return None


def import_competencies(
    dataset: tablib.Dataset, *, actor, allow_update: bool = False, commit: bool, progress: Progress | None = None
) -> ImportReport:
    """Every row checked as ``competency_assessment_record`` would; written in bulk, all or nothing.
    ``allow_update`` is accepted for the importers' common signature: a recorded session is
    never overwritten (a new session is a new row), so a session already recorded is an error."""
    headers, file_errors = header_errors(dataset, COMPETENCY_REQUIRED)
    report = ImportReport(kind="competencies", file_errors=file_errors)
    if file_errors:
        return report
    competencies = {c.code.lower(): c for c in Competency.objects.all()}
    unknown = [
        cell_text(raw)
        for raw, key in zip(dataset.headers, headers, strict=False)
        if key and key not in COMPETENCY_FIXED_COLUMNS and key not in competencies and key not in IGNORED_COLUMNS
    ]
    if unknown:
        report.file_errors.append(_("Kolom kompetensi tidak dikenal: %(cols)s.") % {"cols": ", ".join(unknown)})
        return report
    rows = list(data_rows(dataset, headers))
    make_plan = functools.partial(_CompetencyPlan, competencies=competencies)
    return check_and_write(report, rows, make_plan, actor=actor, commit=commit, progress=progress)


class _CompetencyPlan:
    def __init__(self, rows: list[tuple[int, dict]], competencies: dict, *, lock: bool, progress: Progress):
        self.competencies = competencies
        self.results: list[RowResult] = []
        self.planned: list[tuple[CompetencyAssessment, dict[str, int]]] = []
        self.today = timezone.localdate()
        nips = sorted({cell_text(row.get("nip")) for _line, row in rows} - {""})
        self.employees: dict[str, Employee] = {}
        self.recorded: set[tuple[str, dt.date, str]] = set()
        for chunk in chunks(nips):
            people = Employee.objects.filter(nip__in=chunk)
            if lock:  # no second import or form records the same session meanwhile
                people = people.select_for_update()
            self.employees.update((e.nip, e) for e in people)
            self.recorded.update(
                CompetencyAssessment.objects.filter(employee__nip__in=chunk).values_list(
                    "employee__nip", "assessed_on", "method"
                )
            )
        seen: dict[tuple, int] = {}
        for done, (line, row) in enumerate(rows, start=1):
            self._plan_row(line, row, seen)
            progress(done, len(rows), _("Memeriksa baris"))

    def _plan_row(self, line: int, row: dict, seen: dict[tuple, int]) -> None:
        nip = cell_text(row.get("nip"))
        employee = self.employees.get(nip)
        result = RowResult(line=line, key=nip, label=employee.full_name if employee else "")
        self.results.append(result)
        errors: list[str] = []
        if employee is None:
            errors.append(_("NIP %(nip)s tidak terdaftar.") % {"nip": nip or "—"})
        values = {
            "assessed_on": _read(errors, cell_date, row.get("tanggal"), column_header("tanggal")),
            "method": _read(errors, cell_choice, row.get("metode"), method_choices(), column_header("metode")),
            "potential": _read(errors, _potential, row.get("potensi")) or "",
        }
        assessed_on = values["assessed_on"]
        if not cell_text(row.get("tanggal")):
            errors.append(_("%(label)s wajib diisi.") % {"label": column_header("tanggal")})
        elif assessed_on and assessed_on > self.today:
            errors.append(_("Tanggal asesmen di masa depan."))
        levels = self._levels(row, errors)
        key = (nip, assessed_on, values["method"])
        if assessed_on and values["method"]:
            if key in seen:
                errors.append(
                    _("Baris ganda untuk NIP, tanggal dan metode yang sama (sama dengan baris %(line)s).")
                    % {"line": seen[key]}
                )
            elif key in self.recorded:
                errors.append(_("Asesmen dengan NIP, tanggal dan metode ini sudah tercatat."))
            seen.setdefault(key, line)
        if not errors:
            session = CompetencyAssessment(
                employee=employee, institution=cell_text(row.get("lembaga"))[:150], note="", **values
            )
            try:
                # The employee was looked up above and uniqueness checked against the file and
                # the database: no query per row here.
                session.full_clean(
                    exclude=["employee", "recorded_by"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as e:
                errors.extend(error_messages(e, CompetencyAssessment))
            else:
                self.planned.append((session, levels))
        if errors:
            result.status = ERROR
            result.errors = errors

    def _levels(self, row: dict, errors: list[str]) -> dict[str, int]:
        levels: dict[str, int] = {}
        bad = 0
        for key, competency in self.competencies.items():
            raw = cell_text(row.get(key))
            if not raw:
                continue
            if raw.isdigit() and int(raw) in LEVELS:
                levels[competency.code] = int(raw)
            else:
                bad += 1
                errors.append(
                    _("%(code)s: level %(value)s harus 1 sampai 5.") % {"code": competency.code, "value": raw}
                )
        if not levels and not bad:
            errors.append(_("Tidak ada level kompetensi."))
        return levels

    def write(self, actor) -> None:
        recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        sessions = [session for session, _levels in self.planned]
        for session in sessions:
            session.recorded_by = recorded_by
        CompetencyAssessment.objects.bulk_create(sessions, batch_size=1000)
        by_code = {c.code: c for c in self.competencies.values()}
        AssessedCompetency.objects.bulk_create(
            [
                AssessedCompetency(assessment=session, competency=by_code[code], level=level)
                for session, levels in self.planned
                for code, level in levels.items()
            ],
            batch_size=1000,
        )
        audit_bulk(
            actor=actor,
            action="competency_assessment.record",
            rows=[
                (session, None, {"levels": levels, "potential": session.potential}) for session, levels in self.planned
            ],
        )
        # Assessed competencies change the JPM and so eligibility: one announcement for the file.
        events.employees_changed(employee_ids=[s.employee_id for s in sessions], reason="competency")
