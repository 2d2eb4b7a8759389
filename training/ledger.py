"""Writes to the JP ledger (``JpCredit``) and the yearly totals kept beside it
(``JpYearTotal``: per employee and calendar year, the sum of their credits of that year).

The services credit and withdraw JP only through ``credit_create`` / ``credit_delete``, which
move the total in the same transaction by an atomic increment (two credits at once both
count). Bulk writers that insert credits directly (``seed_demo``) call ``refresh`` for the
employees they wrote; ``refresh`` recomputes totals from the ledger in two set-based
statements and is what the consistency test compares against.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.db.models import Sum

from .models import JpCredit, JpYearTotal

CHUNK = 5000


def credit_create(**fields) -> JpCredit:
    """Write one ledger row (the caller's fields) and add its JP to the employee's year."""
    credit = JpCredit.objects.create(**fields)
    _add(credit.employee_id, credit.year, credit.jp)
    return credit


def credit_delete(credit: JpCredit) -> None:
    """Remove one ledger row and take its JP off the employee's year."""
    employee_id, year, jp = credit.employee_id, credit.year, credit.jp
    credit.delete()
    _add(employee_id, year, -jp)


def _add(employee_id: int, year: int, jp: Decimal) -> None:
    if not jp:
        return
    table = JpYearTotal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (employee_id, year, jp) VALUES (%s, %s, %s) "  # noqa: S608 (model's table)
            f"ON CONFLICT (year, employee_id) DO UPDATE SET jp = {table}.jp + excluded.jp",
            [employee_id, year, jp],
        )
    if jp < 0:
        # No row means 0 JP: a year whose credits are all gone leaves nothing behind.
        JpYearTotal.objects.filter(employee_id=employee_id, year=year, jp=0).delete()


def refresh(employee_ids: Iterable[int] | None = None) -> None:
    """Recompute the totals of these employees (None: everyone) from the ledger."""
    if employee_ids is None:
        _rebuild(None)
        return
    ids = sorted({int(pk) for pk in employee_ids})
    for i in range(0, len(ids), CHUNK):
        _rebuild(ids[i : i + CHUNK])


def _rebuild(ids: list[int] | None) -> None:
    totals = JpYearTotal.objects.all()
    credits = JpCredit.objects.all()
    if ids is not None:
        totals = totals.filter(employee_id__in=ids)
        credits = credits.filter(employee_id__in=ids)
    totals.delete()
    grouped = credits.values("employee_id", "year").annotate(total=Sum("jp")).filter(total__gt=0).order_by()
    sums, params = grouped.query.sql_with_params()
    table = JpYearTotal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (employee_id, year, jp) {sums}", params)
