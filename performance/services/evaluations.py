"""The SKP, the rating, objections and coaching of one evaluation."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from positions.models import Employee
from semarang_asn.core import roles, uploads
from semarang_asn.core.services import audit_record, notification_send, stored_values

from .. import rules, skp_counts
from ..models import (
    CoachingAction,
    Evaluation,
    HasilKerja,
    Objection,
    PerilakuKerja,
    UnitCalibration,
)
from ._common import _apply_rating, _is_owner, _is_rater, _me, _require_draft, _require_open, _require_rating_editable


def _rater_seat(tree, employee_id: int) -> int | None:
    """The seat at Pengawas level or above the employee holds (definitive first), if any."""
    seats = [seat for seat, held in tree.holders.items() if employee_id in held and rules.may_rate(tree.levels[seat])]
    return min(seats, key=lambda seat: tree.holders[seat].index(employee_id)) if seats else None


def named_rater_seat(tree, rater: Employee, *, below_level: bool) -> int | None:
    """The seat a rater named by HR rates from. The level rule of the tree holds: at least
    Pengawas, unless HR marks the exception (whose written reason the audit keeps)."""
    seat = _rater_seat(tree, rater.pk)
    if seat is None and not below_level:
        raise ValidationError(
            {
                "rater_nip": _(
                    "Pejabat penilai paling rendah menduduki jabatan Pengawas. Untuk pengecualian, "
                    "centang pengecualian dan tuliskan alasannya."
                )
            }
        )
    return seat


def superior_above(tree, rater: Employee, rater_seat: int | None, *, employee_id: int) -> int | None:
    """The first holder above a named rater's seat, never the rater nor the employee rated:
    nobody decides objections to their own rating (see cycles.org_tree / rules.first_rater_up)."""
    superior_id, _seat = rules.first_rater_up(
        rater_seat or tree.position_of.get(rater.pk),
        reports_to=tree.reports_to,
        levels=tree.levels,
        holders=tree.holders,
        exclude=[rater.pk, employee_id],
    )
    return superior_id


@transaction.atomic
def evaluation_set_rater(
    *,
    evaluation: Evaluation,
    actor,
    reason: str,
    rater: Employee | None = None,
    rater_superior: Employee | None = None,
    below_level: bool = False,
) -> Evaluation:
    """HR resolves an evaluation on its list by naming the rater, the rater's superior, or
    both by hand. The same level rule holds as for the tree: both at least Pengawas level,
    unless HR marks the exception, whose written reason the audit keeps. A new rater
    without a named superior brings the first holder above their own seat."""
    from .cycles import org_tree

    if not roles.is_hr(actor):
        raise PermissionDenied
    _require_open(evaluation.cycle)
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan wajib diisi.")})
    new_rater = rater or evaluation.rater
    if new_rater is None:
        raise ValidationError({"rater_nip": _("Tetapkan pejabat penilai terlebih dahulu.")})
    if new_rater.pk == evaluation.employee_id:
        raise ValidationError({"rater_nip": _("Pegawai tidak dapat menilai dirinya sendiri.")})
    tree = org_tree(min(timezone.localdate(), evaluation.cycle.period_end))
    if rater is not None:
        rater_seat = named_rater_seat(tree, rater, below_level=below_level)
    else:
        rater_seat = _rater_seat(tree, new_rater.pk)
    if rater_superior is not None:
        if rater_superior.pk in (new_rater.pk, evaluation.employee_id):
            raise ValidationError(
                {"superior_nip": _("Atasan pejabat penilai harus orang lain selain pegawai dan penilainya.")}
            )
        if _rater_seat(tree, rater_superior.pk) is None and not below_level:
            raise ValidationError(
                {
                    "superior_nip": _(
                        "Atasan pejabat penilai paling rendah menduduki jabatan Pengawas. Untuk pengecualian, "
                        "centang pengecualian dan tuliskan alasannya."
                    )
                }
            )
        superior = rater_superior
    elif rater is not None:
        superior_id = superior_above(tree, rater, rater_seat, employee_id=evaluation.employee_id)
        superior = Employee.objects.filter(pk=superior_id).first() if superior_id else None
    else:
        superior = evaluation.rater_superior
    before = {"rater": evaluation.rater_id, "rater_superior": evaluation.rater_superior_id}
    evaluation.rater = new_rater
    evaluation.rater_superior = superior
    if rater is not None:
        evaluation.rater_position_id = rater_seat
    evaluation.save(update_fields=["rater", "rater_superior", "rater_position"])
    after = {"rater": new_rater.pk, "rater_superior": superior.pk if superior else None}
    if below_level:
        after["below_level"] = True
    audit_record(
        actor=actor, action="performance.rater_set", target=evaluation, before=before, after=after, reason=reason
    )
    return evaluation


# --- the SKP ---


@transaction.atomic
def hasil_kerja_add(*, evaluation: Evaluation, actor, kind: str, indicator: str, target: str) -> HasilKerja:
    """The employee or the rater adds a result row while the cycle is open (SKP planning)."""
    if not (_is_owner(actor, evaluation) or _is_rater(actor, evaluation)):
        raise PermissionDenied
    _require_draft(evaluation)
    row = HasilKerja(evaluation=evaluation, kind=kind, indicator=indicator, target=target)
    row.full_clean()
    row.save()
    skp_counts.refresh([evaluation.pk])
    return row


def validate_evidence_file(upload) -> None:
    """Extension, size and real content, by the product's one upload validator."""
    try:
        uploads.validate_upload(upload, allowed=uploads.EVIDENCE)
    except ValidationError as exc:
        raise ValidationError({"evidence_file": exc.messages}) from None


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
    skp_counts.refresh([row.evaluation_id])
    return row


@transaction.atomic
def hasil_kerja_review(*, row: HasilKerja, actor, rating: str, feedback: str) -> HasilKerja:
    """The rater gives a row its rating and feedback."""
    if not _is_rater(actor, row.evaluation):
        raise PermissionDenied
    _require_rating_editable(row.evaluation)
    _require_no_objection(row.evaluation)
    before = stored_values(row, ["rating"])
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
    """The rater writes the specific expectation and the feedback of a BerAKHLAK value.

    ``row`` may be the unsaved stand-in of ``Evaluation.perilaku_rows``: the value's row is
    stored on its first write (two first writes at once: the second updates the row the
    first stored). Returns the stored row."""
    if not _is_rater(actor, row.evaluation):
        raise PermissionDenied
    _require_rating_editable(row.evaluation)
    row.expectation = expectation
    row.feedback = feedback
    # The (evaluation, value) uniqueness is the upsert's to keep, not a reason to refuse.
    row.full_clean(validate_constraints=False)
    if row.pk is None:
        row, _created = PerilakuKerja.objects.update_or_create(
            evaluation=row.evaluation, value=row.value, defaults={"expectation": expectation, "feedback": feedback}
        )
    else:
        row.save(update_fields=["expectation", "feedback"])
    return row


def _require_no_objection(evaluation: Evaluation) -> None:
    """Once the employee objects, the rating is the superior's to decide, not the rater's."""
    if Objection.objects.filter(evaluation_id=evaluation.pk).exists():
        raise ValidationError(
            _("Pegawai sudah mengajukan keberatan; perubahan rating diputuskan oleh atasan pejabat penilai.")
        )


def _validate_ratings(evaluation: Evaluation, hasil: str, perilaku: str, *, missing: str) -> None:
    """Both ratings chosen; hasil "di atas" only without an Utama row below; a unit head's
    hasil kerja is the unit's result once the unit predikat is set."""
    valid = {value for value, _label in rules.RATING_CHOICES}
    if hasil not in valid or perilaku not in valid:
        raise ValidationError(missing)
    utama = evaluation.hasil_kerja.filter(kind=HasilKerja.Kind.UTAMA).values_list("rating", flat=True)
    error = rules.hasil_rating_error(hasil, utama)
    if error:
        raise ValidationError({"hasil": error})
    if evaluation.is_unit_head:
        unit = (
            UnitCalibration.objects.filter(cycle_id=evaluation.cycle_id, unit_id=evaluation.unit_id)
            .exclude(unit_predikat="")
            .values_list("unit_predikat", flat=True)
            .first()
        )
        if unit and hasil != rules.HEAD_HASIL_FROM_UNIT[unit]:
            raise ValidationError(
                {
                    "hasil": _("Hasil kerja kepala unit mengikuti predikat unit (%(p)s).")
                    % {"p": dict(rules.UNIT_PREDIKAT_CHOICES)[unit]}
                }
            )


@transaction.atomic
def evaluation_rate(*, evaluation: Evaluation, actor, hasil: str, perilaku: str, reason: str = "") -> Evaluation:
    """The rater submits the hasil kerja and perilaku kerja ratings; the predikat follows
    from the matrix. The employee is told and may then see it."""
    if not _is_rater(actor, evaluation):
        raise PermissionDenied
    _require_rating_editable(evaluation)
    _require_no_objection(evaluation)
    _validate_ratings(evaluation, hasil, perilaku, missing=_("Pilih rating hasil kerja dan perilaku kerja."))
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
            subject=gettext_noop("Penilaian kinerja %(cycle)s sudah tersedia"),
            body=gettext_noop("Predikat kinerja Anda: %(p)s."),
            params={"cycle": evaluation.cycle.name, "p": rules.PREDIKAT_LABELS[evaluation.predikat]},
            url=url,
            dedup_key=f"performance-rated-{evaluation.pk}",
        )
    return evaluation


# --- objections ---


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
            subject=gettext_noop("Keberatan penilaian kinerja dari %(name)s"),
            body="%(reason)s",
            params={"name": evaluation.employee.name, "reason": reason},
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
        missing = _("Keberatan diterima: tetapkan rating hasil kerja dan perilaku kerja yang baru.")
        _validate_ratings(evaluation, hasil, perilaku, missing=missing)
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
            subject=gettext_noop("Keberatan Anda: %(status)s"),
            body="%(reason)s",
            params={"status": Objection.Status(objection.status).label, "reason": reason},
            url=reverse("performance:evaluation", args=[evaluation.pk]),
            dedup_key=f"performance-objection-decided-{objection.pk}",
        )
    return objection


# --- coaching ---


@transaction.atomic
def coaching_action_add(
    *, evaluation: Evaluation, actor, action: str, owner: Employee, due_date: dt.date
) -> CoachingAction:
    """The rater plans a coaching action for a Butuh Perbaikan / Kurang / Sangat Kurang predikat.

    Coaching is the follow-up of a rating, so it goes on after the cycle closes. The plan is
    between the employee and the rater only."""
    if not _is_rater(actor, evaluation):
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
