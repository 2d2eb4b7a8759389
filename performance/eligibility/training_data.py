"""JP and leadership training, read from the training app's selectors."""

from __future__ import annotations

from decimal import Decimal

from semarang_asn.core.rows import Read
from training import rules as training_rules
from training import selectors as training_selectors

YEARLY_JP_TARGET = training_rules.YEARLY_JP_TARGET


def jp_totals(*, year: int, employee_ids=None) -> dict[int, Decimal]:
    return training_selectors.jp_totals(year=year, employee_ids=employee_ids)


def leadership_held(*, employee_ids=None) -> dict[int, set[str]]:
    return training_selectors.leadership_training_held(employee_ids=employee_ids)


def jp_totals_read(*, year: int, employee_ids=None) -> Read:
    return training_selectors.jp_totals_read(year=year, employee_ids=employee_ids)


def leadership_held_read(*, employee_ids=None) -> Read:
    return training_selectors.leadership_training_held_read(employee_ids=employee_ids)
