"""The employee import: set-based, checked with the services' own rules, all-or-nothing."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import tablib
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from semarang_asn.core import events
from semarang_asn.core.services import audit_bulk

from .. import current, rules, services
from ..columns import EMPLOYEE_REQUIRED
from ..models import Assignment, Employee, Position, Rank, RankHistory
from .reading import (
    ERROR,
    NEW,
    UPDATE,
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


def import_employees(
    dataset: tablib.Dataset, *, actor, allow_update: bool, commit: bool, progress: Progress | None = None
) -> ImportReport:
    """Set-based: read what the rows touch in a few queries, check every row in memory with the
    services' own rules (``check_rank_rules``, ``check_assignment_rules``), and write in bulk only
    when every row passed. A 15,000-row file takes seconds, not minutes."""
    headers, file_errors = header_errors(dataset, EMPLOYEE_REQUIRED)
    report = ImportReport(kind="employees", file_errors=file_errors)
    if file_errors:
        return report
    rows = list(data_rows(dataset, headers))
    make_plan = functools.partial(_EmployeePlan, allow_update=allow_update)
    return check_and_write(report, rows, make_plan, actor=actor, commit=commit, progress=progress)


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


def _earliest_date(rows, column: str) -> dt.date | None:
    dates = []
    for _line, row in rows:
        try:
            dates.append(cell_date(row.get(column), column))
        except ValidationError:
            continue  # the row is refused when it is checked
    return min((d for d in dates if d is not None), default=None)


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

    def __init__(self, rows: list[tuple[int, dict]], *, allow_update: bool, lock: bool, progress: Progress):
        self.today = timezone.localdate()
        self.results: list[RowResult] = []
        self.planned: list[_PlannedRow] = []
        nips = list(dict.fromkeys("".join(cell_text(row.get("nip")).split()) for _line, row in rows))
        codes = list({cell_text(row.get("kode_jabatan")) for _line, row in rows} - {""})
        self.ranks = {r.code.upper(): r for r in Rank.objects.all()}
        self.positions: dict[str, Position] = {}
        for chunk in chunks(codes):
            qs = Position.objects.filter(code__in=chunk)
            self.positions.update((p.code, p) for p in (qs.select_for_update() if lock else qs))
        self.employees: dict[str, Employee] = {}
        for chunk in chunks(nips):
            qs = Employee.objects.filter(nip__in=chunk)
            self.employees.update((e.nip, e) for e in (qs.select_for_update() if lock else qs))
        self._load_history()
        self._load_seats(rows)
        seen: dict[str, int] = {}
        for done, (line, row) in enumerate(rows, start=1):
            self._plan_row(line, row, seen, allow_update)
            progress(done, len(rows), _("Memeriksa baris"))

    def _load_history(self) -> None:
        nip_of = {e.pk: nip for nip, e in self.employees.items()}
        self.history: dict[str, list[tuple[dt.date, Rank]]] = {}
        ranks = {r.pk: r for r in self.ranks.values()}
        for chunk in chunks(list(nip_of)):
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
        queries = [Assignment.objects.filter(employee_id__in=chunk) for chunk in chunks(list(nip_of))]
        # Other holders of the file's seats count only while they overlap a row's TMT jabatan
        # (``_check_position``): those whose assignment ended before the earliest TMT in the
        # file never do, and a seat's whole history is not read for them.
        earliest = _earliest_date(rows, "tmt_jabatan")
        position_ids = [p.pk for p in self.positions.values()] if earliest else []
        queries += [
            Assignment.objects.filter(position_id__in=chunk, kind=Assignment.Kind.DEFINITIVE).filter(
                Q(end_date__isnull=True) | Q(end_date__gte=earliest)
            )
            for chunk in chunks(position_ids)
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
        nip = "".join(cell_text(row.get("nip")).split())
        result = RowResult(line=line, key=nip, label=cell_text(row.get("nama")))
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
            result.errors.extend(error_messages(e, Employee))
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
            "name": cell_text(row.get("nama")),
            "front_title": cell_text(row.get("gelar_depan")),
            "back_title": cell_text(row.get("gelar_belakang")),
            "birth_place": cell_text(row.get("tempat_lahir")),
        }
        for attr, column, label, choices, default in (
            ("sex", "jenis_kelamin", _("Jenis kelamin"), Employee.Sex.choices, parts.sex if parts else ""),
            ("employment_type", "jenis_kepegawaian", _("Jenis kepegawaian"), Employee.EmploymentType.choices, "PNS"),
            ("education", "pendidikan", _("Pendidikan"), Employee.Education.choices, ""),
            ("status", "status", _("Status"), Employee.Status.choices, Employee.Status.ACTIVE),
        ):
            try:
                values[attr] = cell_choice(row.get(column), choices, label, default)
            except ValidationError as e:
                errors.extend(e.messages)
        tmt_rank = tmt_position = None
        try:
            values["birth_date"] = cell_date(row.get("tanggal_lahir"), _("Tanggal lahir")) or (
                parts.birth_date if parts else None
            )
            tmt_rank = cell_date(row.get("tmt_golongan"), _("TMT golongan"))
            tmt_position = cell_date(row.get("tmt_jabatan"), _("TMT jabatan"))
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
                errors.extend(error_messages(e, Employee))
        planned = _PlannedRow(employee=employee, changed=changed or employee.pk is None, before=before)
        for check in (self._check_rank, self._check_position):
            try:
                check(planned, row, nip, tmt_rank, tmt_position)
            except ValidationError as e:
                errors.extend(error_messages(e, Employee))
        if errors:
            raise ValidationError(errors)
        return planned

    def _check_rank(self, planned: _PlannedRow, row: dict, nip: str, tmt: dt.date | None, _tmt_position) -> None:
        code = cell_text(row.get("golongan"))
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
        code = cell_text(row.get("kode_jabatan"))
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
            for chunk in chunks([e.nip for e in new]):
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
        # The stored current rank/position/OPD of every employee the file touched, in one UPDATE.
        current.refresh([p.employee.pk for p in self.planned])
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
        for chunk in chunks(list(ends)):
            rows += list(Assignment.objects.filter(pk__in=chunk).select_related("employee", "position"))
        audit_rows = []
        for assignment in rows:
            before = {"end_date": assignment.end_date.isoformat() if assignment.end_date else None}
            assignment.end_date = ends[assignment.pk]
            audit_rows.append((assignment, before, {"end_date": assignment.end_date.isoformat()}))
        Assignment.objects.bulk_update(rows, ["end_date"], batch_size=1000)
        audit_bulk(actor=actor, action="assignment.end", rows=audit_rows, reason=reason)
