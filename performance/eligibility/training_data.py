"""JP and leadership training from the training app, or None ("unknown") while it provides none."""

from __future__ import annotations

from decimal import Decimal


def _selectors():
    try:
        from training import selectors
    except ImportError:
        return None
    return selectors


def jp_totals(*, year: int, employee_ids=None) -> dict[int, Decimal] | None:
    selectors = _selectors()
    return None if selectors is None else selectors.jp_totals(year=year, employee_ids=employee_ids)


def leadership_held(*, employee_ids=None) -> dict[int, set[str]] | None:
    selectors = _selectors()
    return None if selectors is None else selectors.leadership_training_held(employee_ids=employee_ids)
