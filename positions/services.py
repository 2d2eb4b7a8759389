"""Writes with business rules for org units, positions, employees and their record."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from semarang_asn.core import events
from semarang_asn.core.concurrency import version_check
from semarang_asn.core.services import audit_record, stored_values

from . import current, rules
from .models import (
    AssessedCompetency,
    Assignment,
    Competency,
    CompetencyAssessment,
    DisciplinaryRecord,
    Employee,
    OrgUnit,
    Position,
    PositionCompetency,
    Rank,
    RankHistory,
)
from .rules import DEFAULT_STANDARD_LEVEL


def _opd_of(parent: OrgUnit | None) -> OrgUnit | None:
    if parent is None:
        return None
    return parent.opd or parent


@transaction.atomic
def orgunit_save(*, unit: OrgUnit, version: str | None = None) -> OrgUnit:
    """Create or update a unit; its OPD (the tree's root) is derived from the parent.
    With ``version`` (from an edit form) a save over someone else's change is refused."""
    unit.full_clean()
    version_check(unit, version)
    old_opd = OrgUnit.objects.filter(pk=unit.pk).values_list("opd_id", flat=True).first() if unit.pk else None
    unit.opd = _opd_of(unit.parent)
    unit.save()
    if unit.pk and old_opd != unit.opd_id:
        _reroot_descendants(unit)
        root = unit.opd or unit
        current.refresh_holders(
            Position.objects.filter(Q(org_unit=root) | Q(org_unit__opd=root)).values_list("pk", flat=True)
        )
    return unit


def _reroot_descendants(unit: OrgUnit) -> None:
    root = unit.opd or unit
    frontier = [unit.pk]
    while frontier:
        OrgUnit.objects.filter(parent_id__in=frontier).update(opd=root)
        frontier = list(OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))


def check_formasi(*, position_id: int | None, formasi: int, filled: int | None = None) -> None:
    """Formasi may not drop below the seats already filled (also checked by the admin form and,
    with ``filled`` read in bulk, by the position import)."""
    if position_id is None:
        return
    if filled is None:
        filled = Position.objects.with_seat_counts().filter(pk=position_id).values_list("bezetting", flat=True).first()
    if filled and formasi < filled:
        raise ValidationError(
            {"formasi": _("Formasi %(f)s lebih kecil dari bezetting %(b)s.") % {"f": formasi, "b": filled}}
        )


@transaction.atomic
def position_save(
    *, position: Position, actor=None, default_standard: bool = True, version: str | None = None
) -> Position:
    """Create or update a position. A new one gets the default managerial and
    socio-cultural standard for its level (editable afterwards). With ``version`` (from an
    edit form) a save over someone else's change is refused."""
    position.full_clean()
    version_check(position, version)
    is_new = position.pk is None
    check_formasi(position_id=position.pk, formasi=position.formasi)
    stored = None if is_new else Position.objects.filter(pk=position.pk).values_list("org_unit_id", "type").first()
    position.save()
    if stored is not None and stored != (position.org_unit_id, position.type):
        current.refresh_holders([position.pk])  # its holders' OPD or position type changed
    if is_new and default_standard:
        comps = Competency.objects.exclude(kind=Competency.Kind.TECHNICAL)
        PositionCompetency.objects.bulk_create(default_standard_rows(position, comps))
    return position


def default_standard_rows(position: Position, competencies) -> list[PositionCompetency]:
    """The default managerial and socio-cultural standard of a new position, for its level."""
    level = DEFAULT_STANDARD_LEVEL[position.level]
    return [PositionCompetency(position=position, competency=c, required_level=level) for c in competencies]


@transaction.atomic
def position_set_standard(*, position: Position, levels: dict[int, int | None], actor=None) -> None:
    """Replace the competency standard: {competency_id: required level or None to drop}.

    The standard is what JPM is measured against, so a change is audited."""
    before = _standard_codes(position)
    for comp_id, level in levels.items():
        if level is None:
            PositionCompetency.objects.filter(position=position, competency_id=comp_id).delete()
        elif not 1 <= level <= 5:
            raise ValidationError(_("Level standar harus 1 sampai 5."))
        else:
            PositionCompetency.objects.update_or_create(
                position=position, competency_id=comp_id, defaults={"required_level": level}
            )
    after = _standard_codes(position)
    if after != before:
        audit_record(actor=actor, action="position.standard", target=position, before=before, after=after)


def _standard_codes(position: Position) -> dict[str, int]:
    return dict(PositionCompetency.objects.filter(position=position).values_list("competency__code", "required_level"))


# Master data that eligibility, screening and the record read: every change is audited.
EMPLOYEE_AUDITED_FIELDS = [
    "nip",
    "name",
    "front_title",
    "back_title",
    "birth_place",
    "birth_date",
    "sex",
    "employment_type",
    "education",
    "status",
    "email",
    "phone",
]


def employee_snapshot(values: dict) -> dict:
    """The audited master data as JSON (dates as ISO text), from a row or an instance's values."""
    return {
        field: value.isoformat() if isinstance(value, dt.date) else value
        for field, value in values.items()
        if field in EMPLOYEE_AUDITED_FIELDS
    }


def employee_changes(before: dict, after: dict) -> tuple[dict, dict] | None:
    """Only the fields that changed, as (before, after); None when nothing did."""
    changed = [field for field in EMPLOYEE_AUDITED_FIELDS if before.get(field) != after.get(field)]
    if not changed:
        return None
    return {f: before.get(f) for f in changed}, {f: after.get(f) for f in changed}


@transaction.atomic
def employee_save(*, employee: Employee, actor=None, reason: str = "", version: str | None = None) -> Employee:
    """Create or correct an employee's master data; audited with before and after. With
    ``version`` (from an edit form) a save over someone else's change is refused."""
    employee.full_clean()
    version_check(employee, version)
    before = employee_snapshot(stored_values(employee, EMPLOYEE_AUDITED_FIELDS)) if employee.pk else None
    employee.save()
    after = employee_snapshot({field: getattr(employee, field) for field in EMPLOYEE_AUDITED_FIELDS})
    if before is None:
        audit_record(actor=actor, action="employee.create", target=employee, after=after, reason=reason)
    elif changes := employee_changes(before, after):
        audit_record(
            actor=actor, action="employee.update", target=employee, before=changes[0], after=changes[1], reason=reason
        )
    events.employees_changed(employee_ids=[employee.pk], reason="employee")
    return employee


def check_assignment_rules(*, kind: str, position: Position, others: list[tuple[str, str]], filled: int) -> None:
    """The record rules of DOMAIN.md for one new assignment, given what overlaps it: ``others`` are
    (kind, position type) of the employee's other assignments, ``filled`` the definitive holders of
    the seat. Shared by ``assignment_create`` and the set-based employee import."""
    if kind == Assignment.Kind.DEFINITIVE and any(k == Assignment.Kind.DEFINITIVE for k, _type in others):
        raise ValidationError(
            _("Pegawai sudah memegang jabatan definitif pada periode ini; akhiri jabatan lama lebih dulu.")
        )
    types = {t for _kind, t in others}
    if (position.type == Position.Type.JA and Position.Type.JF in types) or (
        position.type == Position.Type.JF and Position.Type.JA in types
    ):
        raise ValidationError(_("Jabatan Administrasi dan Jabatan Fungsional tidak boleh dirangkap."))
    if kind == Assignment.Kind.DEFINITIVE and filled >= position.formasi:
        raise ValidationError(
            _("Formasi %(title)s (%(code)s) sudah penuh (%(n)s dari %(f)s kursi terisi).")
            % {"title": position.title, "code": position.code, "n": filled, "f": position.formasi}
        )


@transaction.atomic
def employee_get_or_create_by_nip(*, nip: str, name: str, education: str = "", actor=None) -> Employee:
    """The employee with this NIP; a new record (birth date and sex from the NIP) when there is
    none, e.g. an external candidate appointed from another government."""
    existing = Employee.objects.filter(nip=nip).first()
    if existing is not None:
        return existing
    parts = rules.parse_nip(nip)
    employee = Employee(
        nip=nip,
        name=name,
        birth_date=parts.birth_date,
        sex=parts.sex,
        education=education or Employee.Education.S1,
    )
    return employee_save(employee=employee, actor=actor)


def _check_assignment(assignment: Assignment) -> None:
    if assignment.end_date and assignment.end_date < assignment.start_date:
        raise ValidationError({"end_date": _("Tanggal selesai sebelum TMT mulai.")})
    others = (
        Assignment.objects.filter(employee=assignment.employee)
        .exclude(pk=assignment.pk)
        .overlapping(assignment.start_date, assignment.end_date)
        .values_list("kind", "position__type")
    )
    filled = 0
    if assignment.kind == Assignment.Kind.DEFINITIVE:
        filled = (
            Assignment.objects.filter(position=assignment.position, kind=Assignment.Kind.DEFINITIVE)
            .exclude(pk=assignment.pk)
            .overlapping(assignment.start_date, assignment.end_date)
            .count()
        )
    check_assignment_rules(kind=assignment.kind, position=assignment.position, others=list(others), filled=filled)


@transaction.atomic
def assignment_create(
    *,
    employee: Employee,
    position: Position,
    start_date: dt.date,
    kind: str = Assignment.Kind.DEFINITIVE,
    end_date: dt.date | None = None,
    decree_number: str = "",
    note: str = "",
    end_previous: bool = False,
    actor=None,
    reason: str = "",
) -> Assignment:
    """Place an employee on a seat. With ``end_previous`` an open definitive assignment
    ends the day before (a transfer or promotion). Audited as an appointment."""
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    Position.objects.select_for_update().filter(pk=position.pk).first()
    if end_previous and kind == Assignment.Kind.DEFINITIVE:
        previous = Assignment.objects.filter(
            employee=employee, kind=Assignment.Kind.DEFINITIVE, end_date__isnull=True, start_date__lt=start_date
        ).first()
        if previous:
            previous.end_date = start_date - dt.timedelta(days=1)
            previous.save(update_fields=["end_date"])
    assignment = Assignment(
        employee=employee,
        position=position,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        decree_number=decree_number,
        note=note,
    )
    assignment.full_clean(validate_constraints=False)
    _check_assignment(assignment)
    assignment.save()
    audit_record(
        actor=actor,
        action="assignment.create",
        target=assignment,
        after={
            "employee": employee.nip,
            "position": position.code,
            "kind": kind,
            "start_date": start_date.isoformat(),
        },
        reason=reason or decree_number,
    )
    current.refresh_employee(employee)
    events.employees_changed(employee_ids=[employee.pk], reason="assignment")
    return assignment


@transaction.atomic
def assignment_end(*, assignment: Assignment, end_date: dt.date, actor=None, reason: str = "") -> Assignment:
    if end_date < assignment.start_date:
        raise ValidationError({"end_date": _("Tanggal selesai sebelum TMT mulai.")})
    before = {"end_date": assignment.end_date.isoformat() if assignment.end_date else None}
    assignment.end_date = end_date
    assignment.save(update_fields=["end_date"])
    audit_record(
        actor=actor,
        action="assignment.end",
        target=assignment,
        before=before,
        after={"end_date": end_date.isoformat()},
        reason=reason,
    )
    _refresh_current(assignment, Assignment.employee)
    events.employees_changed(employee_ids=[assignment.employee_id], reason="assignment")
    return assignment


def _refresh_current(row, field) -> None:
    """The stored current fields of the row's employee; the employee loaded with the row, if
    it was, reads them too."""
    if field.is_cached(row):
        current.refresh_employee(row.employee)
    else:
        current.refresh([row.employee_id])


def check_rank_rules(*, rank: Rank, tmt: dt.date, history: list[tuple[dt.date, Rank]]) -> None:
    """A new rank must have its own TMT and rise above the rank before it and stay below the
    rank after it. ``history`` is the employee's (TMT, rank) rows. Shared with the employee import."""
    if tmt > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError({"tmt": _("TMT pangkat terlalu jauh di masa depan.")})
    if any(when == tmt for when, _rank in history):
        raise ValidationError({"tmt": _("Sudah ada riwayat pangkat dengan TMT ini.")})
    before = max(((when, r) for when, r in history if when < tmt), default=None, key=lambda h: h[0])
    if before and before[1].order >= rank.order:
        raise ValidationError({"rank": _("Pangkat baru harus lebih tinggi dari %(rank)s.") % {"rank": before[1].code}})
    after = min(((when, r) for when, r in history if when > tmt), default=None, key=lambda h: h[0])
    if after and after[1].order <= rank.order:
        raise ValidationError(
            {
                "rank": _("Pangkat harus lebih rendah dari %(rank)s yang ber-TMT %(tmt)s.")
                % {"rank": after[1].code, "tmt": date_format(after[0], "SHORT_DATE_FORMAT")}
            }
        )


@transaction.atomic
def assignment_update(
    *,
    assignment: Assignment,
    position: Position,
    kind: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    decree_number: str = "",
    note: str = "",
    actor=None,
    reason: str = "",
    version: str | None = None,
) -> Assignment:
    """Correct an assignment (a wrong TMT, seat or kind): the same rules as a new one, audited.
    With ``version`` (from the form) a save over someone else's change is refused."""
    Employee.objects.select_for_update().filter(pk=assignment.employee_id).first()
    version_check(assignment, version)
    Position.objects.select_for_update().filter(pk__in=[position.pk, assignment.position_id]).first()
    before = _assignment_snapshot(assignment)
    assignment.position = position
    assignment.kind = kind
    assignment.start_date = start_date
    assignment.end_date = end_date
    assignment.decree_number = decree_number
    assignment.note = note
    assignment.full_clean(validate_constraints=False)
    _check_assignment(assignment)
    assignment.save()
    after = _assignment_snapshot(assignment)
    if after != before:
        audit_record(
            actor=actor, action="assignment.update", target=assignment, before=before, after=after, reason=reason
        )
    _refresh_current(assignment, Assignment.employee)
    events.employees_changed(employee_ids=[assignment.employee_id], reason="assignment")
    return assignment


def _assignment_snapshot(assignment: Assignment) -> dict:
    return {
        "position": assignment.position.code,
        "kind": assignment.kind,
        "start_date": assignment.start_date.isoformat(),
        "end_date": assignment.end_date.isoformat() if assignment.end_date else None,
        "decree_number": assignment.decree_number,
    }


@transaction.atomic
def rank_history_add(
    *,
    employee: Employee,
    rank: Rank,
    tmt: dt.date,
    kind: str = RankHistory.Kind.REGULAR,
    decree_number: str = "",
    actor=None,
) -> RankHistory:
    history = RankHistory.objects.filter(employee=employee).select_related("rank")
    check_rank_rules(rank=rank, tmt=tmt, history=[(h.tmt, h.rank) for h in history])
    row = RankHistory(employee=employee, rank=rank, tmt=tmt, kind=kind, decree_number=decree_number)
    row.full_clean()
    row.save()
    audit_record(actor=actor, action="rank.add", target=row, after={"rank": rank.code, "tmt": tmt.isoformat()})
    current.refresh_employee(employee)
    events.employees_changed(employee_ids=[employee.pk], reason="rank")
    return row


@transaction.atomic
def rank_history_update(
    *,
    row: RankHistory,
    rank: Rank,
    tmt: dt.date,
    kind: str,
    decree_number: str = "",
    actor=None,
    reason: str = "",
    version: str | None = None,
) -> RankHistory:
    """Correct a rank entry; it must still fit between the entries before and after it. Audited.
    With ``version`` (from the form) a save over someone else's change is refused."""
    Employee.objects.select_for_update().filter(pk=row.employee_id).first()
    version_check(row, version)
    others = RankHistory.objects.filter(employee_id=row.employee_id).exclude(pk=row.pk).select_related("rank")
    check_rank_rules(rank=rank, tmt=tmt, history=[(h.tmt, h.rank) for h in others])
    before = {"rank": row.rank.code, "tmt": row.tmt.isoformat(), "kind": row.kind, "decree_number": row.decree_number}
    row.rank, row.tmt, row.kind, row.decree_number = rank, tmt, kind, decree_number
    row.full_clean(validate_constraints=False)
    row.save()
    after = {"rank": rank.code, "tmt": tmt.isoformat(), "kind": kind, "decree_number": decree_number}
    if after != before:
        audit_record(actor=actor, action="rank.update", target=row, before=before, after=after, reason=reason)
    _refresh_current(row, RankHistory.employee)
    events.employees_changed(employee_ids=[row.employee_id], reason="rank")
    return row


def _check_discipline(record: DisciplinaryRecord) -> None:
    if record.end_date and record.start_date and record.end_date < record.start_date:
        raise ValidationError({"end_date": _("Tanggal berakhir sebelum tanggal mulai berlaku.")})
    if record.start_date and record.decided_on and record.start_date < record.decided_on:
        raise ValidationError({"start_date": _("Hukuman tidak dapat berlaku sebelum tanggal keputusannya.")})
    record.full_clean()


def _discipline_snapshot(record: DisciplinaryRecord) -> dict:
    return {
        "level": record.level,
        "sanction": record.sanction,
        "decree_number": record.decree_number,
        "decided_on": record.decided_on.isoformat(),
        "start_date": record.start_date.isoformat(),
        "end_date": record.end_date.isoformat() if record.end_date else None,
    }


@transaction.atomic
def discipline_add(*, record: DisciplinaryRecord, actor=None) -> DisciplinaryRecord:
    _check_discipline(record)
    record.save()
    audit_record(
        actor=actor,
        action="discipline.add",
        target=record,
        after={"level": record.level, "decided_on": record.decided_on.isoformat()},
    )
    events.employees_changed(employee_ids=[record.employee_id], reason="discipline")
    return record


@transaction.atomic
def discipline_update(
    *, record: DisciplinaryRecord, actor=None, reason: str = "", version: str | None = None
) -> DisciplinaryRecord:
    """Correct a disciplinary record; it bears on eligibility for selection, so it is audited.
    With ``version`` (from the form) a save over someone else's change is refused."""
    version_check(record, version)
    stored = DisciplinaryRecord.objects.select_for_update().get(pk=record.pk)
    _check_discipline(record)
    before, after = _discipline_snapshot(stored), _discipline_snapshot(record)
    record.save()
    if after != before:
        audit_record(actor=actor, action="discipline.update", target=record, before=before, after=after, reason=reason)
    events.employees_changed(employee_ids=[record.employee_id], reason="discipline")
    return record


@transaction.atomic
def competency_assessment_record(
    *,
    employee: Employee,
    method: str,
    assessed_on: dt.date,
    levels: dict[str, int],
    potential: str = "",
    institution: str = "",
    note: str = "",
    actor=None,
) -> CompetencyAssessment:
    """Record one assessment session; ``levels`` maps competency code → level 1..5."""
    if not levels:
        raise ValidationError(_("Isi setidaknya satu level kompetensi."))
    comps = {c.code: c for c in Competency.objects.filter(code__in=levels)}
    unknown = sorted(set(levels) - set(comps))
    if unknown:
        raise ValidationError(_("Kompetensi tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)})
    bad = [code for code, level in levels.items() if not 1 <= int(level) <= 5]
    if bad:
        raise ValidationError(_("Level harus 1 sampai 5: %(codes)s.") % {"codes": ", ".join(bad)})
    if assessed_on > dt.date.today():
        raise ValidationError({"assessed_on": _("Tanggal asesmen di masa depan.")})
    session = CompetencyAssessment(
        employee=employee,
        method=method,
        assessed_on=assessed_on,
        potential=potential,
        institution=institution,
        note=note,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    session.full_clean()
    session.save()
    AssessedCompetency.objects.bulk_create(
        [AssessedCompetency(assessment=session, competency=comps[code], level=int(lv)) for code, lv in levels.items()]
    )
    audit_record(
        actor=actor,
        action="competency_assessment.record",
        target=session,
        after={"levels": {k: int(v) for k, v in levels.items()}, "potential": potential},
    )
    events.employees_changed(employee_ids=[employee.pk], reason="competency")
    return session
