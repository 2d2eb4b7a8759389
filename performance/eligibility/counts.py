"""Counts a snapshot stores with its rows, so pages read them instead of grouping the city.

- ``box_counts``: nine-box placements per OPD and box (the nine-box grid, the merit dashboard);
- ``window_counts``: promotion-list rows per window, OPD and rule (the list's count and the
  runs a page falls in, ``selectors.PromotionList``).

Like ``met_counts`` they are written by the full recompute with the rows and kept current by
the per-employee recompute in the same transaction (minus the employees' old rows, plus their
new ones). ``refresh`` recounts a snapshot from its rows (the migration; tests that write rows
directly); tests/performance/test_eligibility_counts.py compares them with the rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import Count

from . import rules
from .models import EligibilityResult, EligibilitySnapshot, TalentPlacement

PROMOTION_RULES = (rules.KP_REGULER, rules.KP_PILIHAN)
BOX_OPD, BOX_BOX = 2, 9  # places of opd_id and box in a placement row (services.PLACEMENT_COLUMNS)


def window_rows(snapshot_id: int, employee_ids: Iterable[int] | None = None) -> Counter:
    """{(window ISO date, OPD id, rule): rows} of the promotion rules' rows with a window."""
    rows = EligibilityResult.objects.filter(
        snapshot_id=snapshot_id, rule__in=PROMOTION_RULES, window_date__isnull=False
    )
    if employee_ids is not None:
        rows = rows.filter(employee_id__in=list(employee_ids))
    grouped = rows.values_list("window_date", "opd_id", "rule").annotate(n=Count("*")).order_by()
    return Counter({(window.isoformat(), opd, rule): n for window, opd, rule, n in grouped})


def box_rows(snapshot_id: int, employee_ids: Iterable[int] | None = None) -> Counter:
    """{(OPD id, box): placements} of the snapshot's stored placements."""
    rows = TalentPlacement.objects.filter(snapshot_id=snapshot_id)
    if employee_ids is not None:
        rows = rows.filter(employee_id__in=list(employee_ids))
    grouped = rows.values_list("opd_id", "box").annotate(n=Count("*")).order_by()
    return Counter({(opd, box): n for opd, box, n in grouped})


def boxes_of(placements: Iterable[tuple]) -> Counter:
    """{(OPD id, box): n} of placement rows about to be written (services.PLACEMENT_COLUMNS)."""
    return Counter((row[BOX_OPD], row[BOX_BOX]) for row in placements)


def stored(counts: Counter) -> list[list]:
    """The JSON form: [*key, n] rows in key order, without zeros."""
    return [[*key, n] for key, n in sorted(counts.items(), key=lambda item: repr(item[0])) if n]


def loaded(rows: list[list]) -> Counter:
    return Counter({tuple(row[:-1]): row[-1] for row in rows})


def applied(rows: list[list], *, minus: Counter, plus: Counter) -> list[list]:
    """Stored ``rows`` less ``minus`` and plus ``plus``."""
    counts = loaded(rows)
    counts.subtract(minus)
    counts.update(plus)
    return stored(counts)


def refresh(snapshot: EligibilitySnapshot) -> None:
    """Recount the snapshot's stored counts from its rows."""
    snapshot.box_counts = stored(box_rows(snapshot.pk))
    snapshot.window_counts = stored(window_rows(snapshot.pk))
    EligibilitySnapshot.objects.filter(pk=snapshot.pk).update(
        box_counts=snapshot.box_counts, window_counts=snapshot.window_counts
    )
