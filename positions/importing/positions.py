"""The position import: set-based like the employee import, superiors resolved second."""

from __future__ import annotations

import functools

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import current, services
from ..columns import POSITION_REQUIRED
from ..models import Competency, OrgUnit, Position, PositionCompetency
from .reading import (
    ERROR,
    NEW,
    UPDATE,
    ImportReport,
    Progress,
    RowResult,
    cell_choice,
    cell_text,
    check_and_write,
    chunks,
    data_rows,
    error_messages,
    header_errors,
)


def import_positions(
    dataset: tablib.Dataset, *, actor, allow_update: bool, commit: bool, progress: Progress | None = None
) -> ImportReport:
    """Set-based like the employee import: checked in memory with the services' rules, written in bulk."""
    headers, file_errors = header_errors(dataset, POSITION_REQUIRED)
    report = ImportReport(kind="positions", file_errors=file_errors)
    if file_errors:
        return report
    rows = list(data_rows(dataset, headers))
    make_plan = functools.partial(_PositionPlan, allow_update=allow_update)
    return check_and_write(report, rows, make_plan, actor=actor, commit=commit, progress=progress)


class _PositionPlan:
    """Every row of a position import checked as ``position_save`` would, superiors second so
    that a row may name a superior that comes later in the file."""

    def __init__(self, rows: list[tuple[int, dict]], *, allow_update: bool, lock: bool, progress: Progress):
        self.results: list[RowResult] = []
        self.units = {u.code: u for u in OrgUnit.objects.all()}
        codes = {cell_text(row.get(column)) for _line, row in rows for column in ("kode", "kode_atasan")} - {""}
        self.stored: dict[str, Position] = {}
        for chunk in chunks(sorted(codes)):
            if lock:  # FOR UPDATE cannot go with the GROUP BY of the seat counts: lock first
                list(Position.objects.filter(code__in=chunk).select_for_update().values_list("pk", flat=True))
            self.stored.update((p.code, p) for p in Position.objects.filter(code__in=chunk).with_seat_counts())
        self.planned: dict[str, tuple[RowResult, Position, str]] = {}
        seen: dict[str, int] = {}
        for done, (line, row) in enumerate(rows, start=1):
            self._plan_row(line, row, seen, allow_update)
            progress(done, len(rows), _("Memeriksa baris"))
        for result, position, superior_code in list(self.planned.values()):
            self._link_superior(result, position, superior_code)
        self.planned = {code: item for code, item in self.planned.items() if item[0].status != ERROR}

    def _plan_row(self, line: int, row: dict, seen: dict[str, int], allow_update: bool) -> None:
        code = cell_text(row.get("kode"))
        result = RowResult(line=line, key=code, label=cell_text(row.get("nama_jabatan")))
        self.results.append(result)
        if code in seen:
            result.status = ERROR
            result.errors.append(
                _("Kode jabatan ganda dalam berkas (sama dengan baris %(line)s).") % {"line": seen[code]}
            )
            return
        seen[code] = line
        stored = self.stored.get(code)
        if stored is not None and not allow_update:
            result.status = ERROR
            result.errors.append(_("Kode jabatan %(code)s sudah terdaftar.") % {"code": code})
            return
        result.status = UPDATE if stored else NEW
        try:
            position = self._check_row(row, code, stored)
        except ValidationError as e:
            result.status = ERROR
            result.errors.extend(error_messages(e, Position))
            return
        self.planned[code] = (result, position, cell_text(row.get("kode_atasan")))

    def _check_row(self, row: dict, code: str, stored: Position | None) -> Position:
        errors: list[str] = []
        unit_code = cell_text(row.get("kode_unit"))
        unit = self.units.get(unit_code)
        if unit is None:
            errors.append(_("Kode unit tidak dikenal: %(code)s.") % {"code": unit_code})
        values = {"title": cell_text(row.get("nama_jabatan")), "org_unit": unit}
        try:
            values["type"] = cell_choice(row.get("jenis"), Position.Type.choices, _("Jenis jabatan"))
            values["level"] = cell_choice(row.get("jenjang"), Position.Level.choices, _("Jenjang"))
        except ValidationError as e:
            errors.extend(e.messages)
        for attr, column, label, default in (
            ("kelas_jabatan", "kelas_jabatan", _("Kelas jabatan"), None),
            ("formasi", "formasi", _("Formasi"), 1),
        ):
            text = cell_text(row.get(column))
            if not text and default is not None:
                values[attr] = default
            elif text.isdigit():
                values[attr] = int(text)
            else:
                errors.append(_("%(label)s harus bilangan bulat: %(value)s.") % {"label": label, "value": text or "—"})
        if errors:
            raise ValidationError(errors)
        position = stored or Position(code=code)
        for attr, value in values.items():
            setattr(position, attr, value)
        # The unit was looked up above and the superior comes second: no query per row here.
        position.full_clean(exclude=["org_unit", "reports_to"], validate_unique=False, validate_constraints=False)
        if stored is not None:
            services.check_formasi(position_id=stored.pk, formasi=position.formasi, filled=stored.bezetting)
        return position

    def _link_superior(self, result: RowResult, position: Position, superior_code: str) -> None:
        if not superior_code:
            position.reports_to = None
            return
        planned = self.planned.get(superior_code)
        superior = planned[1] if planned and planned[0].status != ERROR else self.stored.get(superior_code)
        if superior is None:
            result.status = ERROR
            result.errors.append(_("Kode atasan tidak dikenal: %(code)s.") % {"code": superior_code})
        elif superior_code == position.code:
            result.status = ERROR
            result.errors.extend(
                error_messages(
                    ValidationError({"reports_to": _("Jabatan tidak dapat menjadi atasan dirinya sendiri.")}), Position
                )
            )
        else:
            position.reports_to = superior

    def write(self, actor) -> None:
        """``actor`` for the importers' common interface: positions keep their own history."""
        positions = [position for _result, position, _code in self.planned.values()]
        new = [p for p in positions if p.pk is None]
        stored = [p for p in positions if p.pk is not None]
        # A superior that is itself a new row gets its id only on insert: link those afterwards.
        later = {p.code: p.reports_to for p in new if p.reports_to is not None and p.reports_to.pk is None}
        for position in new:
            if position.code in later:
                position.reports_to = None
        Position.objects.bulk_create(new, batch_size=1000)
        linked = [p for p in new if p.code in later]
        for position in linked:
            position.reports_to = later[position.code]
        Position.objects.bulk_update(linked, ["reports_to"], batch_size=1000)
        fields = ["title", "org_unit", "type", "level", "kelas_jabatan", "formasi", "reports_to"]
        Position.objects.bulk_update(stored, fields, batch_size=1000)
        # A stored position may have moved to another unit: its holders' OPD follows.
        current.refresh_holders([p.pk for p in stored])
        competencies = list(Competency.objects.exclude(kind=Competency.Kind.TECHNICAL))
        standard = [row for position in new for row in services.default_standard_rows(position, competencies)]
        PositionCompetency.objects.bulk_create(standard, batch_size=1000)
