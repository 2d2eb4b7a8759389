"""Guards and the audited rating write shared by the service modules."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from positions import selectors as position_selectors
from positions.models import Employee
from semarang_asn.core.services import audit_record, stored_values

from .. import rules
from ..models import (
    CoachingAction,
    Evaluation,
    EvaluationCycle,
    UnitCalibration,
)

Status = EvaluationCycle.Status


def _require_open(cycle: EvaluationCycle) -> None:
    if cycle.status == Status.CLOSED:
        raise ValidationError(_("Siklus sudah ditutup; data penilaian tidak dapat diubah."))
    if cycle.status == Status.DRAFT:
        raise ValidationError(_("Siklus belum dibuka."))


def _unit_closed(evaluation: Evaluation) -> bool:
    return UnitCalibration.objects.filter(
        cycle_id=evaluation.cycle_id, unit_id=evaluation.unit_id, closed_at__isnull=False
    ).exists()


def _require_rating_editable(evaluation: Evaluation) -> None:
    _require_open(evaluation.cycle)
    if _unit_closed(evaluation):
        raise ValidationError(_("Kalibrasi unit sudah ditutup; penilaian tidak dapat diubah."))


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


def _apply_rating(evaluation: Evaluation, *, actor, hasil: str, perilaku: str, action: str, reason: str) -> None:
    """Set both ratings and the predikat, audited; start coaching when the predikat calls for it."""
    stored = stored_values(evaluation, ["hasil_rating", "perilaku_rating", "predikat"])
    before = {"hasil": stored["hasil_rating"], "perilaku": stored["perilaku_rating"], "predikat": stored["predikat"]}
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
