"""Calibration of a unit against the distribution curve."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from semarang_asn.core import roles
from semarang_asn.core.services import audit_record

from .. import kept_counts, rules
from ..models import (
    Evaluation,
    EvaluationCount,
    EvaluationCycle,
    Objection,
    UnitCalibration,
)
from ._common import _apply_rating, _me

Status = EvaluationCycle.Status


def can_calibrate(actor, calibration: UnitCalibration) -> bool:
    """HR, or the head of the unit (the unit-head evaluation's employee in that unit)."""
    if roles.is_hr(actor):
        return True
    me = _me(actor)
    return (
        me is not None
        and Evaluation.objects.filter(
            cycle_id=calibration.cycle_id, unit_id=calibration.unit_id, employee=me, is_unit_head=True
        ).exists()
    )


def unit_predikat_counts(calibration: UnitCalibration) -> dict[str, int]:
    """The predikat the curve counts: the employees under the unit's head, not the head, who
    is rated by their own superior and takes the unit's result as their hasil kerja. Read from
    the unit's kept counts (performance.kept_counts), else counted from its evaluations."""
    if kept_counts.kept():
        rows = (
            EvaluationCount.objects.filter(cycle_id=calibration.cycle_id, unit_key=calibration.unit_id)
            .exclude(predikat="")
            .order_by()
            .values_list("predikat")
            .annotate(n=Sum(F("evaluations") - F("unit_heads")))
            .filter(n__gt=0)
        )
        return dict(rows)
    rows = (
        Evaluation.objects.filter(cycle_id=calibration.cycle_id, unit_id=calibration.unit_id, is_unit_head=False)
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
    heads = Evaluation.objects.filter(cycle_id=calibration.cycle_id, unit_id=calibration.unit_id, is_unit_head=True)
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
def calibration_close(
    *, calibration: UnitCalibration, actor, justification: str = "", today: dt.date | None = None
) -> UnitCalibration:
    """Close a unit's calibration. Each breach of the curve is recorded; closing with a
    breach needs a written justification. The unit's predikat are final only once no
    employee can still object: after the objection window, with every objection decided."""
    today = today or timezone.localdate()
    if not can_calibrate(actor, calibration):
        raise PermissionDenied
    calibration = UnitCalibration.objects.select_for_update().get(pk=calibration.pk)
    if calibration.cycle.status != Status.CALIBRATION or calibration.is_closed:
        raise ValidationError(_("Kalibrasi unit ini tidak dapat ditutup."))
    if today <= calibration.cycle.objection_deadline:
        raise ValidationError(
            _("Masa keberatan berlangsung sampai %(d)s; kalibrasi unit dapat ditutup sesudahnya.")
            % {"d": date_format(calibration.cycle.objection_deadline, "DATE_FORMAT")}
        )
    pending = Objection.objects.filter(
        evaluation__cycle_id=calibration.cycle_id,
        evaluation__unit_id=calibration.unit_id,
        status=Objection.Status.PENDING,
    ).count()
    if pending:
        raise ValidationError(
            _("Masih ada %(n)s keberatan yang belum diputuskan atasan pejabat penilai.") % {"n": pending}
        )
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
