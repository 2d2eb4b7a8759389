"""Cycle lifecycle: create, open set-based, remind, move to calibration, close with credit points."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from positions.models import Assignment, Employee, Position
from semarang_asn.core.services import audit_record, notification_send, setting_value

from .. import rules
from ..models import (
    CreditPoint,
    Evaluation,
    EvaluationCycle,
    PerilakuKerja,
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


def _evaluation_source(cycle: EvaluationCycle, on: dt.date):
    """Every active employee with position, OPD, rater and rater's superior, as ONE select.

    The rater is the holder (definitive, else Plt) of the position the employee's position
    reports to, other than the employee; the rater's superior likewise one level up, other
    than the employee and the rater."""

    def holder(position_ref: str, *not_these: str):
        # Someone acting (Plt) in their own superior's seat never rates themselves, and the
        # rater never decides objections to their own rating: those go to HR's list instead.
        held = Assignment.objects.filter(position_id=OuterRef(position_ref)).active_on(on)
        for ref in not_these:
            held = held.exclude(employee_id=OuterRef(ref))
        return Subquery(held.order_by("kind", "-start_date").values("employee_id")[:1])

    mine = Assignment.objects.filter(employee_id=OuterRef("pk")).active_on(on).order_by("kind", "-start_date")
    position = Position.objects.filter(pk=OuterRef("x_position"))
    return (
        Employee.objects.active()
        .annotate(x_cycle=Value(cycle.pk), x_employee=F("pk"), x_position=Subquery(mine.values("position_id")[:1]))
        .annotate(
            x_opd=Subquery(position.annotate(o=Coalesce("org_unit__opd_id", "org_unit_id")).values("o")[:1]),
            x_rater_position=Subquery(position.values("reports_to_id")[:1]),
            # The unit's head holds the OPD's top seat: reporting to nobody, or to someone
            # outside the OPD (a Camat to the Sekda). Not "any JPT": a Camat is Administrator.
            x_is_head=Exists(
                position.annotate(
                    own=Coalesce("org_unit__opd_id", "org_unit_id"),
                    up=Coalesce("reports_to__org_unit__opd_id", "reports_to__org_unit_id"),
                ).filter(Q(reports_to__isnull=True) | ~Q(up=F("own")))
            ),
        )
        .annotate(
            x_superior_position=Subquery(
                Position.objects.filter(pk=OuterRef("x_rater_position")).values("reports_to_id")[:1]
            ),
            x_rater=holder("x_rater_position", "pk"),
        )
        .annotate(x_superior=holder("x_superior_position", "pk", "x_rater"))
        .order_by()
        .values("x_cycle", "x_employee", "x_position", "x_opd", "x_rater", "x_superior", "x_is_head")
    )


def _insert_select(table: str, columns: list[str], select_sql: str, params) -> int:
    """INSERT … SELECT … ON CONFLICT DO NOTHING: one statement whatever the row count, and a
    unique constraint makes a second (or concurrent) run insert nothing."""
    q = connection.ops.quote_name
    # Identifiers come from model metadata and are quoted; every value is a bound parameter.
    names = ", ".join(q(c) for c in columns)
    sql = f"INSERT INTO {q(table)} ({names}) SELECT * FROM ({select_sql}) src WHERE 1 = 1 ON CONFLICT DO NOTHING"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _create_evaluations(cycle: EvaluationCycle, on: dt.date, progress=None) -> int:
    source = _evaluation_source(cycle, on)
    select_sql, params = source.query.sql_with_params()
    q = connection.ops.quote_name
    aliases = ", ".join(
        q(a) for a in ("x_cycle", "x_employee", "x_position", "x_opd", "x_rater", "x_superior", "x_is_head")
    )
    created = _insert_select(
        Evaluation._meta.db_table,
        ["cycle_id", "employee_id", "position_id", "opd_id", "rater_id", "rater_superior_id", "is_unit_head"],
        f"SELECT {aliases} FROM ({select_sql}) ev",  # noqa: S608 (compiled ORM SQL, bound params)
        params,
    )
    if progress:
        progress(1, 2, _("Membuat baris perilaku kerja"))
    # One perilaku kerja row per BerAKHLAK value for every evaluation: one more statement.
    evaluations = Evaluation.objects.filter(cycle_id=cycle.pk).order_by()
    parts, all_params = [], []
    for value in PerilakuKerja.Value.values:
        sql, p = evaluations.annotate(v=Value(value)).values("pk", "v").query.sql_with_params()
        parts.append(sql)
        all_params.extend(p)
    _insert_select(PerilakuKerja._meta.db_table, ["evaluation_id", "value"], " UNION ALL ".join(parts), all_params)
    return created


@transaction.atomic
def cycle_open(*, cycle: EvaluationCycle, actor=None, on: dt.date | None = None, progress=None) -> int:
    """Open a draft cycle: one evaluation (with SKP perilaku rows) per active employee.

    Set-based and idempotent: re-running on an open cycle inserts only what is missing, i.e.
    nothing. Raters come from the assignments held ``on`` (default: today, or the period's
    end for a past period). Returns how many evaluations were created. ``progress(done,
    total, message)`` hears of each of the two steps (see semarang_asn.core.jobs)."""
    cycle = _locked(cycle)
    on = on or min(timezone.localdate(), cycle.period_end)
    cycle_open_check(cycle=cycle)
    if cycle.status == Status.DRAFT:
        cycle.status = Status.OPEN
        cycle.opened_at = timezone.now()
        cycle.save(update_fields=["status", "opened_at"])
        audit_record(actor=actor, action="performance.cycle_open", target=cycle, before={"status": "draft"})
    if progress:
        progress(0, 2, _("Membuat penilaian pegawai"))
    return _create_evaluations(cycle, on, progress)


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
            context = {"cycle": cycle, "n": row["n"], "days": days, "url": reverse("performance:team")}
            note = notification_send(
                recipient=users[row["rater__user"]],
                subject=render_to_string("emails/performance_reminder_subject.txt", context).strip(),
                body=render_to_string("emails/performance_reminder_body.txt", context),
                url=context["url"],
                dedup_key=f"performance-reminder-{cycle.pk}-{days}",
            )
            sent += note is not None
    return sent


def _users(ids):
    return get_user_model().objects.filter(pk__in=ids)


@transaction.atomic
def cycle_move_to_calibration(*, cycle: EvaluationCycle, actor=None) -> bool:
    """Open → calibration, with one calibration row per OPD in the cycle. Idempotent."""
    cycle = _locked(cycle)
    if cycle.status != Status.OPEN:
        return False
    cycle.status = Status.CALIBRATION
    cycle.save(update_fields=["status"])
    opds = Evaluation.objects.filter(cycle=cycle, opd__isnull=False).values_list("opd_id", flat=True).distinct()
    UnitCalibration.objects.bulk_create(
        [UnitCalibration(cycle=cycle, opd_id=opd_id) for opd_id in opds], ignore_conflicts=True
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
    open_units = list(cycle.calibrations.filter(closed_at__isnull=True).values_list("opd__name", flat=True))
    if open_units:
        raise ValidationError(_("Kalibrasi belum ditutup: %(units)s.") % {"units": ", ".join(open_units)})
    cycle.status = Status.CLOSED
    cycle.closed_at = timezone.now()
    cycle.save(update_fields=["status", "closed_at"])
    Evaluation.objects.filter(cycle=cycle).update(status=Evaluation.Status.FINAL)
    if cycle.kind == EvaluationCycle.Kind.ANNUAL:
        _credit_points_create(cycle)
    audit_record(actor=actor, action="performance.cycle_close", target=cycle, after={"status": "closed"})
    return cycle


def _months_held(cycle: EvaluationCycle, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """Months of the period each (employee, position) was held: someone who took up the JF
    post in July earns 6/12 of the year's AK. One query."""
    months: dict[tuple[int, int], set[tuple[int, int]]] = {}
    held = Assignment.objects.filter(
        employee_id__in={e for e, _p in pairs}, position_id__in={p for _e, p in pairs}
    ).overlapping(cycle.period_start, cycle.period_end)
    for employee_id, position_id, start, end in held.values_list(
        "employee_id", "position_id", "start_date", "end_date"
    ):
        if (employee_id, position_id) not in pairs:
            continue
        first, last = max(start, cycle.period_start), min(end or cycle.period_end, cycle.period_end)
        month = (first.year, first.month)
        while month <= (last.year, last.month):
            months.setdefault((employee_id, position_id), set()).add(month)
            month = (month[0] + month[1] // 12, month[1] % 12 + 1)
    return {pair: len(ms) for pair, ms in months.items()}


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
