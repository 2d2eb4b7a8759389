from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from semarang_asn.core.services import audit_record

from .aspects import ASPECT_CHOICES
from .models import MeritAspectScore


@transaction.atomic
def merit_score_save(*, actor, year: int, aspect: str, score: int, note: str = "") -> MeritAspectScore:
    """Record HR's self-assessment of one aspect for a year (audited, before and after)."""
    if aspect not in dict(ASPECT_CHOICES):
        raise ValidationError(_("Aspek tidak dikenal."))
    row = MeritAspectScore.objects.select_for_update().filter(year=year, aspect=aspect).first()
    before = {"score": row.score, "note": row.note} if row else None
    row = row or MeritAspectScore(year=year, aspect=aspect)
    row.score, row.note = score, note.strip()
    row.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    row.full_clean()
    row.save()
    audit_record(
        actor=actor, action="merit.self_assessment", target=row, before=before, after={"score": score, "note": row.note}
    )
    return row
