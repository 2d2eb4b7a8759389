"""HR names one rater for many evaluations of a cycle in one audited, set-based action."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from positions import selectors as position_selectors
from positions.models import Employee
from semarang_asn.core import roles
from semarang_asn.core.bulk import BULK_MAX
from semarang_asn.core.services import audit_bulk

from ..models import Evaluation, EvaluationCycle
from ._common import _require_open


def _superior_of(rater: Employee, cycle: EvaluationCycle) -> Employee | None:
    """The rater's own superior, as ``evaluation_set_rater`` brings it for one evaluation."""
    return position_selectors.direct_superior(rater, cycle.period_end)


@transaction.atomic
def evaluations_set_rater(
    *, cycle: EvaluationCycle, evaluation_ids: list[int], rater: Employee, actor, reason: str
) -> int:
    """Name ``rater`` for every chosen evaluation of an open cycle, with the rater's own
    superior as the atasan penilai: one UPDATE and one audit insert, all or nothing. The
    same rules as for one evaluation: nobody rates themself, the superior is another
    person than the employee. Returns the number of evaluations changed."""
    if not roles.is_hr(actor):
        raise PermissionDenied
    _require_open(cycle)
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan wajib diisi.")})
    ids = sorted(set(evaluation_ids))
    if not ids:
        raise ValidationError(_("Pilih setidaknya satu penilaian."))
    if len(ids) > BULK_MAX:
        raise ValidationError(_("Paling banyak %(n)s penilaian sekali tetapkan.") % {"n": BULK_MAX})
    rows = list(
        Evaluation.objects.select_for_update(of=("self",))
        .filter(cycle=cycle, pk__in=ids)
        .select_related("employee", "cycle")
        .order_by("pk")
    )
    if len(rows) != len(ids):
        raise ValidationError(_("Sebagian penilaian yang dipilih bukan bagian dari siklus ini."))
    superior = _superior_of(rater, cycle)
    own = [e.employee.name for e in rows if e.employee_id == rater.pk]
    if own:
        raise ValidationError({"rater_nip": _("Pegawai tidak dapat menilai dirinya sendiri: %(n)s.") % {"n": own[0]}})
    if superior is not None and any(e.employee_id == superior.pk for e in rows):
        # Nobody decides objections to their own rating: that row needs a superior named by hand.
        superior = None
    Evaluation.objects.filter(pk__in=ids).update(rater=rater, rater_superior=superior)
    after = {"rater": rater.pk, "rater_superior": superior.pk if superior else None, "bulk": len(ids)}
    audit_bulk(
        actor=actor,
        action="performance.rater_set",
        rows=[(e, {"rater": e.rater_id, "rater_superior": e.rater_superior_id}, after) for e in rows],
        reason=reason,
    )
    return len(ids)
