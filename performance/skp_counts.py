"""Each evaluation's number of SKP rows and of realised ones, stored on ``Evaluation``
(``skp_rows``, ``skp_realised``) so that completion monitoring counts a cycle's SKPs from the
evaluations alone instead of looking up every employee's rows (which grew with the city).

``refresh`` recomputes them from the rows in one UPDATE: the services that add or report a row
call it for that evaluation inside their transaction; bulk writers (the demo) call it once for
the evaluations they wrote. A test compares them with the rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Evaluation, HasilKerja


def _count(rows: QuerySet[HasilKerja]):
    counted = rows.filter(evaluation=OuterRef("pk")).order_by().values("evaluation").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def refresh(evaluations: QuerySet[Evaluation] | Iterable[int]) -> int:
    """Bring ``skp_rows`` and ``skp_realised`` of these evaluations (a queryset, or ids) in line
    with their rows. Returns the number of evaluations updated."""
    qs = evaluations if isinstance(evaluations, QuerySet) else Evaluation.objects.filter(pk__in=list(evaluations))
    return qs.update(
        skp_rows=_count(HasilKerja.objects.all()),
        skp_realised=_count(HasilKerja.objects.exclude(realisation="")),
    )
