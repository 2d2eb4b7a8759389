"""Writes with business rules for evaluation cycles, SKPs, ratings, objections,
calibration, coaching and credit points. Every change of a rating or predikat is audited."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from positions import selectors as position_selectors
from positions.models import Assignment, Employee, Position
from semarang_asn.core import roles
from semarang_asn.core.services import audit_record, notification_send, setting_value

from . import rules
from .models import (
    CoachingAction,
    CreditPoint,
    Evaluation,
    EvaluationCycle,
    HasilKerja,
    Objection,
    PerilakuKerja,
    UnitCalibration,
)

Status = EvaluationCycle.Status
EVIDENCE_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx"}


# --- cycles -----------------------------------------------------------------


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
    reports to; the rater's superior likewise one level up."""

    def holder(position_ref: str):
        held = Assignment.objects.filter(position_id=OuterRef(position_ref)).active_on(on)
        return Subquery(held.order_by("kind", "-start_date").values("employee_id")[:1])

    mine = Assignment.objects.filter(employee_id=OuterRef("pk")).active_on(on).order_by("kind", "-start_date")
    position = Position.objects.filter(pk=OuterRef("x_position"))
    return (
        Employee.objects.active()
        .annotate(x_cycle=Value(cycle.pk), x_employee=F("pk"), x_position=Subquery(mine.values("position_id")[:1]))
        .annotate(
            x_opd=Subquery(position.annotate(o=Coalesce("org_unit__opd_id", "org_unit_id")).values("o")[:1]),
            x_rater_position=Subquery(position.values("reports_to_id")[:1]),
            x_is_head=Exists(position.filter(type=Position.Type.JPT)),
        )
        .annotate(
            x_superior_position=Subquery(
                Position.objects.filter(pk=OuterRef("x_rater_position")).values("reports_to_id")[:1]
            ),
            x_rater=holder("x_rater_position"),
        )
        .annotate(x_superior=holder("x_superior_position"))
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


def _create_evaluations(cycle: EvaluationCycle, on: dt.date) -> int:
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
def cycle_open(*, cycle: EvaluationCycle, actor=None, on: dt.date | None = None) -> int:
    """Open a draft cycle: one evaluation (with SKP perilaku rows) per active employee.

    Set-based and idempotent: re-running on an open cycle inserts only what is missing, i.e.
    nothing. Raters come from the assignments held ``on`` (default: today, or the period's
    end for a past period). Returns how many evaluations were created."""
    cycle = _locked(cycle)
    on = on or min(timezone.localdate(), cycle.period_end)
    if cycle.status not in (Status.DRAFT, Status.OPEN):
        raise ValidationError(_("Siklus berstatus %(s)s tidak dapat dibuka.") % {"s": cycle.get_status_display()})
    if cycle.status == Status.DRAFT:
        cycle.status = Status.OPEN
        cycle.opened_at = timezone.now()
        cycle.save(update_fields=["status", "opened_at"])
        audit_record(actor=actor, action="performance.cycle_open", target=cycle, before={"status": "draft"})
    return _create_evaluations(cycle, on)


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


def _credit_points_create(cycle: EvaluationCycle) -> None:
    coefficients = setting_value("performance.ak_coefficient")
    percentages = setting_value("performance.ak_percent")
    rows = (
        Evaluation.objects.filter(cycle=cycle, position__type=Position.Type.JF, position__level__in=coefficients)
        .exclude(predikat="")
        .values_list("employee_id", "position__level", "predikat")
    )
    CreditPoint.objects.bulk_create(
        [
            CreditPoint(
                cycle=cycle,
                employee_id=employee_id,
                level=level,
                predikat=predikat,
                months=cycle.months,
                amount=rules.credit_points(
                    predikat_value=predikat,
                    coefficient=Decimal(str(coefficients[level])),
                    months=cycle.months,
                    percentages=percentages,
                ),
            )
            for employee_id, level, predikat in rows
        ],
        ignore_conflicts=True,
    )


def _require_open(cycle: EvaluationCycle) -> None:
    if cycle.status == Status.CLOSED:
        raise ValidationError(_("Siklus sudah ditutup; data penilaian tidak dapat diubah."))
    if cycle.status == Status.DRAFT:
        raise ValidationError(_("Siklus belum dibuka."))


def _unit_closed(evaluation: Evaluation) -> bool:
    return UnitCalibration.objects.filter(
        cycle_id=evaluation.cycle_id, opd_id=evaluation.opd_id, closed_at__isnull=False
    ).exists()


def _require_rating_editable(evaluation: Evaluation) -> None:
    _require_open(evaluation.cycle)
    if _unit_closed(evaluation):
        raise ValidationError(_("Kalibrasi unit sudah ditutup; penilaian tidak dapat diubah."))


@transaction.atomic
def evaluation_set_rater(*, evaluation: Evaluation, rater: Employee, actor, reason: str) -> Evaluation:
    """HR resolves an evaluation on the no-rater list by naming the rater by hand."""
    if not roles.is_hr(actor):
        raise PermissionDenied
    _require_open(evaluation.cycle)
    if rater.pk == evaluation.employee_id:
        raise ValidationError({"rater": _("Pegawai tidak dapat menilai dirinya sendiri.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan wajib diisi.")})
    before = {"rater": evaluation.rater_id}
    evaluation.rater = rater
    evaluation.rater_superior = position_selectors.direct_superior(rater, evaluation.cycle.period_end)
    evaluation.save(update_fields=["rater", "rater_superior"])
    audit_record(
        actor=actor,
        action="performance.rater_set",
        target=evaluation,
        before=before,
        after={"rater": rater.pk},
        reason=reason,
    )
    return evaluation


# --- the SKP ----------------------------------------------------------------


def _me(actor) -> Employee | None:
    return position_selectors.employee_for_user(actor)


def _is_rater(actor, evaluation: Evaluation) -> bool:
    me = _me(actor)
    return me is not None and evaluation.rater_id == me.pk


def _is_owner(actor, evaluation: Evaluation) -> bool:
    me = _me(actor)
    return me is not None and evaluation.employee_id == me.pk


def _require_draft(evaluation: Evaluation) -> None:
    _require_open(evaluation.cycle)
    if evaluation.cycle.status != Status.OPEN:
        raise ValidationError(_("SKP hanya dapat diubah selama siklus dibuka."))
    if evaluation.is_rated:
        raise ValidationError(_("SKP sudah dinilai; hasil kerja dan realisasi tidak dapat diubah lagi."))


@transaction.atomic
def hasil_kerja_add(*, evaluation: Evaluation, actor, kind: str, indicator: str, target: str) -> HasilKerja:
    """The employee or the rater adds a result row while the cycle is open (SKP planning)."""
    if not (_is_owner(actor, evaluation) or _is_rater(actor, evaluation)):
        raise PermissionDenied
    _require_draft(evaluation)
    row = HasilKerja(evaluation=evaluation, kind=kind, indicator=indicator, target=target)
    row.full_clean()
    row.save()
    return row


def validate_evidence_file(upload) -> None:
    ext = os.path.splitext(upload.name)[1].lower()
    if ext not in EVIDENCE_EXTENSIONS:
        raise ValidationError(
            {
                "evidence_file": _("Jenis berkas tidak diizinkan; gunakan %(exts)s.")
                % {"exts": ", ".join(sorted(EVIDENCE_EXTENSIONS))}
            }
        )
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            {"evidence_file": _("Berkas melebihi %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}}
        )


@transaction.atomic
def hasil_kerja_report(
    *, row: HasilKerja, actor, realisation: str, evidence_file=None, evidence_link: str = ""
) -> HasilKerja:
    """The employee reports the realisation of a row with its evidence (a file or a link)."""
    if not _is_owner(actor, row.evaluation):
        raise PermissionDenied
    _require_draft(row.evaluation)
    if evidence_file is not None:
        validate_evidence_file(evidence_file)
        row.evidence_file = evidence_file
    row.realisation = realisation
    row.evidence_link = evidence_link
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def hasil_kerja_review(*, row: HasilKerja, actor, rating: str, feedback: str) -> HasilKerja:
    """The rater gives a row its rating and feedback."""
    if not _is_rater(actor, row.evaluation):
        raise PermissionDenied
    _require_rating_editable(row.evaluation)
    before = {"rating": row.rating}
    row.rating = rating
    row.feedback = feedback
    row.full_clean()
    row.save(update_fields=["rating", "feedback"])
    if before["rating"] != rating:
        audit_record(
            actor=actor, action="performance.row_rating", target=row.evaluation, before=before, after={"rating": rating}
        )
    return row


@transaction.atomic
def perilaku_kerja_update(*, row: PerilakuKerja, actor, expectation: str, feedback: str) -> PerilakuKerja:
    """The rater writes the specific expectation and the feedback of a BerAKHLAK value."""
    if not _is_rater(actor, row.evaluation):
        raise PermissionDenied
    _require_rating_editable(row.evaluation)
    row.expectation = expectation
    row.feedback = feedback
    row.full_clean()
    row.save(update_fields=["expectation", "feedback"])
    return row


# --- ratings ----------------------------------------------------------------


def _apply_rating(evaluation: Evaluation, *, actor, hasil: str, perilaku: str, action: str, reason: str) -> None:
    """Set both ratings and the predikat, audited; start coaching when the predikat calls for it."""
    before = {"hasil": evaluation.hasil_rating, "perilaku": evaluation.perilaku_rating, "predikat": evaluation.predikat}
    evaluation.hasil_rating = hasil
    evaluation.perilaku_rating = perilaku
    evaluation.predikat = rules.predikat(hasil, perilaku)
    after = {"hasil": hasil, "perilaku": perilaku, "predikat": evaluation.predikat}
    if before == after:
        return
    evaluation.save(update_fields=["hasil_rating", "perilaku_rating", "predikat", "status", "rated_at"])
    audit_record(actor=actor, action=action, target=evaluation, before=before, after=after, reason=reason)
    if evaluation.needs_coaching and evaluation.rater_id and not evaluation.coaching_actions.exists():
        # The plan starts with a performance dialogue; the rater adds the rest.
        CoachingAction.objects.create(
            evaluation=evaluation,
            action=_("Dialog kinerja: sepakati langkah perbaikan"),
            owner_id=evaluation.rater_id,
            due_date=timezone.localdate() + dt.timedelta(days=14),
        )


@transaction.atomic
def evaluation_rate(*, evaluation: Evaluation, actor, hasil: str, perilaku: str, reason: str = "") -> Evaluation:
    """The rater submits the hasil kerja and perilaku kerja ratings; the predikat follows
    from the matrix. The employee is told and may then see it."""
    if not _is_rater(actor, evaluation):
        raise PermissionDenied
    _require_rating_editable(evaluation)
    valid = {value for value, _label in rules.RATING_CHOICES}
    if hasil not in valid or perilaku not in valid:
        raise ValidationError(_("Pilih rating hasil kerja dan perilaku kerja."))
    utama = evaluation.hasil_kerja.filter(kind=HasilKerja.Kind.UTAMA).values_list("rating", flat=True)
    error = rules.hasil_rating_error(hasil, utama)
    if error:
        raise ValidationError({"hasil": error})
    if evaluation.is_rated and not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan perubahan rating.")})
    first_time = not evaluation.is_rated
    evaluation.status = Evaluation.Status.RATED
    evaluation.rated_at = timezone.now()
    _apply_rating(evaluation, actor=actor, hasil=hasil, perilaku=perilaku, action="performance.rating", reason=reason)
    if first_time and evaluation.employee.user_id:
        url = reverse("performance:evaluation", args=[evaluation.pk])
        notification_send(
            recipient=evaluation.employee.user,
            subject=_("Penilaian kinerja %(cycle)s sudah tersedia") % {"cycle": evaluation.cycle.name},
            body=_("Predikat kinerja Anda: %(p)s.") % {"p": evaluation.get_predikat_display()},
            url=url,
            dedup_key=f"performance-rated-{evaluation.pk}",
        )
    return evaluation


# --- objections -------------------------------------------------------------


@transaction.atomic
def objection_file(*, evaluation: Evaluation, actor, reason: str, today: dt.date | None = None) -> Objection:
    """The employee files a keberatan on their rating within the objection window."""
    today = today or timezone.localdate()
    if not _is_owner(actor, evaluation):
        raise PermissionDenied
    _require_open(evaluation.cycle)
    if not evaluation.is_rated:
        raise ValidationError(_("Keberatan hanya dapat diajukan setelah penilaian diberikan."))
    if today > evaluation.cycle.objection_deadline:
        raise ValidationError(_("Masa keberatan sudah berakhir."))
    if Objection.objects.filter(evaluation=evaluation).exists():
        raise ValidationError(_("Keberatan atas penilaian ini sudah diajukan."))
    if evaluation.rater_superior_id is None:
        raise ValidationError(_("Atasan pejabat penilai belum ada; hubungi BKPP."))
    objection = Objection(evaluation=evaluation, reason=reason)
    objection.full_clean()
    objection.save()
    audit_record(actor=actor, action="performance.objection_file", target=evaluation, reason=reason)
    superior = evaluation.rater_superior
    if superior.user_id:
        notification_send(
            recipient=superior.user,
            subject=_("Keberatan penilaian kinerja dari %(name)s") % {"name": evaluation.employee.name},
            body=reason,
            url=reverse("performance:evaluation", args=[evaluation.pk]),
            dedup_key=f"performance-objection-{objection.pk}",
        )
    return objection


@transaction.atomic
def objection_decide(
    *, objection: Objection, actor, accept: bool, reason: str, hasil: str = "", perilaku: str = ""
) -> Objection:
    """The rater's superior decides with a written reason; accepting sets new ratings."""
    evaluation = objection.evaluation
    me = _me(actor)
    if me is None or evaluation.rater_superior_id != me.pk:
        raise PermissionDenied
    _require_open(evaluation.cycle)
    if objection.status != Objection.Status.PENDING:
        raise ValidationError(_("Keberatan ini sudah diputuskan."))
    if not reason.strip():
        raise ValidationError({"decision_reason": _("Alasan keputusan wajib diisi.")})
    if accept:
        valid = {value for value, _label in rules.RATING_CHOICES}
        if hasil not in valid or perilaku not in valid:
            raise ValidationError(_("Keberatan diterima: tetapkan rating hasil kerja dan perilaku kerja yang baru."))
        utama = evaluation.hasil_kerja.filter(kind=HasilKerja.Kind.UTAMA).values_list("rating", flat=True)
        error = rules.hasil_rating_error(hasil, utama)
        if error:
            raise ValidationError({"hasil": error})
        _apply_rating(
            evaluation,
            actor=actor,
            hasil=hasil,
            perilaku=perilaku,
            action="performance.objection_rating",
            reason=reason,
        )
    objection.status = Objection.Status.ACCEPTED if accept else Objection.Status.REJECTED
    objection.decided_by = actor
    objection.decided_at = timezone.now()
    objection.decision_reason = reason
    objection.save()
    audit_record(
        actor=actor,
        action="performance.objection_decide",
        target=evaluation,
        after={"status": objection.status},
        reason=reason,
    )
    if evaluation.employee.user_id:
        notification_send(
            recipient=evaluation.employee.user,
            subject=_("Keberatan Anda: %(status)s") % {"status": objection.get_status_display()},
            body=reason,
            url=reverse("performance:evaluation", args=[evaluation.pk]),
            dedup_key=f"performance-objection-decided-{objection.pk}",
        )
    return objection


# --- calibration ------------------------------------------------------------


def can_calibrate(actor, calibration: UnitCalibration) -> bool:
    """HR, or the head of the unit (the unit-head evaluation's employee in that OPD)."""
    if roles.is_hr(actor):
        return True
    me = _me(actor)
    return (
        me is not None
        and Evaluation.objects.filter(
            cycle_id=calibration.cycle_id, opd_id=calibration.opd_id, employee=me, is_unit_head=True
        ).exists()
    )


def unit_predikat_counts(calibration: UnitCalibration) -> dict[str, int]:
    rows = (
        Evaluation.objects.filter(cycle_id=calibration.cycle_id, opd_id=calibration.opd_id)
        .exclude(predikat="")
        .values("predikat")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["predikat"]: row["n"] for row in rows}


@transaction.atomic
def calibration_set_unit_predikat(*, calibration: UnitCalibration, actor, unit_predikat: str) -> UnitCalibration:
    """Set the unit's own predikat; the unit's head takes it as their hasil kerja rating."""
    if not can_calibrate(actor, calibration):
        raise PermissionDenied
    if calibration.cycle.status != Status.CALIBRATION or calibration.is_closed:
        raise ValidationError(_("Predikat unit hanya dapat ditetapkan selama kalibrasi unit terbuka."))
    if unit_predikat not in rules.HEAD_HASIL_FROM_UNIT:
        raise ValidationError({"unit_predikat": _("Pilih predikat unit.")})
    before = calibration.unit_predikat
    calibration.unit_predikat = unit_predikat
    calibration.save(update_fields=["unit_predikat"])
    audit_record(
        actor=actor,
        action="performance.unit_predikat",
        target=calibration,
        before={"unit_predikat": before},
        after={"unit_predikat": unit_predikat},
    )
    heads = Evaluation.objects.filter(cycle_id=calibration.cycle_id, opd_id=calibration.opd_id, is_unit_head=True)
    for head in heads.select_related("cycle"):
        if head.perilaku_rating:
            _apply_rating(
                head,
                actor=actor,
                hasil=rules.HEAD_HASIL_FROM_UNIT[unit_predikat],
                perilaku=head.perilaku_rating,
                action="performance.head_rating_from_unit",
                reason=_("Hasil kerja kepala unit mengikuti predikat unit."),
            )
    return calibration


@transaction.atomic
def calibration_close(*, calibration: UnitCalibration, actor, justification: str = "") -> UnitCalibration:
    """Close a unit's calibration. Each breach of the curve is recorded; closing with a
    breach needs a written justification."""
    if not can_calibrate(actor, calibration):
        raise PermissionDenied
    calibration = UnitCalibration.objects.select_for_update().get(pk=calibration.pk)
    if calibration.cycle.status != Status.CALIBRATION or calibration.is_closed:
        raise ValidationError(_("Kalibrasi unit ini tidak dapat ditutup."))
    if not calibration.unit_predikat:
        raise ValidationError({"unit_predikat": _("Tetapkan predikat unit terlebih dahulu.")})
    breaches = rules.distribution_breaches(calibration.unit_predikat, unit_predikat_counts(calibration))
    if breaches and not justification.strip():
        raise ValidationError(
            {"justification": _("Distribusi melanggar kurva; tuliskan justifikasi. %(b)s") % {"b": " ".join(breaches)}}
        )
    calibration.breaches = breaches
    calibration.justification = justification
    calibration.closed_at = timezone.now()
    calibration.closed_by = actor
    calibration.save()
    audit_record(
        actor=actor,
        action="performance.calibration_close",
        target=calibration,
        after={"unit_predikat": calibration.unit_predikat, "breaches": breaches},
        reason=justification,
    )
    return calibration


# --- coaching ---------------------------------------------------------------


@transaction.atomic
def coaching_action_add(
    *, evaluation: Evaluation, actor, action: str, owner: Employee, due_date: dt.date
) -> CoachingAction:
    """The rater plans a coaching action for a Butuh Perbaikan / Kurang / Sangat Kurang predikat.

    Coaching is the follow-up of a rating, so it goes on after the cycle closes."""
    if not (_is_rater(actor, evaluation) or roles.is_hr(actor)):
        raise PermissionDenied
    if not evaluation.needs_coaching:
        raise ValidationError(_("Bimbingan kinerja hanya untuk predikat Butuh Perbaikan, Kurang atau Sangat Kurang."))
    if owner.pk not in (evaluation.employee_id, evaluation.rater_id):
        raise ValidationError({"owner": _("Penanggung jawab adalah pegawai atau pejabat penilainya.")})
    item = CoachingAction(evaluation=evaluation, action=action, owner=owner, due_date=due_date)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def coaching_action_set_status(*, item: CoachingAction, actor, status: str) -> CoachingAction:
    """The employee or the rater moves a coaching action along."""
    evaluation = item.evaluation
    if not (_is_rater(actor, evaluation) or _is_owner(actor, evaluation)):
        raise PermissionDenied
    item.status = status
    item.full_clean()
    item.save(update_fields=["status"])
    return item
