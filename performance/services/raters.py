"""HR names one rater for many evaluations of a cycle in one audited, set-based action."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from positions.models import Employee
from semarang_asn.core import roles
from semarang_asn.core.bulk import BULK_MAX
from semarang_asn.core.services import audit_bulk

from ..models import Evaluation, EvaluationCycle
from ._common import _require_open
from .evaluations import named_rater_seat, superior_above


@transaction.atomic
def evaluations_set_rater(
    *,
    cycle: EvaluationCycle,
    evaluation_ids: list[int],
    rater: Employee,
    actor,
    reason: str,
    below_level: bool = False,
) -> int:
    """Name ``rater`` for every chosen evaluation of an open cycle, by the same rules as
    ``evaluation_set_rater`` for one: at least Pengawas level unless HR marks the exception,
    nobody rates themself, the atasan penilai is the first holder above the rater's seat and
    never the employee rated. All or nothing; one UPDATE per distinct atasan (one in
    practice) and one audit insert. Returns the number of evaluations changed."""
    from .cycles import org_tree

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
    own = [e.employee.name for e in rows if e.employee_id == rater.pk]
    if own:
        raise ValidationError({"rater_nip": _("Pegawai tidak dapat menilai dirinya sendiri: %(n)s.") % {"n": own[0]}})
    tree = org_tree(min(timezone.localdate(), cycle.period_end))
    seat = named_rater_seat(tree, rater, below_level=below_level)
    usual = superior_above(tree, rater, seat, employee_id=rater.pk)
    superior_of = {
        e.pk: superior_above(tree, rater, seat, employee_id=e.employee_id) if e.employee_id == usual else usual
        for e in rows
    }
    for superior_id in set(superior_of.values()):
        chosen = [pk for pk, sup in superior_of.items() if sup == superior_id]
        Evaluation.objects.filter(pk__in=chosen).update(
            rater=rater, rater_superior_id=superior_id, rater_position_id=seat
        )
    audit_bulk(
        actor=actor,
        action="performance.rater_set",
        rows=[
            (
                e,
                {"rater": e.rater_id, "rater_superior": e.rater_superior_id},
                {"rater": rater.pk, "rater_superior": superior_of[e.pk], "bulk": len(ids)}
                | ({"below_level": True} if below_level else {}),
            )
            for e in rows
        ],
        reason=reason,
    )
    return len(ids)
