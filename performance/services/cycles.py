"""Cycle lifecycle: create, open set-based, remind, move to calibration, close with credit points."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from positions.models import Assignment, Employee, OrgUnit, Position
from positions.rules import span_of_periods
from semarang_asn.core import events
from semarang_asn.core.services import audit_bulk, audit_record, notification_send, setting_value

from .. import rules, selectors
from ..models import (
    CreditPoint,
    Evaluation,
    EvaluationCycle,
    UnitCalibration,
)

Status = EvaluationCycle.Status


@transaction.atomic
def cycle_create(
    *,
    actor,
    name: str,
    kind: str,
    year: int,
    period_start: dt.date,
    period_end: dt.date,
    open_date: dt.date,
    rating_deadline: dt.date,
    objection_deadline: dt.date | None = None,
) -> EvaluationCycle:
    if objection_deadline is None and rating_deadline is not None:
        days = int(setting_value("performance.objection_window_days"))
        objection_deadline = rating_deadline + dt.timedelta(days=days)
    cycle = EvaluationCycle(
        name=name,
        kind=kind,
        year=year,
        period_start=period_start,
        period_end=period_end,
        open_date=open_date,
        rating_deadline=rating_deadline,
        objection_deadline=objection_deadline,
    )
    cycle.full_clean()
    cycle.save()
    audit_record(actor=actor, action="performance.cycle_create", target=cycle, after={"name": name, "kind": kind})
    return cycle


def _locked(cycle: EvaluationCycle) -> EvaluationCycle:
    """The cycle row re-read under a row lock, so two workers serialise on it."""
    return EvaluationCycle.objects.select_for_update().get(pk=cycle.pk)


@dataclass
class OrgTree:
    """The org tree on one day as plain maps, for the rules that walk it (who rates, which
    calibration unit): a constant number of queries whatever the size."""

    reports_to: dict[int, int | None]
    levels: dict[int, str]
    org_unit_of: dict[int, int]
    units: dict[int, tuple[int | None, str]]
    opd_of_unit: dict[int, int]
    holders: dict[int, list[int]]  # seat -> active holders, definitive first
    position_of: dict[int, int]  # active employee -> the seat they hold (definitive first)

    def rater_and_superior(self, employee_id: int, position_id: int | None):
        return rules.rater_and_superior(
            employee_id, position_id, reports_to=self.reports_to, levels=self.levels, holders=self.holders
        )

    def calibration_unit(self, position_id: int, per: str) -> int:
        return rules.calibration_unit(
            self.org_unit_of[position_id], units=self.units, per=per, bidang_kind=OrgUnit.Kind.BIDANG
        )

    def is_unit_head(self, position_id: int, per: str) -> bool:
        """Holds the unit's top seat: reporting to nobody, or to a seat outside the unit (a
        Camat to the Sekda, a Kabid to the Kadis when calibrating per Bidang/Bagian)."""
        above = self.reports_to.get(position_id)
        return above is None or self.calibration_unit(above, per) != self.calibration_unit(position_id, per)


def org_tree(on: dt.date) -> OrgTree:
    units = {}
    opd_of_unit = {}
    for pk, parent_id, kind, opd_id in OrgUnit.objects.values_list("pk", "parent_id", "kind", "opd_id"):
        units[pk] = (parent_id, kind)
        opd_of_unit[pk] = opd_id or pk
    reports_to, levels, org_unit_of = {}, {}, {}
    for pk, up, level, unit_id in Position.objects.values_list("pk", "reports_to_id", "level", "org_unit_id"):
        reports_to[pk], levels[pk], org_unit_of[pk] = up, level, unit_id
    holders: dict[int, list[int]] = {}
    position_of: dict[int, int] = {}
    held = (
        Assignment.objects.active_on(on)
        .filter(employee__status=Employee.Status.ACTIVE)
        .order_by("kind", "-start_date", "pk")  # "definitive" sorts before "plt"
        .values_list("position_id", "employee_id")
    )
    for position_id, employee_id in held:
        holders.setdefault(position_id, []).append(employee_id)
        position_of.setdefault(employee_id, position_id)
    return OrgTree(reports_to, levels, org_unit_of, units, opd_of_unit, holders, position_of)


def calibration_per() -> str:
    """Per OPD unless the agency configured per Bidang/Bagian (core.Setting)."""
    value = str(setting_value("performance.calibration_unit")).strip().lower()
    return rules.CALIBRATE_PER_BIDANG if value == rules.CALIBRATE_PER_BIDANG else rules.CALIBRATE_PER_OPD


EVALUATION_COLUMNS = {
    "cycle_id": "bigint",
    "employee_id": "bigint",
    "position_id": "bigint",
    "opd_id": "bigint",
    "unit_id": "bigint",
    "rater_id": "bigint",
    "rater_position_id": "bigint",
    "rater_superior_id": "bigint",
    "is_unit_head": "boolean",
}


def _evaluation_rows(cycle: EvaluationCycle, on: dt.date) -> list[tuple]:
    """One row per active employee (a tuple in the order of EVALUATION_COLUMNS): seat, OPD,
    calibration unit, head or not, rater (with the seat they rate from) and the rater's superior.

    Everything but the exclusion of the employee themselves depends on the seat alone, so it is
    worked out once per seat: the rater and superior found for "anybody" in that seat are the
    employee's own unless the employee is one of them (a Plt rating their own seat's holder
    list), and only then is the search repeated with the employee left out. Same answers as
    ``rules.rater_and_superior`` per employee (checked by the naive loop in the benchmark)."""
    tree = org_tree(on)
    per = calibration_per()
    cycle_id = cycle.pk
    seats: dict[int | None, tuple] = {None: (None, None, False, (None, None, None))}
    rows = []
    for employee_id in Employee.objects.active().order_by("pk").values_list("pk", flat=True):
        position_id = tree.position_of.get(employee_id)
        seat = seats.get(position_id)
        if seat is None:
            unit = tree.calibration_unit(position_id, per)
            anybody = tree.rater_and_superior(None, position_id)
            seat = seats[position_id] = (unit, tree.opd_of_unit[unit], tree.is_unit_head(position_id, per), anybody)
        unit, opd, head, (rater, rater_seat, superior) = seat
        if employee_id in (rater, superior):
            rater, rater_seat, superior = tree.rater_and_superior(employee_id, position_id)
        rows.append((cycle_id, employee_id, position_id, opd, unit, rater, rater_seat, superior, head))
    return rows


def _array(values, sql_type: str) -> str:
    """A column of ids (None: NULL) or booleans as one PostgreSQL array literal, bound as a
    single text parameter and cast by the query. psycopg's list adapter quotes element by
    element (a regular expression each): at 15,000 rows it cost more than the insert itself."""
    if sql_type == "boolean":
        return "{" + ",".join("t" if v else "f" for v in values) + "}"
    return "{" + ",".join("NULL" if v is None else str(int(v)) for v in values) + "}"


def _insert_evaluations(rows: list[tuple]) -> int:
    """INSERT … SELECT: one statement whatever the row count, the rows bound as one array per
    column (PostgreSQL) or one JSON array (SQLite), less the employees the cycle already has
    (an anti-join on the unique (cycle, employee) index), so a second run inserts nothing.
    Only ``cycle_open`` writes evaluations, under the cycle's row lock, so two runs cannot
    race; the unique constraint still guards. Not ``ON CONFLICT DO NOTHING``: its speculative
    insertion made each row's insert dearer (about 15 % of the insert at 15,000, before the
    foreign-key checks).
    Returns how many evaluations were created."""
    if not rows:
        return 0
    q = connection.ops.quote_name
    names = ", ".join(q(c) for c in EVALUATION_COLUMNS)
    table = q(Evaluation._meta.db_table)
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{t}[]" for t in EVALUATION_COLUMNS.values())
        source = f"unnest({arrays}) AS new ({names})"
        columns = zip(*rows, strict=True)
        params = [_array(column, t) for column, t in zip(columns, EVALUATION_COLUMNS.values(), strict=True)]
    else:
        picks = ", ".join(f"json_extract(value, '$[{i}]') AS {q(c)}" for i, c in enumerate(EVALUATION_COLUMNS))
        source = f"(SELECT {picks} FROM json_each(%s)) AS new"  # noqa: S608 (column names from the model)
        params = [json.dumps(rows)]
    (cycle_id,) = {row[0] for row in rows}  # one cycle's rows: its own evaluations are the ones to skip
    employee = q("employee_id")
    # Identifiers from model metadata, quoted; the data is bound.
    sql = (
        f"INSERT INTO {table} ({names}) SELECT {', '.join(f'new.{q(c)}' for c in EVALUATION_COLUMNS)} "  # noqa: S608
        f"FROM {source} WHERE NOT EXISTS (SELECT 1 FROM {table} old "
        f"WHERE old.{q('cycle_id')} = %s AND old.{employee} = new.{employee})"
    )
    params.append(cycle_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@transaction.atomic
def cycle_open(*, cycle: EvaluationCycle, actor=None, on: dt.date | None = None, progress=None) -> int:
    """Open a draft cycle: one evaluation per active employee, in one INSERT.

    Set-based and idempotent: re-running on an open cycle inserts only what is missing, i.e.
    nothing. Raters come from the assignments held ``on`` (default: today, or the period's
    end for a past period). The SKP's perilaku kerja rows are not written here: each is
    stored when the rater first fills it in (``Evaluation.perilaku_rows``). Returns how many
    evaluations were created. ``progress(done, total, message)`` hears of the step (see
    semarang_asn.core.jobs)."""
    cycle = _locked(cycle)
    on = on or min(timezone.localdate(), cycle.period_end)
    cycle_open_check(cycle=cycle)
    if cycle.status == Status.DRAFT:
        cycle.status = Status.OPEN
        cycle.opened_at = timezone.now()
        cycle.save(update_fields=["status", "opened_at"])
        audit_record(actor=actor, action="performance.cycle_open", target=cycle, before={"status": "draft"})
    if progress:
        progress(0, 1, _("Membuat penilaian pegawai"))
    return _insert_evaluations(_evaluation_rows(cycle, on))


def cycle_open_check(*, cycle: EvaluationCycle) -> None:
    """Refuse at once what ``cycle_open`` would refuse, before a job is queued for it."""
    if cycle.status not in (Status.DRAFT, Status.OPEN):
        raise ValidationError(_("Siklus berstatus %(s)s tidak dapat dibuka.") % {"s": cycle.get_status_display()})


def cycles_open_due(*, today: dt.date | None = None, actor=None) -> list[int]:
    """Open every draft cycle whose open date has come. Idempotent."""
    today = today or timezone.localdate()
    opened = []
    for cycle in EvaluationCycle.objects.filter(status=Status.DRAFT, open_date__lte=today):
        cycle_open(cycle=cycle, actor=actor, on=min(today, cycle.period_end))
        opened.append(cycle.pk)
    return opened


def reminders_send(*, today: dt.date | None = None) -> int:
    """Remind raters with unrated evaluations at the configured days before the deadline.

    The dedup key (cycle, days) makes a second run the same day send nothing."""
    today = today or timezone.localdate()
    days_list = [int(d) for d in setting_value("performance.reminder_days_before_deadline")]
    sent = 0
    for cycle in EvaluationCycle.objects.filter(status=Status.OPEN, rating_deadline__gte=today):
        days = (cycle.rating_deadline - today).days
        if days not in days_list:
            continue
        pending = (
            Evaluation.objects.filter(cycle=cycle, predikat="", rater__user__isnull=False)
            .values("rater__user")
            .annotate(n=Count("id"))
            .order_by()
        )
        users = {u.pk: u for u in _users([row["rater__user"] for row in pending])}
        for row in pending:
            note = notification_send(
                recipient=users[row["rater__user"]],
                subject=gettext_noop("Pengingat: %(n)s penilaian %(cycle)s belum selesai (H-%(days)s)"),
                body=gettext_noop(
                    "Masih ada %(n)s pegawai yang belum Anda nilai pada %(cycle)s. Batas penilaian: %(deadline)s. "
                    "Buka Penilaian tim saya untuk menyelesaikannya."
                ),
                params={
                    "n": row["n"],
                    "cycle": cycle.name,
                    "days": days,
                    "deadline": cycle.rating_deadline,
                },
                url=reverse("performance:team"),
                dedup_key=f"performance-reminder-{cycle.pk}-{days}",
            )
            sent += note is not None
    return sent


def _users(ids):
    return get_user_model().objects.filter(pk__in=ids)


@transaction.atomic
def cycle_move_to_calibration(*, cycle: EvaluationCycle, actor=None) -> bool:
    """Open → calibration, with one calibration row per calibration unit in the cycle. Idempotent."""
    cycle = _locked(cycle)
    if cycle.status != Status.OPEN:
        return False
    cycle.status = Status.CALIBRATION
    cycle.save(update_fields=["status"])
    units = (
        Evaluation.objects.filter(cycle=cycle, unit__isnull=False)
        .values_list("unit_id", "opd_id")
        .distinct()
        .order_by()
    )
    UnitCalibration.objects.bulk_create(
        [UnitCalibration(cycle=cycle, unit_id=unit_id, opd_id=opd_id) for unit_id, opd_id in units],
        ignore_conflicts=True,
    )
    audit_record(
        actor=actor,
        action="performance.cycle_calibration",
        target=cycle,
        before={"status": "open"},
        after={"status": "calibration"},
    )
    return True


def cycles_move_due_to_calibration(*, today: dt.date | None = None, actor=None) -> list[int]:
    """Move every open cycle whose rating deadline has passed to calibration. Idempotent."""
    today = today or timezone.localdate()
    moved = []
    for cycle in EvaluationCycle.objects.filter(status=Status.OPEN, rating_deadline__lt=today):
        if cycle_move_to_calibration(cycle=cycle, actor=actor):
            moved.append(cycle.pk)
    return moved


@transaction.atomic
def cycle_close(*, cycle: EvaluationCycle, actor) -> EvaluationCycle:
    """Close a cycle after every unit's calibration is closed. The cycle becomes read-only;
    an annual cycle gives JF keahlian holders their year's credit points."""
    cycle = _locked(cycle)
    if cycle.status != Status.CALIBRATION:
        raise ValidationError(_("Hanya siklus dalam tahap kalibrasi yang dapat ditutup."))
    open_units = list(cycle.calibrations.filter(closed_at__isnull=True).values_list("unit__name", flat=True))
    if open_units:
        raise ValidationError(_("Kalibrasi belum ditutup: %(units)s.") % {"units": ", ".join(open_units)})
    cycle.status = Status.CLOSED
    cycle.closed_at = timezone.now()
    # Read-only from now on: the cycle list shows these instead of counting the rows again.
    counts = Evaluation.objects.filter(cycle=cycle).aggregate(n=Count("*"), rated=Count("id", filter=~Q(predikat="")))
    cycle.closed_evaluations, cycle.closed_rated = counts["n"], counts["rated"]
    cycle.closed_kurva = [list(row) for row in selectors.kurva_counts(cycle)]
    cycle.save(update_fields=["status", "closed_at", "closed_evaluations", "closed_rated", "closed_kurva"])
    Evaluation.objects.filter(cycle=cycle).update(status=Evaluation.Status.FINAL)
    if cycle.kind == EvaluationCycle.Kind.ANNUAL:
        _credit_points_create(cycle)
        # Final annual predikat feed promotion eligibility: one coalesced recompute on commit.
        events.employees_changed(employee_ids=None, reason="evaluation_final")
    audit_record(actor=actor, action="performance.cycle_close", target=cycle, after={"status": "closed"})
    return cycle


def _months_held(cycle: EvaluationCycle, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Completed months of the period each (employee, position) was held, counted by dates
    (positions.rules): someone who took up the JF post on 1 July earns 6/12 of the year's AK,
    on 20 July 5/12. One query."""
    periods: dict[tuple[int, int], list[tuple[dt.date, dt.date | None]]] = {}
    held = Assignment.objects.filter(
        employee_id__in={e for e, _p in pairs}, position_id__in={p for _e, p in pairs}
    ).overlapping(cycle.period_start, cycle.period_end)
    for employee_id, position_id, start, end in held.values_list(
        "employee_id", "position_id", "start_date", "end_date"
    ):
        if (employee_id, position_id) in pairs:
            periods.setdefault((employee_id, position_id), []).append((max(start, cycle.period_start), end))
    day_after = cycle.period_end + dt.timedelta(days=1)
    return {pair: span_of_periods(spans, day_after).total_months for pair, spans in periods.items()}


def _credit_points_create(cycle: EvaluationCycle) -> None:
    coefficients = setting_value("performance.ak_coefficient")
    percentages = setting_value("performance.ak_percent")
    rows = list(
        Evaluation.objects.filter(cycle=cycle, position__type=Position.Type.JF, position__level__in=coefficients)
        .exclude(predikat="")
        .values_list("employee_id", "position_id", "position__level", "predikat")
    )
    held = _months_held(cycle, {(employee_id, position_id) for employee_id, position_id, _l, _p in rows})
    points = []
    for employee_id, position_id, level, predikat in rows:
        months = min(held.get((employee_id, position_id), 0), cycle.months)
        if months == 0:
            continue
        amount = rules.credit_points(
            predikat_value=predikat,
            coefficient=Decimal(str(coefficients[level])),
            months=months,
            percentages=percentages,
        )
        points.append(
            CreditPoint(
                cycle=cycle, employee_id=employee_id, level=level, predikat=predikat, months=months, amount=amount
            )
        )
    CreditPoint.objects.bulk_create(points, ignore_conflicts=True)


def raters_follow_vacated_seats(*, today: dt.date | None = None, actor=None) -> int:
    """Evaluations whose rater no longer holds the seat they rate from (a transfer, a
    retirement) move to the next rater up the tree, by the same rule as at opening; the
    rater's superior follows. Each move is audited, and the old and the new raters are told
    (one notice per rater and cycle, naming the employees).

    Positions never calls into performance (it sits below), so this runs as a daily beat job
    and as a command rather than from the assignment services. Set-based: one query finds
    the evaluations, one UPDATE per new (rater, seat, superior), one audit insert.
    Idempotent: once moved, the new rater holds the seat and the evaluation is not found
    again. Returns how many evaluations moved."""
    today = today or timezone.localdate()
    with transaction.atomic():
        moves = _move_raters(today, actor)
    _tell_raters(moves)
    return len(moves)


def _move_raters(today: dt.date, actor) -> list[tuple[Evaluation, int | None]]:
    still_held = (
        Assignment.objects.active_on(today)
        .filter(employee_id=OuterRef("rater_id"), position_id=OuterRef("rater_position_id"))
        .filter(employee__status=Employee.Status.ACTIVE)
    )
    stale = (
        Evaluation.objects.filter(cycle__status__in=[Status.OPEN, Status.CALIBRATION], rater_position__isnull=False)
        .exclude(status=Evaluation.Status.FINAL)
        .filter(~Exists(still_held))
    )
    # Two workers at once: the second skips the rows the first holds, then finds them moved.
    ids = list(stale.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True))
    if not ids:
        return []
    tree = org_tree(today)
    # The audit rows name each evaluation (employee and cycle): fetched with it, not per row.
    evaluations = list(Evaluation.objects.filter(pk__in=ids).select_related("employee", "cycle"))
    groups: dict[tuple[int | None, int | None, int | None], list[int]] = {}
    audits, moves = [], []
    for evaluation in evaluations:
        new = tree.rater_and_superior(evaluation.employee_id, evaluation.position_id)
        before = {
            "rater": evaluation.rater_id,
            "rater_position": evaluation.rater_position_id,
            "rater_superior": evaluation.rater_superior_id,
        }
        audits.append((evaluation, before, dict(zip(("rater", "rater_position", "rater_superior"), new, strict=True))))
        groups.setdefault(new, []).append(evaluation.pk)
        if new[0] != evaluation.rater_id:
            moves.append((evaluation, evaluation.rater_id))
        evaluation.rater_id, evaluation.rater_position_id, evaluation.rater_superior_id = new
    for (rater, seat, superior), pks in groups.items():
        Evaluation.objects.filter(pk__in=pks).update(rater=rater, rater_position=seat, rater_superior=superior)
    audit_bulk(
        actor=actor,
        action="performance.rater_moved_up",
        rows=audits,
        reason=_("Kursi pejabat penilai kosong; penilaian pindah ke pemegang jabatan berikutnya ke atas."),
    )
    return moves


def _names(names: list[str], shown: int = 20) -> str:
    more = len(names) - shown
    listed = ", ".join(sorted(names)[:shown])
    return listed + (_(" dan %(n)s lainnya") % {"n": more} if more > 0 else "")


def _tell_raters(moves: list[tuple[Evaluation, int | None]]) -> None:
    """One notice per (rater, cycle) for the old raters and one for the new: a few queries."""
    if not moves:
        return
    people = {
        e.pk: e
        for e in Employee.objects.filter(
            pk__in={m[0].employee_id for m in moves} | {m[1] for m in moves} | {m[0].rater_id for m in moves}
        ).select_related("user")
    }
    cycles = {c.pk: c for c in EvaluationCycle.objects.filter(pk__in={m[0].cycle_id for m in moves})}
    lost: dict[tuple[int, int], list] = {}
    gained: dict[tuple[int, int], list] = {}
    for evaluation, old_rater in moves:
        if old_rater is not None:
            lost.setdefault((old_rater, evaluation.cycle_id), []).append(evaluation)
        if evaluation.rater_id is not None:
            gained.setdefault((evaluation.rater_id, evaluation.cycle_id), []).append(evaluation)
    for notices, subject, body, url in (
        (
            lost,
            gettext_noop("Penilaian %(n)s pegawai dialihkan"),
            gettext_noop(
                "Anda tidak lagi menduduki jabatan penilai pada %(cycle)s. Penilaian %(names)s kini dilakukan "
                "oleh pemegang jabatan berikutnya ke atas."
            ),
            "",
        ),
        (
            gained,
            gettext_noop("Anda kini menilai %(n)s pegawai lagi"),
            gettext_noop(
                "Kursi penilai sebelumnya kosong. Pada %(cycle)s Anda kini pejabat penilai kinerja %(names)s."
            ),
            reverse("performance:team"),
        ),
    ):
        for (person_id, cycle_id), evaluations in notices.items():
            person = people.get(person_id)
            if person is None or person.user_id is None:
                continue
            context = {
                "n": len(evaluations),
                "cycle": cycles[cycle_id].name,
                "names": _names([people[e.employee_id].full_name for e in evaluations]),
            }
            digest = hashlib.sha256(",".join(str(e.pk) for e in evaluations).encode()).hexdigest()[:12]
            notification_send(
                recipient=person.user,
                subject=subject,
                body=body,
                params=context,
                url=url,
                dedup_key=f"rater-moved-{person_id}-{cycle_id}-{'to' if notices is gained else 'from'}-{digest}",
            )
