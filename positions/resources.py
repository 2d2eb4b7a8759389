"""Import and export of employees and positions (CSV and XLSX).

Exports are plain rows in the import's columns, written by semarang_asn.core.exports (the one
writer, which neutralises formulas). Imports are set-based: what the rows touch is
read in a few queries, every row is checked in memory with the services' own rules (NIP,
rank order, one definitive position, JA/JF, formasi) against the database and the rows
before it, and the writes are bulk inserts and updates in one transaction, made only when
no row failed (all-or-nothing). The preview runs the same checks, so it reports exactly
what the import would do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from semarang_asn.core import events
from semarang_asn.core.services import audit_bulk

from . import rules, services
from .models import Assignment, Competency, Employee, OrgUnit, Position, PositionCompetency, Rank, RankHistory

EMPLOYEE_COLUMNS = [
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "jenis_kepegawaian",
    "pendidikan",
    "status",
    "golongan",
    "tmt_golongan",
    "kode_jabatan",
    "tmt_jabatan",
]
EMPLOYEE_REQUIRED = ["nip", "nama"]
POSITION_COLUMNS = ["kode", "nama_jabatan", "kode_unit", "jenis", "jenjang", "kelas_jabatan", "formasi", "kode_atasan"]
POSITION_REQUIRED = ["kode", "nama_jabatan", "kode_unit", "jenis", "jenjang", "kelas_jabatan"]

KIND_LABELS = {"employees": gettext_lazy("Pegawai"), "positions": gettext_lazy("Jabatan")}


# --- export -------------------------------------------------------------------------------
# The export's columns are the import's, so an exported file imports back as updates. Values
# keep their type (dates, numbers); semarang_asn.core.exports writes and neutralises them.


def employee_export_rows(queryset):
    """One row per employee in EMPLOYEE_COLUMNS order; current rank and post as annotations,
    so the number of queries does not grow with the rows."""
    ranks = dict(Rank.objects.values_list("pk", "code"))
    positions = dict(Position.objects.values_list("pk", "code"))
    held = Assignment.objects.filter(employee=OuterRef("pk")).active_on().order_by("kind", "-start_date")
    qs = queryset
    if "current_rank_id" not in qs.query.annotations:
        qs = qs.with_current_rank()
    if "current_position_id" not in qs.query.annotations:
        qs = qs.with_current_position()
    for e in qs.annotate(current_position_start=Subquery(held.values("start_date")[:1])):
        yield [
            e.nip,
            e.name,
            e.front_title,
            e.back_title,
            e.birth_place,
            e.birth_date,
            e.sex,
            e.employment_type,
            e.education,
            e.status,
            ranks.get(e.current_rank_id, ""),
            e.current_rank_tmt,
            positions.get(e.current_position_id, ""),
            e.current_position_start,
        ]


def position_export_rows(queryset):
    for p in queryset.select_related("org_unit", "reports_to"):
        yield [
            p.code,
            p.title,
            p.org_unit.code,
            p.type,
            p.level,
            p.kelas_jabatan,
            p.formasi,
            p.reports_to.code if p.reports_to_id else "",
        ]


def column_header(column: str) -> str:
    """A column's readable header ("tmt_golongan" → "TMT golongan"); the import reads either."""
    words = column.split("_")
    first = words[0].upper() if words[0] in ("nip", "tmt") else words[0].capitalize()
    return " ".join([first, *(w.upper() if w == "tmt" else w for w in words[1:])])


def _normalised_header(header) -> str:
    return "_".join(_text(header).lower().split())


EMPLOYEE_HEADERS = [column_header(c) for c in EMPLOYEE_COLUMNS]
POSITION_HEADERS = [column_header(c) for c in POSITION_COLUMNS]
EXPORTERS = {
    "employees": (EMPLOYEE_HEADERS, employee_export_rows),
    "positions": (POSITION_HEADERS, position_export_rows),
}


def template_rows(kind: str) -> tuple[list[str], list]:
    """The import template: the header alone."""
    return (EMPLOYEE_HEADERS if kind == "employees" else POSITION_HEADERS), []


# --- import -------------------------------------------------------------------------------

NEW, UPDATE, ERROR = "new", "update", "error"
SHOWN_CLEAN_ROWS = 200


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

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.status == ERROR for r in self.rows)

    @cached_property
    def shown_rows(self) -> list[RowResult]:
        """The rows to fix when there are any, else the first clean ones: a 15,000-row preview stays readable."""
        errors = [row for row in self.rows if row.status == ERROR]
        return errors if errors else self.rows[:SHOWN_CLEAN_ROWS]

    @property
    def hidden_count(self) -> int:
        return len(self.rows) - len(self.shown_rows)

    @property
    def counts(self) -> dict[str, int]:
        counts = {NEW: 0, UPDATE: 0, ERROR: 0}
        for r in self.rows:
            counts[r.status] += 1
        return counts


def read_dataset(content: bytes, ext: str) -> tablib.Dataset:
    if ext == "xlsx":
        return tablib.Dataset().load(content, format="xlsx")
    return tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")


def _messages(error: ValidationError, model=None) -> list[str]:
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


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        _("%(label)s: tanggal %(value)s tidak dikenali (pakai YYYY-MM-DD).") % {"label": label, "value": text}
    )


def _choice(value: str, choices, label: str, default: str = "") -> str:
    """Match a code or a label, ignoring case, spaces, dashes and slashes."""
    text = _text(value)
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


def _header_errors(dataset: tablib.Dataset, required: list[str]) -> tuple[list[str], list[str]]:
    headers = [_normalised_header(h) for h in (dataset.headers or [])]
    missing = [c for c in required if c not in headers]
    cols = ", ".join(column_header(c) for c in missing)
    errors = [_("Kolom wajib tidak ada: %(cols)s.") % {"cols": cols}] if missing else []
    return headers, errors


def _rows(dataset: tablib.Dataset, headers: list[str]):
    for index, values in enumerate(dataset, start=2):  # line 1 is the header
        if all(_text(v) == "" for v in values):
            continue
        yield index, dict(zip(headers, values, strict=False))


def import_employees(dataset: tablib.Dataset, *, actor, allow_update: bool, commit: bool) -> ImportReport:
    """Set-based: read what the rows touch in a few queries, check every row in memory with the
    services' own rules (``check_rank_rules``, ``check_assignment_rules``), and write in bulk only
    when every row passed. A 15,000-row file takes seconds, not minutes."""
    headers, file_errors = _header_errors(dataset, EMPLOYEE_REQUIRED)
    report = ImportReport(kind="employees", file_errors=file_errors)
    if file_errors:
        return report
    rows = list(_rows(dataset, headers))
    with transaction.atomic():
        plan = _EmployeePlan(rows, allow_update=allow_update, lock=commit)
        report.rows = plan.results
        if commit and not report.has_errors:
            plan.write(actor)
            report.applied = True
    return report


def _chunks(items: list, size: int = 900):
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(eq=False)
class _Seat:
    """An assignment as the import plan sees it (existing or planned)."""

    pk: int | None
    nip: str
    position_id: int
    position_type: str
    kind: str
    start: dt.date
    end: dt.date | None

    def overlaps(self, start: dt.date) -> bool:
        return self.end is None or self.end >= start

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and self.overlaps(day)


@dataclass
class _PlannedRow:
    employee: Employee
    changed: bool
    before: dict | None = None
    rank: tuple[Rank, dt.date] | None = None
    seat: _Seat | None = None
    position: Position | None = None
    ended: _Seat | None = None


class _EmployeePlan:
    """Every row of an employee import checked against the database read once and the rows
    before it, exactly as the services would check them one by one."""

    def __init__(self, rows: list[tuple[int, dict]], *, allow_update: bool, lock: bool):
        self.today = timezone.localdate()
        self.results: list[RowResult] = []
        self.planned: list[_PlannedRow] = []
        nips = list(dict.fromkeys("".join(_text(row.get("nip")).split()) for _line, row in rows))
        codes = list({_text(row.get("kode_jabatan")) for _line, row in rows} - {""})
        self.ranks = {r.code.upper(): r for r in Rank.objects.all()}
        self.positions: dict[str, Position] = {}
        for chunk in _chunks(codes):
            qs = Position.objects.filter(code__in=chunk)
            self.positions.update((p.code, p) for p in (qs.select_for_update() if lock else qs))
        self.employees: dict[str, Employee] = {}
        for chunk in _chunks(nips):
            qs = Employee.objects.filter(nip__in=chunk)
            self.employees.update((e.nip, e) for e in (qs.select_for_update() if lock else qs))
        self._load_history()
        self._load_seats(rows)
        seen: dict[str, int] = {}
        for line, row in rows:
            self._plan_row(line, row, seen, allow_update)

    def _load_history(self) -> None:
        nip_of = {e.pk: nip for nip, e in self.employees.items()}
        self.history: dict[str, list[tuple[dt.date, Rank]]] = {}
        ranks = {r.pk: r for r in self.ranks.values()}
        for chunk in _chunks(list(nip_of)):
            for emp_id, tmt, rank_id in RankHistory.objects.filter(employee_id__in=chunk).values_list(
                "employee_id", "tmt", "rank_id"
            ):
                self.history.setdefault(nip_of[emp_id], []).append((tmt, ranks[rank_id]))

    def _load_seats(self, rows) -> None:
        """The employees' assignments, and the definitive ones that may still hold a seat the file fills."""
        nip_of = {e.pk: nip for nip, e in self.employees.items()}
        self.seats_of: dict[str, list[_Seat]] = {}
        self.holders_of: dict[int, list[_Seat]] = {}
        columns = ("pk", "employee_id", "employee__nip", "position_id", "position__type", "kind", "start_date")
        found: dict[int, _Seat] = {}
        queries = [Assignment.objects.filter(employee_id__in=chunk) for chunk in _chunks(list(nip_of))]
        position_ids = [p.pk for p in self.positions.values()]
        queries += [
            Assignment.objects.filter(position_id__in=chunk, kind=Assignment.Kind.DEFINITIVE)
            for chunk in _chunks(position_ids)
        ]
        for qs in queries:
            for *values, end in qs.values_list(*columns, "end_date"):
                pk, _emp, nip, position_id, position_type, kind, start = values
                found.setdefault(pk, _Seat(pk, nip, position_id, position_type, kind, start, end))
        for seat in found.values():
            self._add_seat(seat)

    def _add_seat(self, seat: _Seat) -> None:
        self.seats_of.setdefault(seat.nip, []).append(seat)
        if seat.kind == Assignment.Kind.DEFINITIVE:
            self.holders_of.setdefault(seat.position_id, []).append(seat)

    def _plan_row(self, line: int, row: dict, seen: dict[str, int], allow_update: bool) -> None:
        nip = "".join(_text(row.get("nip")).split())
        result = RowResult(line=line, key=nip, label=_text(row.get("nama")))
        self.results.append(result)
        if nip in seen:
            result.status = ERROR
            result.errors.append(_("NIP ganda dalam berkas (sama dengan baris %(line)s).") % {"line": seen[nip]})
            return
        seen[nip] = line
        employee = self.employees.get(nip)
        if employee is not None and not allow_update:
            result.status = ERROR
            result.errors.append(_("NIP %(nip)s sudah terdaftar.") % {"nip": nip})
            return
        result.status = UPDATE if employee else NEW
        try:
            planned = self._check_row(row, nip, employee or Employee(nip=nip))
        except ValidationError as e:
            result.status = ERROR
            result.errors.extend(_messages(e, Employee))
            return
        self.planned.append(planned)
        if planned.rank:
            self.history.setdefault(nip, []).append((planned.rank[1], planned.rank[0]))
        if planned.ended:
            planned.ended.end = planned.seat.start - dt.timedelta(days=1)
        if planned.seat:
            self._add_seat(planned.seat)

    def _check_row(self, row: dict, nip: str, employee: Employee) -> _PlannedRow:
        """Everything wrong with the row at once, or what it would write. Changes nothing."""
        errors: list[str] = []
        parts = None
        try:
            parts = rules.parse_nip(nip)
        except ValidationError as e:
            errors.extend(e.messages)
        values = {
            "name": _text(row.get("nama")),
            "front_title": _text(row.get("gelar_depan")),
            "back_title": _text(row.get("gelar_belakang")),
            "birth_place": _text(row.get("tempat_lahir")),
        }
        for attr, column, label, choices, default in (
            ("sex", "jenis_kelamin", _("Jenis kelamin"), Employee.Sex.choices, parts.sex if parts else ""),
            ("employment_type", "jenis_kepegawaian", _("Jenis kepegawaian"), Employee.EmploymentType.choices, "PNS"),
            ("education", "pendidikan", _("Pendidikan"), Employee.Education.choices, ""),
            ("status", "status", _("Status"), Employee.Status.choices, Employee.Status.ACTIVE),
        ):
            try:
                values[attr] = _choice(row.get(column), choices, label, default)
            except ValidationError as e:
                errors.extend(e.messages)
        tmt_rank = tmt_position = None
        try:
            values["birth_date"] = _date(row.get("tanggal_lahir"), _("Tanggal lahir")) or (
                parts.birth_date if parts else None
            )
            tmt_rank = _date(row.get("tmt_golongan"), _("TMT golongan"))
            tmt_position = _date(row.get("tmt_jabatan"), _("TMT jabatan"))
        except ValidationError as e:
            errors.extend(e.messages)
        changed = any(getattr(employee, attr) != value for attr, value in values.items())
        # The plan read (and, when writing, locked) the row: this is what the database holds.
        before = services.employee_snapshot(employee.__dict__) if employee.pk else None
        if not errors:
            for attr, value in values.items():
                setattr(employee, attr, value)
            try:
                employee.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as e:
                errors.extend(_messages(e, Employee))
        planned = _PlannedRow(employee=employee, changed=changed or employee.pk is None, before=before)
        for check in (self._check_rank, self._check_position):
            try:
                check(planned, row, nip, tmt_rank, tmt_position)
            except ValidationError as e:
                errors.extend(_messages(e, Employee))
        if errors:
            raise ValidationError(errors)
        return planned

    def _check_rank(self, planned: _PlannedRow, row: dict, nip: str, tmt: dt.date | None, _tmt_position) -> None:
        code = _text(row.get("golongan"))
        if not code:
            return
        rank = self.ranks.get(code.upper().replace(" ", ""))
        if rank is None:
            raise ValidationError(_("Golongan tidak dikenal: %(code)s.") % {"code": code})
        if tmt is None:
            raise ValidationError(_("TMT golongan wajib diisi bila golongan diisi."))
        history = self.history.get(nip, [])
        if (tmt, rank) in history:
            return  # already recorded: importing the same file twice adds nothing
        try:
            services.check_rank_rules(rank=rank, tmt=tmt, history=history)
        except ValidationError as e:
            raise ValidationError([f"{_('Golongan')} {rank.code}: {msg}" for msg in e.messages]) from None
        planned.rank = (rank, tmt)

    def _check_position(self, planned: _PlannedRow, row: dict, nip: str, _tmt_rank, start: dt.date | None) -> None:
        """As ``assignment_create(kind=definitive, end_previous=True)`` would decide it."""
        code = _text(row.get("kode_jabatan"))
        if not code:
            return
        position = self.positions.get(code)
        if position is None:
            raise ValidationError(_("Kode jabatan tidak dikenal: %(code)s.") % {"code": code})
        if not position.is_active:
            raise ValidationError(_("Jabatan %(code)s tidak aktif.") % {"code": code})
        if start is None:
            raise ValidationError(_("TMT jabatan wajib diisi bila kode jabatan diisi."))
        mine = self.seats_of.get(nip, [])
        if any(s.position_id == position.pk and s.active_on(self.today) for s in mine):
            return  # already holds it
        open_definitive = [
            s for s in mine if s.kind == Assignment.Kind.DEFINITIVE and s.end is None and s.start < start
        ]
        ended = max(open_definitive, key=lambda s: (s.start, s.pk or 0), default=None)
        others = [(s.kind, s.position_type) for s in mine if s is not ended and s.overlaps(start)]
        holders = self.holders_of.get(position.pk, [])
        filled = sum(1 for s in holders if s is not ended and s.overlaps(start))
        services.check_assignment_rules(
            kind=Assignment.Kind.DEFINITIVE, position=position, others=others, filled=filled
        )
        planned.position = position
        planned.ended = ended
        planned.seat = _Seat(None, nip, position.pk, position.type, Assignment.Kind.DEFINITIVE, start, None)

    def write(self, actor) -> None:
        """Bulk inserts and updates, and their audit records, in the caller's transaction."""
        now = timezone.now()
        new = [p.employee for p in self.planned if p.employee.pk is None]
        changed = [p.employee for p in self.planned if p.employee.pk is not None and p.changed]
        Employee.objects.bulk_create(new, batch_size=1000)
        for employee in changed:
            employee.updated_at = now
        fields = ["name", "front_title", "back_title", "birth_place", "birth_date", "sex"]
        fields += ["employment_type", "education", "status", "updated_at"]
        Employee.objects.bulk_update(changed, fields, batch_size=1000)
        if not all(e.pk for e in new):  # a backend that does not return ids from a bulk insert
            ids = {}
            for chunk in _chunks([e.nip for e in new]):
                ids.update(Employee.objects.filter(nip__in=chunk).values_list("nip", "pk"))
            for employee in new:
                employee.pk = ids[employee.nip]
        ranks = [
            RankHistory(employee=p.employee, rank=p.rank[0], tmt=p.rank[1], kind=RankHistory.Kind.REGULAR)
            for p in self.planned
            if p.rank
        ]
        RankHistory.objects.bulk_create(ranks, batch_size=1000)
        reason = _("Impor data pegawai")
        self._end_previous(actor, reason)
        assignments = [
            Assignment(
                employee=p.employee, position=p.position, kind=Assignment.Kind.DEFINITIVE, start_date=p.seat.start
            )
            for p in self.planned
            if p.seat
        ]
        Assignment.objects.bulk_create(assignments, batch_size=1000)
        self._audit_employees(actor, new, reason)
        audit_bulk(
            actor=actor,
            action="rank.add",
            rows=[(r, None, {"rank": r.rank.code, "tmt": r.tmt.isoformat()}) for r in ranks],
        )
        audit_bulk(
            actor=actor,
            action="assignment.create",
            rows=[
                (
                    a,
                    None,
                    {
                        "employee": a.employee.nip,
                        "position": a.position.code,
                        "kind": a.kind,
                        "start_date": a.start_date.isoformat(),
                    },
                )
                for a in assignments
            ],
            reason=reason,
        )
        # One announcement for the whole file: the eligibility recompute coalesces it.
        events.employees_changed(employee_ids=[p.employee.pk for p in self.planned], reason="import")

    def _audit_employees(self, actor, new: list[Employee], reason: str) -> None:
        def snapshot(employee):
            return services.employee_snapshot(employee.__dict__)

        audit_bulk(actor=actor, action="employee.create", rows=[(e, None, snapshot(e)) for e in new], reason=reason)
        updates = []
        for p in self.planned:
            if (
                p.before is not None
                and p.changed
                and (changes := services.employee_changes(p.before, snapshot(p.employee)))
            ):
                updates.append((p.employee, *changes))
        audit_bulk(actor=actor, action="employee.update", rows=updates, reason=reason)

    def _end_previous(self, actor, reason: str) -> None:
        ends = {p.ended.pk: p.ended.end for p in self.planned if p.ended}
        rows = []
        for chunk in _chunks(list(ends)):
            rows += list(Assignment.objects.filter(pk__in=chunk).select_related("employee", "position"))
        audit_rows = []
        for assignment in rows:
            before = {"end_date": assignment.end_date.isoformat() if assignment.end_date else None}
            assignment.end_date = ends[assignment.pk]
            audit_rows.append((assignment, before, {"end_date": assignment.end_date.isoformat()}))
        Assignment.objects.bulk_update(rows, ["end_date"], batch_size=1000)
        audit_bulk(actor=actor, action="assignment.end", rows=audit_rows, reason=reason)


def import_positions(dataset: tablib.Dataset, *, actor, allow_update: bool, commit: bool) -> ImportReport:
    """Set-based like the employee import: checked in memory with the services' rules, written in bulk."""
    headers, file_errors = _header_errors(dataset, POSITION_REQUIRED)
    report = ImportReport(kind="positions", file_errors=file_errors)
    if file_errors:
        return report
    rows = list(_rows(dataset, headers))
    with transaction.atomic():
        plan = _PositionPlan(rows, allow_update=allow_update, lock=commit)
        report.rows = plan.results
        if commit and not report.has_errors:
            plan.write()
            report.applied = True
    return report


class _PositionPlan:
    """Every row of a position import checked as ``position_save`` would, superiors second so
    that a row may name a superior that comes later in the file."""

    def __init__(self, rows: list[tuple[int, dict]], *, allow_update: bool, lock: bool):
        self.results: list[RowResult] = []
        self.units = {u.code: u for u in OrgUnit.objects.all()}
        codes = {_text(row.get(column)) for _line, row in rows for column in ("kode", "kode_atasan")} - {""}
        self.stored: dict[str, Position] = {}
        for chunk in _chunks(sorted(codes)):
            if lock:  # FOR UPDATE cannot go with the GROUP BY of the seat counts: lock first
                list(Position.objects.filter(code__in=chunk).select_for_update().values_list("pk", flat=True))
            self.stored.update((p.code, p) for p in Position.objects.filter(code__in=chunk).with_seat_counts())
        self.planned: dict[str, tuple[RowResult, Position, str]] = {}
        seen: dict[str, int] = {}
        for line, row in rows:
            self._plan_row(line, row, seen, allow_update)
        for result, position, superior_code in list(self.planned.values()):
            self._link_superior(result, position, superior_code)
        self.planned = {code: item for code, item in self.planned.items() if item[0].status != ERROR}

    def _plan_row(self, line: int, row: dict, seen: dict[str, int], allow_update: bool) -> None:
        code = _text(row.get("kode"))
        result = RowResult(line=line, key=code, label=_text(row.get("nama_jabatan")))
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
            result.errors.extend(_messages(e, Position))
            return
        self.planned[code] = (result, position, _text(row.get("kode_atasan")))

    def _check_row(self, row: dict, code: str, stored: Position | None) -> Position:
        errors: list[str] = []
        unit_code = _text(row.get("kode_unit"))
        unit = self.units.get(unit_code)
        if unit is None:
            errors.append(_("Kode unit tidak dikenal: %(code)s.") % {"code": unit_code})
        values = {"title": _text(row.get("nama_jabatan")), "org_unit": unit}
        try:
            values["type"] = _choice(row.get("jenis"), Position.Type.choices, _("Jenis jabatan"))
            values["level"] = _choice(row.get("jenjang"), Position.Level.choices, _("Jenjang"))
        except ValidationError as e:
            errors.extend(e.messages)
        for attr, column, label, default in (
            ("kelas_jabatan", "kelas_jabatan", _("Kelas jabatan"), None),
            ("formasi", "formasi", _("Formasi"), 1),
        ):
            text = _text(row.get(column))
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
                _messages(
                    ValidationError({"reports_to": _("Jabatan tidak dapat menjadi atasan dirinya sendiri.")}), Position
                )
            )
        else:
            position.reports_to = superior

    def write(self) -> None:
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
        competencies = list(Competency.objects.exclude(kind=Competency.Kind.TECHNICAL))
        standard = [row for position in new for row in services.default_standard_rows(position, competencies)]
        PositionCompetency.objects.bulk_create(standard, batch_size=1000)


IMPORTERS = {"employees": import_employees, "positions": import_positions}
